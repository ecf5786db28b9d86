/**
 * AIoD v2's governance rules with the same messages and status codes: who may create, see, edit,
 * delete and administer assets; the review workflow; bookmarks; /user/resources; the upload rate
 * limit; masking. Principals are injected as the token authenticator would produce them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, type Principal } from '../src/auth/principal.ts';
import { openTestCatalogue, type TestCatalogue, testUser } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { call, del, errorDetail, get, patch, post, put } from './helpers/http.ts';

const alice = testUser('alice');
const bob = testUser('bob');
const reviewer = testUser('rita', ['review_aiod_resources']);
const admin = testUser('ada', ['admin_aiod_resources']);
const connector = testUser('service-account-example', ['platform_example']);
const updater = testUser('ursula', ['update_datasets']);
const deleter = testUser('dan', ['delete_datasets']);

describe.each(dialects)('governance on %s', (dialect) => {
  let t: TestCatalogue;
  const as = (principal: Principal) => t.appAs(principal);

  beforeAll(async () => {
    t = await openTestCatalogue(dialect, { settings: { UPLOAD_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => t.close());

  async function aliceDraft(plural = 'datasets', body: Record<string, unknown> = { name: 'Alice draft' }): Promise<string> {
    const response = await post(as(alice), `/${plural}`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.identifier as string;
  }

  describe('creating', () => {
    it('needs a signed-in user; a user\'s asset is a draft on platform aiod, and its creator administers it', async () => {
      const refused = await post(as(anonymous), '/datasets', { name: 'Anonymous' });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      const identifier = await aliceDraft();
      const read = (await get(as(alice), `/datasets/${identifier}`)).body;
      expect(read.aiod_entry.status).toBe('draft');
      expect(read.platform).toBe('aiod');
      expect((await get(as(alice), `/assets/permissions/${identifier}`)).body).toEqual([{ name: 'alice', permission: 'admin' }]);
    });

    it('refuses platform fields from users (403) and the wrong platform from connectors', async () => {
      const user403 = await post(as(alice), '/datasets', { name: 'X', platform: 'example', platform_resource_identifier: '1' });
      expect(user403.status).toBe(403);
      expect(errorDetail(user403)).toBe('No permission to set platform or platform resource identifier.');
      const wrongPlatform = await post(as(connector), '/datasets', { name: 'X', platform: 'openml', platform_resource_identifier: '1' });
      expect(wrongPlatform.status).toBe(403);
      expect(errorDetail(wrongPlatform)).toBe('No permission to upload assets for openml platform.');
      expect((await post(as(connector), '/datasets', { name: 'X' })).status).toBe(403);
    });

    it('publishes what connectors write at once', async () => {
      const created = await post(as(connector), '/datasets', { name: 'Harvested', platform: 'example', platform_resource_identifier: 'h1' });
      expect(created.status).toBe(200);
      expect((await get(as(anonymous), `/datasets/${created.body.identifier}`)).body.aiod_entry.status).toBe('published');
    });
  });

  describe('seeing drafts', () => {
    it('hides a draft from everyone without a permission, on every route, as AIoD answers', async () => {
      const identifier = await aliceDraft('datasets', { name: 'Secret draft', distribution: [{ content_url: 'https://example.org/f' }] });
      const routes = [
        `/datasets/${identifier}`,
        `/v2/datasets/${identifier}`,
        `/assets/${identifier}`,
        `/platforms/aiod/datasets/${identifier}`,
        `/datasets/${identifier}/content`,
        `/ai_assets/${identifier}`,
        `/ai_resources/${identifier}`,
      ];
      for (const path of routes) {
        const forAnonymous = await get(as(anonymous), path);
        expect(forAnonymous.status, path).toBe(401);
        expect(errorDetail(forAnonymous), path).toBe('This asset is not published. It requires authentication to access.');
        const forBob = await get(as(bob), path);
        expect(forBob.status, path).toBe(403);
        expect(errorDetail(forBob), path).toBe('You are not allowed to view this resource.');
      }
      for (const principal of [alice, admin]) {
        expect((await get(as(principal), `/datasets/${identifier}`)).status).toBe(200);
        expect((await get(as(principal), `/assets/${identifier}`)).status).toBe(200);
        expect((await t.appWith(async () => principal).request(`/datasets/${identifier}/content`)).status).toBe(303);
      }
      for (const principal of [anonymous, bob, alice, admin]) {
        const list = (await get(as(principal), '/datasets?limit=1000')).body as Array<{ identifier: string }>;
        expect(list.some((item) => item.identifier === identifier)).toBe(false);
      }
    });

    it('embeds a draft contact only for callers who may see it', async () => {
      const contact = await aliceDraft('contacts', { name: 'Alice private desk', email: ['alice@example.org'] });
      const dataset = (await post(as(connector), '/datasets', { name: 'Public', platform: 'example', platform_resource_identifier: 'p-embed', contact: [contact] })).body.identifier;
      for (const principal of [anonymous, bob]) {
        const read = (await get(as(principal), `/datasets/${dataset}`)).body;
        expect(read.contact).toEqual([contact]);
        expect(read.contacts).toEqual([]);
      }
      for (const principal of [alice, admin]) {
        expect((await get(as(principal), `/datasets/${dataset}`)).body.contacts.map((item: { identifier: string }) => item.identifier)).toEqual([contact]);
      }
    });

    it('masks contact e-mail addresses for anonymous callers everywhere', async () => {
      const contact = (await post(as(connector), '/contacts', { name: 'Desk', email: ['desk@example.org'], platform: 'example', platform_resource_identifier: 'desk' })).body.identifier;
      const dataset = (await post(as(connector), '/datasets', { name: 'With desk', platform: 'example', platform_resource_identifier: 'desk-data', contact: [contact] })).body.identifier;
      const anonymousViews = [
        (await get(as(anonymous), `/contacts/${contact}`)).body,
        (await get(as(anonymous), `/assets/${contact}`)).body,
        (await get(as(anonymous), '/platforms/example/contacts/desk')).body,
        ((await get(as(anonymous), '/contacts?limit=1000')).body as Array<{ identifier: string }>).find((item) => item.identifier === contact),
        (await get(as(anonymous), `/datasets/${dataset}`)).body.contacts[0],
        (await get(as(anonymous), `/ai_resources/${dataset}`)).body.contacts[0],
      ];
      for (const view of anonymousViews) expect(view).toMatchObject({ email: ['******'] });
      expect((await get(as(bob), `/contacts/${contact}`)).body.email).toEqual(['desk@example.org']);
      expect((await get(as(bob), `/datasets/${dataset}`)).body.contacts[0].email).toEqual(['desk@example.org']);
    });
  });

  describe('editing and deleting', () => {
    it('lets owners, write holders, update_<type> roles and administrators edit; nobody else', async () => {
      const identifier = await aliceDraft();
      const refused = await put(as(bob), `/datasets/${identifier}`, { name: 'Bob was here' });
      expect(refused.status).toBe(403);
      expect(errorDetail(refused)).toBe('You do not have permission to edit datasets.');
      expect((await put(as(anonymous), `/datasets/${identifier}`, { name: 'X' })).status).toBe(401);
      for (const principal of [alice, updater, admin]) {
        expect((await patch(as(principal), `/datasets/${identifier}`, { version: principal.username })).status, principal.username ?? '').toBe(200);
      }
      expect((await post(as(alice), '/assets/permissions', { asset_identifier: identifier, user: 'bob', permission_type: 'write' })).status).toBe(200);
      expect((await patch(as(bob), `/datasets/${identifier}`, { version: 'bob' })).status).toBe(200);
      const bobDelete = await del(as(bob), `/datasets/${identifier}`);
      expect(bobDelete.status).toBe(403);
      expect(errorDetail(bobDelete)).toBe('You do not have permission to delete datasets.');
      expect((await del(as(deleter), `/datasets/${identifier}`)).status).toBe(200);
    });

    it('lets a connector change and delete only assets of its own platform', async () => {
      const own = (await post(as(connector), '/datasets', { name: 'Own', platform: 'example', platform_resource_identifier: 'own' })).body.identifier;
      const other = await aliceDraft();
      expect((await patch(as(connector), `/datasets/${own}`, { version: '2' })).status).toBe(200);
      expect((await patch(as(connector), `/datasets/${other}`, { version: '2' })).status).toBe(403);
      expect((await del(as(connector), `/datasets/${own}`)).status).toBe(200);
    });
  });

  describe('managing permissions', () => {
    it('grants, lists and removes permissions by username or subject, never one\'s own', async () => {
      const identifier = await aliceDraft();
      await get(as(bob), '/datasets');
      expect((await post(as(alice), '/assets/permissions', { asset_identifier: identifier, user: 'bob', permission_type: 'read' })).status).toBe(200);
      expect((await get(as(bob), `/datasets/${identifier}`)).status).toBe(200);
      const subject = '0f8b9a2c-1d3e-4f5a-9b8c-7d6e5f4a3b2c';
      expect((await post(as(alice), '/assets/permissions', { asset_identifier: identifier, user: subject, permission_type: 'write' })).status).toBe(200);
      expect((await get(as(alice), `/assets/permissions/${identifier}`)).body).toEqual([
        { name: subject, permission: 'write' },
        { name: 'alice', permission: 'admin' },
        { name: 'bob', permission: 'read' },
      ]);
      const own = await post(as(alice), '/assets/permissions', { asset_identifier: identifier, user: 'alice', permission_type: 'read' });
      expect(own.status).toBe(422);
      expect(errorDetail(own)).toBe('You cannot change permissions that pertain to yourself.');
      const stranger = await post(as(alice), '/assets/permissions', { asset_identifier: identifier, user: 'nobody', permission_type: 'read' });
      expect(stranger.status).toBe(404);
      expect(errorDetail(stranger)).toContain('User with name nobody not found.');
      expect((await get(as(bob), `/assets/permissions/${identifier}`)).status).toBe(403);
      expect((await post(as(bob), '/assets/permissions', { asset_identifier: identifier, user: 'alice', permission_type: null })).status).toBe(403);
      expect((await post(as(alice), '/assets/permissions', { asset_identifier: identifier, user: 'bob', permission_type: null })).status).toBe(200);
      expect((await get(as(bob), `/datasets/${identifier}`)).status).toBe(403);
      expect((await post(as(alice), '/assets/permissions', { asset_identifier: 'data_AAAAAAAAAAAAAAAAAAAAAAAA', user: 'bob', permission_type: 'read' })).status).toBe(404);
    });
  });

  describe('the review workflow', () => {
    it('takes drafts through submission and review to published and listed', async () => {
      const dataset = await aliceDraft('datasets', { name: 'To be reviewed' });
      const contact = await aliceDraft('contacts', { name: 'Reviewed contact' });
      const before = (await get(as(alice), `/datasets/${dataset}`)).body.aiod_entry.date_modified;
      const countBefore = (await get(as(anonymous), '/counts/datasets')).body;

      expect((await post(as(bob), '/submissions', { asset_identifiers: [dataset] })).status).toBe(403);
      const submitted = await post(as(alice), '/submissions', { asset_identifiers: [dataset, contact], comment: 'Please review' });
      expect(submitted.status).toBe(200);
      const submission = submitted.body.submission_identifier as number;
      expect((await get(as(alice), `/datasets/${dataset}`)).body.aiod_entry.status).toBe('submitted');
      const again = await post(as(alice), '/submissions', { asset_identifiers: [dataset] });
      expect(again.status).toBe(400);
      expect(errorDetail(again)).toBe(`Cannot submit dataset ${dataset} since it has 'submitted' status.`);
      expect(errorDetail(await put(as(alice), `/datasets/${dataset}`, { name: 'Changed' }))).toBe('You cannot edit an asset under submission.');
      expect((await del(as(alice), `/datasets/${dataset}`)).status).toBe(403);

      expect((await get(as(alice), '/submissions?mode=all')).body.map((item: { identifier: number }) => item.identifier)).toContain(submission);
      expect((await get(as(bob), '/submissions?mode=all')).body).toEqual([]);
      const queue = await get(as(reviewer), '/submissions?mode=oldest');
      expect(queue.body).toHaveLength(1);
      expect(Object.keys(queue.body[0]).sort()).toEqual(['comment', 'identifier', 'request_date']);
      const detail = await get(as(reviewer), `/submissions/${submission}`);
      expect(detail.body.comment).toBe('Please review');
      expect(detail.body.assets.map((asset: { identifier: string }) => asset.identifier).sort()).toEqual([contact, dataset].sort());
      expect((await get(as(bob), `/submissions/${submission}`)).status).toBe(403);

      expect((await post(as(bob), '/reviews', { submission_identifier: submission, decision: 'accepted' })).status).toBe(403);
      const accepted = await post(as(reviewer), '/reviews', { submission_identifier: submission, decision: 'accepted', comment: 'Looks good' });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ decision: 'accepted', comment: 'Looks good', submission_identifier: submission });
      expect('reviewer' in accepted.body).toBe(false);
      const published = (await get(as(anonymous), `/datasets/${dataset}`)).body;
      expect(published.aiod_entry.status).toBe('published');
      expect(published.aiod_entry.date_modified > before).toBe(true);
      expect((await get(as(anonymous), '/counts/datasets')).body).toBe(countBefore + 1);
      const listed = (await get(as(anonymous), '/datasets?limit=1000')).body as Array<{ identifier: string }>;
      expect(listed.some((item) => item.identifier === dataset)).toBe(true);
      expect((await post(as(reviewer), '/reviews', { submission_identifier: submission, decision: 'rejected' })).status).toBe(400);
      expect((await get(as(alice), `/submissions/${submission}`)).body.reviews).toHaveLength(1);
    });

    it('returns rejected and retracted submissions to draft, and refuses reviewing one\'s own work', async () => {
      const rejectedAsset = await aliceDraft();
      const rejected = (await post(as(alice), '/submissions', { asset_identifiers: [rejectedAsset] })).body.submission_identifier;
      await post(as(alice), '/assets/permissions', { asset_identifier: rejectedAsset, user: 'rita', permission_type: 'write' });
      const ownWork = await post(as(reviewer), '/reviews', { submission_identifier: rejected, decision: 'accepted' });
      expect(ownWork.status).toBe(403);
      expect((await post(as(admin), '/reviews', { submission_identifier: rejected, decision: 'rejected', comment: 'Needs a description' })).status).toBe(200);
      expect((await get(as(alice), `/datasets/${rejectedAsset}`)).body.aiod_entry.status).toBe('draft');

      const retractedAsset = await aliceDraft();
      const retracted = (await post(as(alice), '/submissions', { asset_identifiers: [retractedAsset] })).body.submission_identifier;
      expect((await post(as(bob), `/submissions/retract/${retracted}`, {})).status).toBe(403);
      const retraction = await call(as(alice), 'POST', `/submissions/retract/${retracted}`);
      expect(retraction.status).toBe(200);
      expect(retraction.body).toMatchObject({ submission_identifier: retracted, decision: 'retracted' });
      expect((await get(as(alice), `/datasets/${retractedAsset}`)).body.aiod_entry.status).toBe('draft');
      expect((await call(as(alice), 'POST', `/submissions/retract/${retracted}`)).status).toBe(400);
      expect((await call(as(alice), 'POST', '/submissions/retract/999999')).status).toBe(404);
      expect((await get(as(alice), '/submissions?mode=completed')).body.map((item: { identifier: number }) => item.identifier)).toEqual(
        expect.arrayContaining([rejected, retracted]),
      );
    });

    it('keeps /v2\'s per-asset submit route and rejects unknown or missing assets', async () => {
      const identifier = await aliceDraft();
      const response = await call(as(alice), 'POST', `/v2/datasets/submit/${identifier}`);
      expect(response.status).toBe(200);
      expect(typeof response.body.submission_identifier).toBe('number');
      expect((await call(as(alice), 'POST', `/datasets/submit/${identifier}`)).status).toBe(404);
      const unknown = await post(as(alice), '/submissions', { asset_identifiers: ['nope_1'] });
      expect(unknown.status).toBe(422);
      expect(errorDetail(unknown)).toBe('nope_1 is not a valid resource identifier.');
      expect((await post(as(alice), '/submissions', { asset_identifiers: ['data_AAAAAAAAAAAAAAAAAAAAAAAA'] })).status).toBe(404);
      expect((await post(as(alice), '/submissions', { asset_identifiers: [] })).status).toBe(422);
    });
  });

  describe('bookmarks and own resources', () => {
    it('bookmarks visible assets idempotently and lists them', async () => {
      const published = (await post(as(connector), '/datasets', { name: 'Bookmarked', platform: 'example', platform_resource_identifier: 'bm' })).body.identifier;
      const first = await call(as(bob), 'POST', `/bookmarks?resource_identifier=${published}`);
      expect(first.status).toBe(200);
      expect(first.body.resource_identifier).toBe(published);
      const second = await call(as(bob), 'POST', `/bookmarks?resource_identifier=${published}`);
      expect(second.body.created_at).toBe(first.body.created_at);
      expect((await get(as(bob), '/bookmarks')).body).toEqual([first.body]);
      expect((await get(as(alice), '/bookmarks')).body).toEqual([]);
      const hidden = await aliceDraft();
      const refused = await call(as(bob), 'POST', `/bookmarks?resource_identifier=${hidden}`);
      expect(refused.status).toBe(404);
      expect(errorDetail(refused)).toBe(`Resource ${hidden} does not exist.`);
      expect((await call(as(bob), 'DELETE', `/bookmarks?resource_identifier=${published}`)).body).toBeNull();
      expect((await call(as(bob), 'DELETE', `/bookmarks?resource_identifier=${published}`)).status).toBe(200);
      expect((await get(as(bob), '/bookmarks')).body).toEqual([]);
      expect((await get(as(anonymous), '/bookmarks')).status).toBe(401);
    });

    it('lists what the caller administers at /user/resources, drafts included, grouped by type', async () => {
      const carol = testUser('carol');
      const identifiers: string[] = [];
      for (let index = 0; index < 11; index += 1) {
        identifiers.push((await post(as(carol), '/publications', { name: `Paper ${index}` })).body.identifier);
      }
      const contact = (await post(as(carol), '/contacts', { name: 'Carol' })).body.identifier;
      const latest = (await get(as(carol), '/user/resources')).body;
      expect(Object.keys(latest).sort()).toEqual(['contact', 'publication']);
      expect(latest.publication.length + latest.contact.length).toBe(10);
      const everything = (await get(as(carol), '/user/resources?limit=100')).body;
      expect(everything.publication.map((item: { identifier: string }) => item.identifier).sort()).toEqual([...identifiers].sort());
      expect(everything.contact[0].identifier).toBe(contact);
      expect(everything.publication[0].aiod_entry.status).toBe('draft');
      // /v2 keeps AIoD v2's quirk: the default limit means no limit.
      const v2 = (await get(as(carol), '/v2/user/resources')).body;
      expect(v2.publication.length + v2.contact.length).toBe(12);
      expect((await get(as(anonymous), '/user/resources')).status).toBe(401);
    });
  });

  describe('platforms', () => {
    it('needs create_/update_/delete_platforms roles or administrators', async () => {
      expect((await post(as(bob), '/platforms', { name: 'bobs_platform' })).status).toBe(403);
      const creator = testUser('pat', ['create_platforms']);
      const created = await post(as(creator), '/platforms', { name: 'pats_platform' });
      expect(created.status).toBe(200);
      expect((await put(as(creator), `/platforms/${created.body.identifier}`, { name: 'renamed' })).status).toBe(403);
      expect((await del(as(admin), `/platforms/${created.body.identifier}`)).status).toBe(200);
    });
  });
});

describe.each(dialects)('upload rate limit on %s', (dialect) => {
  let t: TestCatalogue;
  beforeAll(async () => {
    t = await openTestCatalogue(dialect, { settings: { UPLOAD_RATE_LIMIT: '3', UPLOAD_RATE_WINDOW_SECONDS: '3600' } });
  });
  afterAll(async () => t.close());

  it('refuses the upload over the limit with 429 and a Retry-After header; connectors are exempt', async () => {
    const app = t.appWith(async () => alice);
    for (let index = 0; index < 3; index += 1) {
      const created = await post(app, '/datasets', { name: `Upload ${index}` });
      expect(created.status).toBe(200);
      // Each create says how many remain and when the oldest upload leaves the window.
      expect(created.headers.get('ratelimit-policy')).toBe('"uploads";q=3;w=3600');
      expect(created.headers.get('ratelimit')).toMatch(new RegExp(`^"uploads";r=${2 - index};t=(3599|3600)$`));
    }
    const refused = await post(app, '/datasets', { name: 'One too many' });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.headers.get('ratelimit')).toBe(`"uploads";r=0;t=${retryAfter}`);
    expect(errorDetail(refused)).toBe(`Upload rate limit exceeded: max 3 uploads per 3600 seconds. Retry after ${retryAfter} seconds.`);
    expect((await post(t.appWith(async () => bob), '/datasets', { name: 'Bob is fine' })).status).toBe(200);
    const harvester = t.appWith(async () => connector);
    for (let index = 0; index < 5; index += 1) {
      const harvested = await post(harvester, '/datasets', { name: `H${index}`, platform: 'example', platform_resource_identifier: `h-${index}` });
      expect(harvested.status).toBe(200);
      expect(harvested.headers.get('ratelimit')).toBeNull();
    }
    // A failed upload does not count.
    expect((await post(t.appWith(async () => bob), '/datasets', { name: 'X', license: 'not a licence' })).status).toBe(400);
    const later = new Date(Date.now() + 3601_000);
    t.catalogue.now = () => later;
    expect((await post(app, '/datasets', { name: 'After the window' })).status).toBe(200);
  });
});
