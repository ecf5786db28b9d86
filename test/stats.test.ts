/**
 * Access statistics (AIoD v2 §2.5.12) on both dialects: successful reads of an asset through its
 * own routes are counted, flushed to the database in batches, and listed most read first by
 * `/stats/top/{type}` and `/stats/top/all`; lists, failed reads and unpublished assets are not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hitCounterOf } from '../src/services/asset-hits.ts';
import { openTestCatalogue, type TestCatalogue, testUser } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { del, get, post } from './helpers/http.ts';

const alice = testUser('alice');

describe.each(dialects)('access statistics on %s', (dialect) => {
  let t: TestCatalogue;
  const created = async (plural: string, name: string) => {
    const response = await post(t.app, `/${plural}`, { name });
    expect(response.status, response.text).toBe(200);
    return response.body.identifier as string;
  };
  const readTimes = async (path: string, times: number, status = 200) => {
    for (let read = 0; read < times; read++) expect((await get(t.app, path)).status).toBe(status);
  };
  const flush = () => hitCounterOf(t.catalogue).flush();

  beforeAll(async () => {
    t = await openTestCatalogue(dialect, { settings: { UPLOAD_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => t.close());

  it('counts successful reads of an asset by its own routes, and lists the most read first', async () => {
    const popular = await created('datasets', 'Popular');
    const quiet = await created('datasets', 'Quiet');
    const organisation = await created('organisations', 'Read Org');
    await readTimes(`/datasets/${popular}`, 3);
    await readTimes(`/v2/datasets/${popular}`, 1);
    await readTimes(`/assets/${popular}`, 1);
    await readTimes(`/datasets/${quiet}`, 1);
    await readTimes(`/organisations/${organisation}`, 2);
    // Not reads of one asset, or not successful: not counted.
    await readTimes('/datasets?limit=5', 2);
    await readTimes(`/datasets/${popular}/content`, 1, 404);
    await readTimes('/datasets/data_000000000000000000000000', 1, 404);
    await flush();

    expect((await get(t.app, '/stats/top/datasets')).body).toEqual([
      { asset_id: popular, hits: 5 },
      { asset_id: quiet, hits: 1 },
    ]);
    expect((await get(t.app, '/stats/top/datasets?limit=1')).body).toEqual([{ asset_id: popular, hits: 5 }]);
    expect((await get(t.app, '/v2/stats/top/organisations')).body).toEqual([{ asset_id: organisation, hits: 2 }]);
    const all = (await get(t.app, '/stats/top/all?limit_per_type=1')).body;
    expect(all).toEqual(
      expect.arrayContaining([
        { type: 'datasets', asset: popular, hits: 5 },
        { type: 'organisations', asset: organisation, hits: 2 },
      ]),
    );
    expect(all).toHaveLength(2);

    // Later flushes add to what is stored.
    await readTimes(`/datasets/${quiet}`, 6);
    await flush();
    expect((await get(t.app, '/stats/top/datasets')).body).toEqual([
      { asset_id: quiet, hits: 7 },
      { asset_id: popular, hits: 5 },
    ]);

    // A deleted asset leaves the statistics.
    expect((await del(t.app, `/datasets/${quiet}`)).status).toBe(200);
    expect((await get(t.app, '/stats/top/datasets')).body).toEqual([{ asset_id: popular, hits: 5 }]);
  });

  it('never lists unpublished assets, and refuses unknown types and limits', async () => {
    const asAlice = t.appAs(alice);
    const draft = (await post(asAlice, '/publications', { name: 'Alice draft' })).body.identifier as string;
    expect((await get(asAlice, `/publications/${draft}`)).status).toBe(200);
    await flush();
    expect((await get(t.app, '/stats/top/publications')).body).toEqual([]);

    expect((await get(t.app, '/stats/top/unicorns')).status).toBe(422);
    expect((await get(t.app, '/stats/top/datasets?limit=0')).status).toBe(422);
    expect((await get(t.app, '/stats/top/all?limit_per_type=101')).status).toBe(422);
  });
});
