/**
 * Images of organisations and projects (AIoD v2 §2.5.6) on both dialects: upload, replace, read
 * and delete through `/{type}/{id}/image`, `get_image` on reads, the blob guard on writes, and the
 * permission and visibility rules around them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, type Principal } from '../src/auth/principal.ts';
import { openTestCatalogue, type TestCatalogue, testUser } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { call, del, errorDetail, get, patch, post, put, type TestResponse } from './helpers/http.ts';

const alice = testUser('alice');
const bob = testUser('bob');
const deleter = testUser('dan', ['delete_organisations']);

/** The eight bytes every PNG file starts with, then some bytes: enough for the routes, which do not decode images. */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const GIF = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 5, 6]);
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe.each(dialects)('images on %s', (dialect) => {
  let t: TestCatalogue;
  const as = (principal: Principal) => t.appAs(principal);

  async function upload(
    principal: Principal,
    method: 'POST' | 'PUT',
    path: string,
    bytes: Uint8Array,
    type = 'image/png',
    catalogue: TestCatalogue = t,
  ): Promise<TestResponse> {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type }), 'image');
    const response = await catalogue.appAs(principal).request(path, { method, body: form });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers, text };
  }

  async function created(principal: Principal, plural: string, body: Record<string, unknown>): Promise<string> {
    const response = await post(as(principal), `/${plural}`, body);
    expect(response.status, response.text).toBe(200);
    return response.body.identifier as string;
  }

  beforeAll(async () => {
    t = await openTestCatalogue(dialect, { settings: { UPLOAD_RATE_LIMIT: '1000', DISABLE_REVIEWS: 'true' } });
  });
  afterAll(async () => t.close());

  it('uploads an image as a media item, serves it on the image route and with get_image=true only', async () => {
    const identifier = await created(alice, 'organisations', { name: 'Imaged Org', media: [{ name: 'brochure', content_url: 'https://example.org/b.pdf' }] });
    const before = (await get(as(alice), `/organisations/${identifier}`)).body;

    const uploaded = await upload(alice, 'POST', `/organisations/${identifier}/image?name=logo`, PNG);
    expect(uploaded.status, uploaded.text).toBe(200);
    expect(uploaded.body).toEqual({ identifier });

    const images = await get(as(anonymous), `/organisations/${identifier}/image`);
    expect(images.status).toBe(200);
    expect(images.body).toEqual([{ name: 'logo', encoding_format: 'image/png', binary_blob: base64(PNG) }]);

    const plain = (await get(as(anonymous), `/organisations/${identifier}`)).body;
    expect(plain.media).toEqual([{ name: 'brochure', content_url: 'https://example.org/b.pdf' }, { name: 'logo', encoding_format: 'image/png' }]);
    expect(plain.aiod_entry.date_modified > before.aiod_entry.date_modified).toBe(true);
    const withImages = (await get(as(anonymous), `/organisations/${identifier}?get_image=true`)).body;
    expect(withImages.media[1]).toEqual({ name: 'logo', encoding_format: 'image/png', binary_blob: base64(PNG) });
    const v2 = (await get(as(anonymous), `/v2/organisations/${identifier}?get_image=true`)).body;
    expect(v2.media[1].binary_blob).toBe(base64(PNG));

    const listed = (await get(as(anonymous), '/organisations?limit=1000&get_image=true')).body as Array<{ identifier: string; media: unknown[] }>;
    expect(listed.find((item) => item.identifier === identifier)?.media[1]).toEqual(withImages.media[1]);
    const listedPlain = (await get(as(anonymous), '/organisations?limit=1000')).body as Array<{ identifier: string; media: unknown[] }>;
    expect(listedPlain.find((item) => item.identifier === identifier)?.media[1]).toEqual({ name: 'logo', encoding_format: 'image/png' });
    // Search results and /assets/{id} show the asset as reads do: without the bytes.
    expect((await get(as(anonymous), `/assets/${identifier}`)).body.media[1]).toEqual({ name: 'logo', encoding_format: 'image/png' });
  });

  it('replaces and deletes an image by name, with AIoD\'s errors', async () => {
    const identifier = await created(alice, 'projects', { name: 'Imaged Project' });
    const path = `/projects/${identifier}/image`;
    expect((await upload(alice, 'POST', `${path}?name=poster`, PNG)).status).toBe(200);

    const duplicate = await upload(alice, 'POST', `${path}?name=poster`, PNG);
    expect(duplicate.status).toBe(409);
    const wrongType = await upload(alice, 'POST', `${path}?name=notes`, PNG, 'text/plain');
    expect(wrongType.status).toBe(415);
    const tooLarge = await upload(alice, 'POST', `${path}?name=huge`, new Uint8Array(1024 * 1024 + 1), 'image/png');
    expect(tooLarge.status).toBe(413);
    expect(errorDetail(tooLarge)).toBe('File too large (max 1MB).');
    const noName = await upload(alice, 'POST', path, PNG);
    expect(noName.status).toBe(422);
    const noFile = await call(as(alice), 'POST', `${path}?name=empty`, { json: { file: 'not a file' } });
    expect(noFile.status).toBe(422);
    expect(JSON.stringify(errorDetail(noFile))).toContain('file');

    const replaced = await upload(alice, 'PUT', `${path}?name=poster`, GIF, 'image/gif');
    expect(replaced.status, replaced.text).toBe(200);
    expect((await get(as(alice), path)).body).toEqual([{ name: 'poster', encoding_format: 'image/gif', binary_blob: base64(GIF) }]);
    expect((await upload(alice, 'PUT', `${path}?name=missing`, GIF, 'image/gif')).status).toBe(404);

    expect((await del(as(alice), `${path}?name=missing`)).status).toBe(404);
    const deleted = await del(as(alice), `${path}?name=poster`);
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.body).toBeNull();
    expect((await get(as(alice), path)).body).toEqual([]);
    expect((await get(as(alice), `/projects/${identifier}`)).body.media ?? []).toEqual([]);
  });

  it('needs the rights to edit (upload, replace) and to delete (delete) the asset', async () => {
    const identifier = await created(alice, 'organisations', { name: 'Guarded Org' });
    const path = `/organisations/${identifier}/image`;
    expect((await upload(anonymous, 'POST', `${path}?name=logo`, PNG)).status).toBe(401);
    const refused = await upload(bob, 'POST', `${path}?name=logo`, PNG);
    expect(refused.status).toBe(403);
    expect(errorDetail(refused)).toBe('You do not have permission to edit organisations.');
    expect((await upload(alice, 'POST', `${path}?name=logo`, PNG)).status).toBe(200);
    expect((await del(as(bob), `${path}?name=logo`)).status).toBe(403);
    expect((await del(as(deleter), `${path}?name=logo`)).status).toBe(200);
    // Datasets have no images (an upload there is a non-JSON body on a JSON route).
    const dataset = await created(alice, 'datasets', { name: 'D' });
    expect((await get(as(alice), `/datasets/${dataset}/image`)).status).toBe(404);
    expect((await upload(alice, 'POST', `/datasets/${dataset}/image?name=x`, PNG)).status).toBe(415);
  });

  it('keeps a draft\'s images from people who may not see the draft', async () => {
    const reviewed = await openTestCatalogue(dialect, { settings: { UPLOAD_RATE_LIMIT: '1000' } });
    try {
      const asUser = (principal: Principal) => reviewed.appAs(principal);
      const draft = (await post(asUser(alice), '/organisations', { name: 'Draft Org' })).body.identifier as string;
      expect((await upload(alice, 'POST', `/organisations/${draft}/image?name=logo`, PNG, 'image/png', reviewed)).status).toBe(200);
      expect((await get(asUser(anonymous), `/organisations/${draft}/image`)).status).toBe(401);
      expect((await get(asUser(bob), `/organisations/${draft}/image`)).status).toBe(403);
      expect((await get(asUser(alice), `/organisations/${draft}/image`)).body).toHaveLength(1);
    } finally {
      await reviewed.close();
    }
  });

  it('refuses blobs in write bodies, but keeps stored images through a read, edit and write back', async () => {
    const refused = await post(as(alice), '/organisations', { name: 'Blob', media: [{ name: 'logo', binary_blob: base64(PNG) }] });
    expect(refused.status).toBe(400);
    expect(errorDetail(refused)).toBe('Setting `binary_blob` is forbidden. Consider using `content_url` instead.');
    expect((await post(as(alice), '/datasets', { name: 'Blob', distribution: [{ name: 'f', binary_blob: 'AAAA' }] })).status).toBe(400);

    const identifier = await created(alice, 'organisations', { name: 'Kept Org' });
    expect((await upload(alice, 'POST', `/organisations/${identifier}/image?name=logo`, PNG)).status).toBe(200);
    const read = (await get(as(alice), `/organisations/${identifier}`)).body;
    const { identifier: _id, aiod_entry: _entry, contacts: _contacts, ai_resource_identifier: _r, agent_identifier: _a, ...body } = read;

    // The read object (no bytes) written back: the image keeps its bytes.
    expect((await put(as(alice), `/organisations/${identifier}`, { ...body, name: 'Kept Org 2' })).status).toBe(200);
    expect((await get(as(alice), `/organisations/${identifier}/image`)).body).toEqual([{ name: 'logo', encoding_format: 'image/png', binary_blob: base64(PNG) }]);
    // The stored bytes sent back unchanged are accepted.
    const { media: _media, ...withoutMedia } = body;
    const withBytes = (await get(as(alice), `/organisations/${identifier}?get_image=true`)).body.media;
    expect((await put(as(alice), `/organisations/${identifier}`, { ...withoutMedia, media: withBytes })).status).toBe(200);
    expect((await get(as(alice), `/organisations/${identifier}/image`)).body).toHaveLength(1);
    // Other bytes are refused, by PUT and by PATCH.
    const changed = [{ ...withBytes[0], binary_blob: base64(GIF) }];
    expect((await put(as(alice), `/organisations/${identifier}`, { ...withoutMedia, media: changed })).status).toBe(400);
    expect((await patch(as(alice), `/organisations/${identifier}`, { media: changed })).status).toBe(400);
    expect((await patch(as(alice), `/organisations/${identifier}`, { name: 'Patched' })).status).toBe(200);
    expect((await get(as(alice), `/organisations/${identifier}/image`)).body).toHaveLength(1);
    // A PUT replaces the whole asset: without media, the image goes too (AIoD would keep it).
    expect((await put(as(alice), `/organisations/${identifier}`, withoutMedia)).status).toBe(200);
    expect((await get(as(alice), `/organisations/${identifier}/image`)).body).toEqual([]);
  });
});
