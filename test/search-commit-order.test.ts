/**
 * On MySQL/MariaDB a change takes its change-log seq when it is written and is seen when its
 * transaction commits, so a later seq can be seen first. The indexer must not move past a seq
 * that may still appear: a slow write that commits after a quicker, later one is still indexed,
 * whether it commits within the grace period or after it. (SQLite has one writer: no such order.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { operator } from '../src/auth/principal.ts';
import { resourceByPlural } from '../src/database/model/registry.ts';
import { indexPendingChanges, rebuildSearchIndex } from '../src/search/indexer.ts';
import { createAssetIn } from '../src/services/asset-writes.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { get, post } from './helpers/http.ts';

const datasets = resourceByPlural('datasets');

/** Starts creating a dataset in a transaction that commits only when told; resolves once its change is written. */
async function slowCreate(t: TestCatalogue, name: string) {
  let commit = () => {};
  const committing = new Promise<void>((resolve) => (commit = resolve));
  let written = () => {};
  const changeWritten = new Promise<void>((resolve) => (written = resolve));
  const done = t.catalogue.database.kysely.transaction().execute(async (trx) => {
    await createAssetIn(trx, t.catalogue, datasets as NonNullable<typeof datasets>, { name }, { principal: operator('slow'), version: 'latest' });
    written();
    await committing;
  });
  await changeWritten;
  return { commit: async () => { commit(); await done; } };
}

const hits = async (t: TestCatalogue, plural: string, word: string) => (await get(t.app, `/search/${plural}?search_query=${word}`)).body.total_hits as number;

describe.skipIf(!dialects.includes('mysql'))('search indexing when writes commit out of order on MySQL/MariaDB', () => {
  let opened: TestCatalogue | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });
  /** A MySQL/MariaDB catalogue whose indexer waits `graceMs` for open writes (the test default, 0, when not given), closed after the test. */
  const openMysql = async (graceMs?: string) => {
    opened = await openTestCatalogue('mysql', graceMs === undefined ? {} : { settings: { SEARCH_GAP_GRACE_MS: graceMs } });
    return opened;
  };

  it('indexes a write that commits after a later one, within the grace period', async () => {
    const t = await openMysql('600000');
    await indexPendingChanges(t.catalogue);
    const slow = await slowCreate(t, 'Slowly committed tortoise');
    // Another type: it shares no row (no count) with the slow write, so it commits first.
    expect((await post(t.app, '/publications', { name: 'Quickly committed hare' })).status).toBe(200);
    await indexPendingChanges(t.catalogue);
    // The later write waits behind the open one: the position must not pass it.
    expect(await hits(t, 'publications', 'hare')).toBe(0);
    await slow.commit();
    await indexPendingChanges(t.catalogue);
    expect(await hits(t, 'datasets', 'tortoise')).toBe(1);
    expect(await hits(t, 'publications', 'hare')).toBe(1);
  });

  it('passes a gap after the grace period, and still indexes its write if it commits later', async () => {
    const t = await openMysql('200');
    await indexPendingChanges(t.catalogue);
    const slow = await slowCreate(t, 'Slowly committed snail');
    expect((await post(t.app, '/publications', { name: 'Quickly committed falcon' })).status).toBe(200);
    await indexPendingChanges(t.catalogue);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await indexPendingChanges(t.catalogue);
    expect(await hits(t, 'publications', 'falcon')).toBe(1);
    await slow.commit();
    await indexPendingChanges(t.catalogue);
    expect(await hits(t, 'datasets', 'snail')).toBe(1);
  });

  it('indexes a write that was still open when a rebuild started and commits after it', async () => {
    const t = await openMysql();
    await indexPendingChanges(t.catalogue);
    const slow = await slowCreate(t, 'Slowly committed tortoise');
    expect((await post(t.app, '/publications', { name: 'Quickly committed swallow' })).status).toBe(200);
    await rebuildSearchIndex(t.catalogue);
    expect(await hits(t, 'publications', 'swallow')).toBe(1);
    await slow.commit();
    await indexPendingChanges(t.catalogue);
    expect(await hits(t, 'datasets', 'tortoise')).toBe(1);
  });

  it('still indexes a write that commits after its gap was passed when the indexer restarted meanwhile', async () => {
    const t = await openMysql('0');
    await indexPendingChanges(t.catalogue);
    const slow = await slowCreate(t, 'Slowly committed tortoise');
    expect((await post(t.app, '/publications', { name: 'Quickly committed swallow' })).status).toBe(200);
    // No grace: the open write's gap is passed at once.
    await indexPendingChanges(t.catalogue);
    expect(await hits(t, 'publications', 'swallow')).toBe(1);
    await slow.commit();
    // A new process (its indexer remembers nothing in memory) follows the same index.
    const restarted = { ...t.catalogue };
    await indexPendingChanges(restarted);
    expect(await hits(t, 'datasets', 'tortoise')).toBe(1);
    // The late change is indexed once; its gap is still remembered, with the change taken.
    const [row] = await t.catalogue.database.kysely.selectFrom('search_position').select('passed_gaps').execute();
    expect(JSON.parse(row?.passed_gaps ?? '[]')).toEqual([[expect.any(Number), expect.any(Number), expect.any(Number), [expect.any(Number)]]]);
  });
});
