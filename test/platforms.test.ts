/** /platforms CRUD and what it means for assets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { del, errorDetail, get, post, put } from './helpers/http.ts';

describe.each(dialects)('platforms on %s', (dialect) => {
  let t: TestCatalogue;
  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
  });
  afterAll(async () => t.close());

  it('starts with AIoD\'s platforms, paginated and ordered by identifier', async () => {
    const all = await get(t.app, '/platforms');
    expect(all.body.map((platform: { name: string }) => platform.name)).toEqual([
      'aiod', 'ai4europe_cms', 'example', 'openml', 'huggingface', 'zenodo', 'ai4experiments', 'aibuilder',
    ]);
    expect((await get(t.app, '/platforms?offset=2&limit=2')).body.map((platform: { name: string }) => platform.name)).toEqual(['example', 'openml']);
    expect((await get(t.app, '/counts/platforms')).body).toBe(8);
  });

  it('registers, reads, renames and deletes a platform', async () => {
    const created = await post(t.app, '/platforms', { name: 'kaggle' });
    expect(created.status).toBe(200);
    const identifier = created.body.identifier as number;
    expect((await get(t.app, `/platforms/${identifier}`)).body).toEqual({ identifier, name: 'kaggle' });
    expect((await put(t.app, `/platforms/${identifier}`, { name: 'kaggle_hub' })).status).toBe(200);
    expect((await get(t.app, `/platforms/${identifier}`)).body.name).toBe('kaggle_hub');
    expect((await del(t.app, `/platforms/${identifier}`)).status).toBe(200);
    expect((await get(t.app, `/platforms/${identifier}`)).status).toBe(404);
    expect((await post(t.app, '/platforms', { name: 'kaggle_hub' })).status).toBe(200);
  });

  it('refuses duplicate and malformed names', async () => {
    const duplicate = await post(t.app, '/platforms', { name: 'zenodo' });
    expect(duplicate.status).toBe(409);
    expect(errorDetail(duplicate)).toContain('zenodo');
    for (const name of ['Upper', '', 'with space', 'x'.repeat(65)]) {
      expect((await post(t.app, '/platforms', { name })).status, name).toBe(422);
    }
    expect((await get(t.app, '/platforms/abc')).status).toBe(422);
  });

  it('lets a registered platform be used by assets, renames carry over, and refuses deleting it while used', async () => {
    const identifier = (await post(t.app, '/platforms', { name: 'my_portal' })).body.identifier as number;
    const dataset = (await post(t.app, '/datasets', { name: 'Portal data', platform: 'my_portal', platform_resource_identifier: 'p-1' })).body.identifier;
    expect((await get(t.app, '/platforms/my_portal/datasets/p-1')).body.identifier).toBe(dataset);
    expect((await put(t.app, `/platforms/${identifier}`, { name: 'renamed_portal' })).status).toBe(200);
    expect((await get(t.app, `/datasets/${dataset}`)).body.platform).toBe('renamed_portal');
    expect((await get(t.app, '/counts/datasets?detailed=true')).body.renamed_portal).toBe(1);
    const refused = await del(t.app, `/platforms/${identifier}`);
    expect(refused.status).toBe(409);
    await del(t.app, `/datasets/${dataset}`);
    expect((await del(t.app, `/platforms/${identifier}`)).status).toBe(409);
  });
});
