/**
 * The life of an asset through the generated routes: create → get → list → platform get → PUT →
 * PATCH → DELETE, on every dialect, with AIoD v2 semantics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './helpers/databases.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { del, errorDetail, get, patch, post, put } from './helpers/http.ts';

const datasetBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Road traffic',
  description: { plain: 'Traffic speeds.' },
  keyword: ['Traffic', 'traffic', 'Mobility'],
  license: 'cc-by-4.0',
  distribution: [{ name: 'speeds.csv', content_url: 'https://example.org/speeds.csv', encoding_format: 'text/csv' }],
  size: { unit: 'rows', value: 10 },
  date_published: '2023-01-10T09:00:00',
  ...overrides,
});

describe.each(dialects)('resource CRUD on %s', (dialect) => {
  let t: TestCatalogue;
  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
  });
  afterAll(async () => t.close());

  it('creates an asset and returns 200 with a prefixed 24-character identifier', async () => {
    const response = await post(t.app, '/datasets', datasetBody());
    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['identifier']);
    expect(response.body.identifier).toMatch(/^data_[A-Za-z0-9]{24}$/);
  });

  it('reads back what was written, normalised, with identity fields and aiod_entry', async () => {
    const { body: created } = await post(t.app, '/datasets', datasetBody());
    const response = await get(t.app, `/datasets/${created.identifier}`);
    expect(response.status).toBe(200);
    const dataset = response.body;
    expect(dataset.identifier).toBe(created.identifier);
    expect(dataset.ai_resource_identifier).toBe(created.identifier);
    expect(dataset.ai_asset_identifier).toBe(created.identifier);
    expect(dataset.platform).toBe('aiod');
    expect(dataset.platform_resource_identifier).toBe(created.identifier);
    expect(dataset.name).toBe('Road traffic');
    expect(dataset.keyword).toEqual(['traffic', 'mobility']);
    expect(dataset.license).toBe('CC-BY-4.0');
    expect(dataset.date_published).toBe('2023-01-10T09:00:00.000Z');
    expect(dataset.size).toEqual({ unit: 'rows', value: 10 });
    expect(dataset.distribution).toEqual([
      { name: 'speeds.csv', content_url: 'https://example.org/speeds.csv', encoding_format: 'text/csv' },
    ]);
    expect(dataset.creator).toEqual([]);
    expect(dataset.contacts).toEqual([]);
    expect(dataset.aiod_entry.status).toBe('published');
    expect(dataset.aiod_entry.editor).toEqual([]);
    expect(dataset.aiod_entry.date_created).toBe(dataset.aiod_entry.date_modified);
    expect('issn' in dataset).toBe(false);
  });

  it('serves the same asset under /v2, /v3 and the unversioned latest API', async () => {
    const { body: created } = await post(t.app, '/v2/datasets', datasetBody());
    for (const prefix of ['', '/v2', '/v3']) {
      const response = await get(t.app, `${prefix}/datasets/${created.identifier}`);
      expect(response.status).toBe(200);
      expect(response.body.identifier).toBe(created.identifier);
    }
  });

  it('finds an asset by platform and platform identifier, including ids with ":" and "/"', async () => {
    for (const platformIdentifier of ['zenodo.org:1234', 'org/some-dataset', 'plain']) {
      const { body: created } = await post(t.app, '/datasets', datasetBody({ platform: 'example', platform_resource_identifier: platformIdentifier }));
      const response = await get(t.app, `/platforms/example/datasets/${platformIdentifier}`);
      expect(response.status).toBe(200);
      expect(response.body.identifier).toBe(created.identifier);
      const encoded = await get(t.app, `/platforms/example/datasets/${encodeURIComponent(platformIdentifier)}`);
      expect(encoded.body.identifier).toBe(created.identifier);
    }
    const missing = await get(t.app, '/platforms/example/datasets/does-not-exist');
    expect(missing.status).toBe(404);
    expect(errorDetail(missing)).toBe("Dataset 'does-not-exist' of 'example' not found in the database.");
    const unknownPlatform = await get(t.app, '/platforms/nowhere/datasets/1');
    expect(unknownPlatform.status).toBe(400);
    expect(errorDetail(unknownPlatform)).toBe("platform 'nowhere' not recognized.");
  });

  it('lists a platform\'s assets only', async () => {
    await post(t.app, '/datasets', datasetBody({ platform: 'openml', platform_resource_identifier: '61' }));
    const response = await get(t.app, '/platforms/openml/datasets?limit=100');
    expect(response.status).toBe(200);
    expect(response.body.length).toBeGreaterThan(0);
    expect(response.body.every((item: { platform: string }) => item.platform === 'openml')).toBe(true);
    expect(Number(response.headers.get('x-total-count'))).toBe(response.body.length);
    expect((await get(t.app, '/platforms/nowhere/datasets')).body).toEqual([]);
  });

  it('replaces with PUT: omitted fields are cleared, status and date_created kept, date_modified bumped', async () => {
    const { body: created } = await post(t.app, '/datasets', datasetBody());
    const before = (await get(t.app, `/datasets/${created.identifier}`)).body;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const response = await put(t.app, `/datasets/${created.identifier}`, { name: 'Renamed', keyword: ['new'] });
    expect(response.status).toBe(200);
    expect(response.body).toBeNull();
    const after = (await get(t.app, `/datasets/${created.identifier}`)).body;
    expect(after.name).toBe('Renamed');
    expect(after.keyword).toEqual(['new']);
    expect(after.distribution).toEqual([]);
    expect('description' in after).toBe(false);
    expect('license' in after).toBe(false);
    expect(after.platform).toBe('aiod');
    expect(after.aiod_entry.status).toBe('published');
    expect(after.aiod_entry.date_created).toBe(before.aiod_entry.date_created);
    expect(after.aiod_entry.date_modified > before.aiod_entry.date_modified).toBe(true);
  });

  it('accepts a PUT of the body a GET returned (what the Python client update() sends)', async () => {
    const { body: created } = await post(t.app, '/datasets', datasetBody({ platform: 'example', platform_resource_identifier: 'roundtrip' }));
    const { aiod_entry: _entry, ...body } = (await get(t.app, `/datasets/${created.identifier}`)).body;
    const response = await put(t.app, `/datasets/${created.identifier}`, { ...body, name: 'Updated' });
    expect(response.status).toBe(200);
    const after = (await get(t.app, `/datasets/${created.identifier}`)).body;
    expect(after.name).toBe('Updated');
    expect(after.platform_resource_identifier).toBe('roundtrip');
    expect(after.distribution).toEqual(body.distribution);
  });

  it('patches with JSON merge patch and returns the updated asset', async () => {
    const { body: created } = await post(t.app, '/datasets', datasetBody({ issn: '12345678' }));
    const response = await patch(
      t.app,
      `/datasets/${created.identifier}`,
      { name: 'Patched', issn: null, size: { value: 20 }, keyword: ['only'] },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toMatch(/^"/);
    expect(response.body.name).toBe('Patched');
    expect('issn' in response.body).toBe(false);
    expect(response.body.size).toEqual({ unit: 'rows', value: 20 });
    expect(response.body.keyword).toEqual(['only']);
    expect(response.body.license).toBe('CC-BY-4.0');
    expect(response.body.distribution).toHaveLength(1);
    expect((await get(t.app, `/datasets/${created.identifier}`)).body).toEqual(response.body);
  });

  it('validates the patched result as a whole (422 per field) and writes nothing', async () => {
    const { body: created } = await post(t.app, '/datasets', datasetBody());
    const response = await patch(t.app, `/datasets/${created.identifier}`, { name: null, version: 'x'.repeat(300) });
    expect(response.status).toBe(422);
    const locations = (errorDetail(response) as Array<{ loc: string[] }>).map((issue) => issue.loc.join('.'));
    expect(locations).toEqual(expect.arrayContaining(['body.name', 'body.version']));
    expect((await get(t.app, `/datasets/${created.identifier}`)).body.name).toBe('Road traffic');
  });

  it('soft-deletes: 200 null, then 404 "because it was deleted", gone from lists and counts', async () => {
    const { body: created } = await post(t.app, '/datasets', datasetBody({ platform: 'example', platform_resource_identifier: 'to-delete' }));
    const countBefore = (await get(t.app, '/counts/datasets')).body;
    const response = await del(t.app, `/datasets/${created.identifier}`);
    expect(response.status).toBe(200);
    expect(response.body).toBeNull();
    const gone = await get(t.app, `/datasets/${created.identifier}`);
    expect(gone.status).toBe(404);
    expect(errorDetail(gone)).toBe(`Dataset '${created.identifier}' not found in the database, because it was deleted.`);
    expect((await get(t.app, '/counts/datasets')).body).toBe(countBefore - 1);
    const list = (await get(t.app, '/datasets?limit=1000')).body as Array<{ identifier: string }>;
    expect(list.some((item) => item.identifier === created.identifier)).toBe(false);
    expect((await get(t.app, '/platforms/example/datasets/to-delete')).status).toBe(404);
    expect((await del(t.app, `/datasets/${created.identifier}`)).status).toBe(404);
    expect((await put(t.app, `/datasets/${created.identifier}`, datasetBody())).status).toBe(404);
  });

  it('frees the platform identifier of a deleted asset', async () => {
    const body = datasetBody({ platform: 'example', platform_resource_identifier: 'reusable' });
    const first = (await post(t.app, '/datasets', body)).body.identifier;
    expect((await post(t.app, '/datasets', body)).status).toBe(409);
    await del(t.app, `/datasets/${first}`);
    const second = await post(t.app, '/datasets', body);
    expect(second.status).toBe(200);
    expect(second.body.identifier).not.toBe(first);
  });
});
