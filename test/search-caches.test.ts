/**
 * Index rows kept in memory by a search process: a term's entry sets (doc-set-cache.ts) are used
 * only at the set stamp the search reads with the term's counts, so any change to them (an entry
 * joining or leaving, or keeping the word with another impact) is read again on the next search,
 * also when another process (the indexer in the API process) wrote it; facet blocks likewise at
 * their stamps (facet-counts.ts). Ranking and facet counts with the caches on stay exactly what
 * they are with them off.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RawReader } from '../src/database/raw-reader.ts';
import { type SearchBackend } from '../src/search/backend.ts';
import { createDatabaseBackend } from '../src/search/database-backend.ts';
import { type DocSetRow, docSetSource } from '../src/search/doc-set-cache.ts';
import type { SearchDocument } from '../src/search/document.ts';
import { planOf, type QueryPlan, wordStats } from '../src/search/query-plan.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { startDocIdsBelowABlockBoundary } from './helpers/search-index.ts';

function document(index: number, description: string, platform = 'example'): SearchDocument {
  const identifier = `data_sets${String(index).padStart(19, '0')}`;
  return {
    identifier,
    type: 'dataset',
    platform,
    dateModified: new Date(Date.parse('2031-01-01T00:00:00.000Z') + index * 1000).toISOString(),
    revision: 1,
    texts: { name: `set ${index}`, description_plain: description, description_html: '', keyword: '' },
    keywords: [],
    license: null,
    summary: { identifier },
  };
}

const planFor = (text: string, platforms?: string[]): QueryPlan =>
  planOf({ types: ['dataset'], text, allWords: false, platforms, sort: 'relevance', direction: 'desc', offset: 0, limit: 10, facets: [] }) as QueryPlan;

/** A reader that counts the statements run through it. */
function counting(reader: RawReader): RawReader & { statements: number } {
  const wrapped = {
    statements: 0,
    asBytes: reader.asBytes,
    close: () => reader.close(),
    read: (statements: Parameters<RawReader['read']>[0]) => {
      wrapped.statements += statements.length;
      return reader.read(statements);
    },
  };
  return wrapped;
}

/** Rows as plain values, to compare what a cached and a fresh read return. */
const contents = (rows: DocSetRow[]) =>
  rows.map((row) => [row.typeNumber, row.blockNumber, row.term, Buffer.from(row.members).toString('hex'), Buffer.from(row.impacts).toString('hex')]);

describe.each(dialects)('entry sets kept in memory, on %s', (dialect) => {
  let t: TestCatalogue;
  /** The writer, as the indexer in the API process: never the process that caches. */
  let writer: SearchBackend;
  beforeEach(async () => {
    t = await openTestCatalogue(dialect);
    await startDocIdsBelowABlockBoundary(t);
    writer = createDatabaseBackend(t.catalogue.database);
    await writer.apply({ upsert: Array.from({ length: 400 }, (_, index) => document(index, index % 3 === 0 ? 'alpha beta' : 'alpha gamma')), remove: [] });
  });
  afterEach(async () => t.close());

  it('reads a term’s sets once, and again only after they change, whoever changes them', async () => {
    const reader = counting(t.catalogue.database.reader);
    const sets = docSetSource(reader, 1024 * 1024);
    const fresh = docSetSource(t.catalogue.database.reader, 0);
    const plan = planFor('alpha beta');
    const read = async () => {
      const stats = await wordStats(t.catalogue.database.reader, plan);
      const before = reader.statements;
      const rows = await sets.rows(plan, stats);
      expect(contents(rows)).toEqual(contents(await fresh.rows(plan, stats)));
      return reader.statements - before;
    };
    expect(await read()).toBe(1);
    // Both words over two blocks (the doc ids cross a block boundary).
    expect(sets.cache.lookups).toEqual({ hit: 0, miss: 2 });
    expect(await read()).toBe(0);
    expect(sets.cache.lookups).toEqual({ hit: 2, miss: 2 });

    // An entry keeps both words and their counts, but not its impacts: read again.
    await writer.apply({ upsert: [document(0, 'alpha alpha alpha beta beta')], remove: [] });
    expect(await read()).toBe(1);
    expect(await read()).toBe(0);
    // An entry gains a word.
    await writer.apply({ upsert: [document(1, 'alpha beta')], remove: [] });
    expect(await read()).toBe(1);
    // An entry leaves.
    await writer.apply({ upsert: [], remove: [document(3, '').identifier] });
    expect(await read()).toBe(1);
    expect(await read()).toBe(0);
  });

  it('reads the platforms’ sets every time, the words’ only once', async () => {
    const reader = counting(t.catalogue.database.reader);
    const sets = docSetSource(reader, 1024 * 1024);
    const plan = planFor('beta', ['example']);
    const stats = await wordStats(t.catalogue.database.reader, plan);
    await sets.rows(plan, stats);
    expect(reader.statements).toBe(2);
    const rows = await sets.rows(plan, stats);
    expect(reader.statements).toBe(3);
    expect(new Set(rows.map((row) => row.term))).toEqual(new Set(['beta', '@platform:example']));
  });

  it('keeps no more than its budget, and nothing with a budget of 0', async () => {
    const plan = planFor('alpha beta gamma');
    const stats = await wordStats(t.catalogue.database.reader, plan);
    const off = docSetSource(t.catalogue.database.reader, 0);
    await off.rows(plan, stats);
    expect(off.cache.size).toBe(0);
    const small = docSetSource(t.catalogue.database.reader, 2000);
    await small.rows(plan, stats);
    expect(small.cache.size).toBeGreaterThan(0);
    expect(small.cache.size).toBeLessThanOrEqual(2000);
  });

  it('ranks with the cache on exactly as with it off, through changes', async () => {
    const cached = createDatabaseBackend(t.catalogue.database, { scanLimit: 0, cacheBytes: 1024 * 1024 });
    const uncached = createDatabaseBackend(t.catalogue.database, { scanLimit: 0 });
    const query = { types: ['dataset'], text: 'alpha beta', allWords: false, sort: 'relevance' as const, direction: 'desc' as const, offset: 0, limit: 20, facets: [] };
    const same = async () => {
      const [withCache, without] = [await cached.search(query), await uncached.search(query)];
      expect(withCache.hits.map((hit) => hit.identifier)).toEqual(without.hits.map((hit) => hit.identifier));
      expect(withCache.total).toBe(without.total);
      return withCache.hits.map((hit) => hit.identifier);
    };
    await same();
    // Entry 5 rises to the top by repeating both words: a stale copy would leave it where it was.
    await writer.apply({ upsert: [document(5, 'alpha alpha alpha beta beta beta')], remove: [] });
    expect((await same())[0]).toBe(document(5, '').identifier);
    await writer.apply({ upsert: [], remove: [document(5, '').identifier] });
    expect(await same()).not.toContain(document(5, '').identifier);
  });

  it('counts facets with the cache on exactly as with it off, through changes', async () => {
    const cached = createDatabaseBackend(t.catalogue.database, { cacheBytes: 1024 * 1024 });
    const uncached = createDatabaseBackend(t.catalogue.database);
    const query = { types: ['dataset'], text: 'alpha', allWords: false, sort: 'relevance' as const, direction: 'desc' as const, offset: 0, limit: 5, facets: ['platform' as const] };
    const platforms = async () => {
      const [withCache, without] = [await cached.search(query), await uncached.search(query)];
      expect(withCache.facets).toEqual(without.facets);
      return withCache.facets.platform;
    };
    expect(await platforms()).toEqual([{ value: 'example', count: 400 }]);
    expect(await platforms()).toEqual([{ value: 'example', count: 400 }]);
    // Most entries of a block move to another platform: a stale block would still count them under the first.
    await writer.apply({ upsert: Array.from({ length: 300 }, (_, index) => document(index, 'alpha', 'zenodo')), remove: [] });
    expect(await platforms()).toEqual([
      { value: 'zenodo', count: 300 },
      { value: 'example', count: 100 },
    ]);
    await writer.apply({ upsert: [], remove: Array.from({ length: 50 }, (_, index) => document(350 + index, '').identifier) });
    expect(await platforms()).toEqual([
      { value: 'zenodo', count: 300 },
      { value: 'example', count: 50 },
    ]);
  });
});
