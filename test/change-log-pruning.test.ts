/**
 * The change log is pruned to its retention without losing a change a search index still needs:
 * what every index has applied goes, the newest row stays, and an index further behind than the
 * retention is rebuilt instead of missing changes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pruneChangeLog } from '../src/search/change-log-pruning.ts';
import { indexPendingChanges } from '../src/search/indexer.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { get, post } from './helpers/http.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(dialects)('change-log pruning on %s', (dialect) => {
  let t: TestCatalogue;
  beforeEach(async () => {
    t = await openTestCatalogue(dialect);
  });
  afterEach(async () => t.close());

  /** Creates a published dataset as if `daysAgo` days ago; returns its identifier. */
  async function createDataset(name: string, daysAgo = 0): Promise<string> {
    t.catalogue.now = () => new Date(Date.now() - daysAgo * DAY_MS);
    try {
      const response = await post(t.app, '/datasets', { name });
      expect(response.status).toBe(200);
      return response.body.identifier as string;
    } finally {
      t.catalogue.now = () => new Date();
    }
  }

  const changeLog = () => t.catalogue.database.kysely.selectFrom('change_log').select(['seq', 'identifier', 'at']).orderBy('seq').execute();
  const positions = () => t.catalogue.database.kysely.selectFrom('search_position').select(['consumer', 'position']).execute();
  const hits = async (word: string) => (await get(t.app, `/search/datasets?search_query=${word}`)).body.total_hits as number;

  it('deletes what is older than the retention and applied by every index, a chunk at a time', async () => {
    for (let n = 0; n < 5; n += 1) await createDataset(`Archived lighthouse ${n}`, 10);
    const recent = await createDataset('Recent lighthouse');
    await indexPendingChanges(t.catalogue);
    const before = await changeLog();
    const positionsBefore = await positions();

    const result = await pruneChangeLog(t.catalogue, 2);

    const old = before.filter((row) => row.at < new Date(Date.now() - 7 * DAY_MS).toISOString());
    expect(old).toHaveLength(5);
    expect(result).toEqual({ deleted: 5, rebuilding: [] });
    const after = await changeLog();
    expect(after.map((row) => row.identifier)).toEqual([recent]);
    expect(await positions()).toEqual(positionsBefore);
    // The index is untouched and follows on from the kept rows.
    expect(await hits('lighthouse')).toBe(6);
    await createDataset('Another lighthouse');
    await indexPendingChanges(t.catalogue);
    expect(await hits('lighthouse')).toBe(7);
  });

  it('keeps the newest row even when it is older than the retention', async () => {
    await createDataset('Old harbour one', 10);
    await createDataset('Old harbour two', 10);
    await indexPendingChanges(t.catalogue);
    const before = await changeLog();

    expect(await pruneChangeLog(t.catalogue)).toEqual({ deleted: 1, rebuilding: [] });
    expect(await changeLog()).toEqual(before.slice(-1));
    expect(await pruneChangeLog(t.catalogue)).toEqual({ deleted: 0, rebuilding: [] });
  });

  it('has an index further behind than the retention rebuilt, so it misses no change', async () => {
    await createDataset('Indexed windmill', 10);
    await indexPendingChanges(t.catalogue);
    const [consumer] = await positions();
    // The indexer stops; these changes are older than the retention when it comes back.
    const missed = await createDataset('Missed windmill', 9);
    await createDataset('Later windmill', 9);
    await createDataset('Recent windmill');

    const result = await pruneChangeLog(t.catalogue);
    expect(result.deleted).toBe(3);
    expect(result.rebuilding).toEqual([consumer?.consumer]);
    expect(await positions()).toEqual([]);

    await indexPendingChanges(t.catalogue);
    expect(await hits('windmill')).toBe(4);
    const found = await get(t.app, '/search/datasets?search_query=missed');
    expect(found.body.resources.map((item: { identifier: string }) => item.identifier)).toEqual([missed]);
  });

  it('keeps every row with a retention of 0', async () => {
    await t.close();
    t = await openTestCatalogue(dialect, { settings: { CHANGE_LOG_RETENTION_DAYS: '0' } });
    await createDataset('Ancient mill one', 400);
    await createDataset('Ancient mill two', 400);
    await indexPendingChanges(t.catalogue);
    expect(await pruneChangeLog(t.catalogue)).toEqual({ deleted: 0, rebuilding: [] });
    expect(await changeLog()).toHaveLength(2);
  });
});
