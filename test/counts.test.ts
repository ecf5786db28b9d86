/** /counts and /counts/{type}: published, live assets, per platform on request. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { del, get, post, put } from './helpers/http.ts';

describe.each(dialects)('counts on %s', (dialect) => {
  let t: TestCatalogue;
  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
  });
  afterAll(async () => t.close());

  it('counts nothing in an empty catalogue and leaves empty types out of /counts', async () => {
    expect((await get(t.app, '/counts')).body).toEqual({});
    expect((await get(t.app, '/counts/datasets')).body).toBe(0);
    expect((await get(t.app, '/counts/datasets?detailed=true')).body).toEqual({});
  });

  it('follows creates, platform changes and deletes', async () => {
    const a = (await post(t.app, '/datasets', { name: 'A' })).body.identifier;
    const b = (await post(t.app, '/datasets', { name: 'B', platform: 'openml', platform_resource_identifier: '1' })).body.identifier;
    await post(t.app, '/persons', { name: 'P', platform: 'example', platform_resource_identifier: 'p' });
    expect((await get(t.app, '/counts')).body).toEqual({ datasets: { aiod: 1, openml: 1 }, persons: { example: 1 } });
    expect((await get(t.app, '/counts/datasets')).body).toBe(2);
    expect((await get(t.app, '/counts/datasets?detailed=true')).body).toEqual({ aiod: 1, openml: 1 });
    await put(t.app, `/datasets/${b}`, { name: 'B', platform: 'zenodo', platform_resource_identifier: 'zenodo.org:5' });
    expect((await get(t.app, '/counts/datasets?detailed=True')).body).toEqual({ aiod: 1, zenodo: 1 });
    await del(t.app, `/datasets/${a}`);
    expect((await get(t.app, '/counts')).body).toEqual({ datasets: { zenodo: 1 }, persons: { example: 1 } });
    expect((await get(t.app, '/v2/counts/datasets')).body).toBe(1);
  });

  it('matches a real count of the asset table after start-up recounting', async () => {
    const { recountAll } = await import('../src/repositories/counts.ts');
    const before = (await get(t.app, '/counts')).body;
    await recountAll(t.catalogue.database.kysely);
    expect((await get(t.app, '/counts')).body).toEqual(before);
  });
});
