/**
 * Database searches answered by worker threads (SEARCH_WORKERS): the same results as in-process,
 * through the API, on both dialects; a closed backend refuses searches.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SearchQuery } from '../src/search/backend.ts';
import { createDatabaseBackend } from '../src/search/database-backend.ts';
import { rebuildSearchIndex } from '../src/search/indexer.ts';
import { searchBackendOf } from '../src/search/open-backend.ts';
import { searchInWorkers, type WorkerSearchBackend } from '../src/search/search-workers.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { get, post } from './helpers/http.ts';

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the search workers');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(dialects)('search in worker threads on %s', (dialect) => {
  let t: TestCatalogue;

  beforeAll(async () => {
    t = await openTestCatalogue(dialect, { settings: { SEARCH_WORKERS: '2' } });
    const words = ['speech corpus', 'speech model', 'vision corpus', 'tabular benchmark', 'speech benchmark corpus'];
    for (const [index, name] of words.entries()) {
      const response = await post(t.app, '/datasets', { name, description: { plain: `About ${name}.` }, keyword: [`k${index}`] });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    }
    await rebuildSearchIndex(t.catalogue);
  });
  afterAll(async () => {
    await searchBackendOf(t.catalogue).close();
    await t.close();
  });

  it('answer as the backend does in-process', async () => {
    const inProcess = createDatabaseBackend(t.catalogue.database);
    const base: SearchQuery = { types: ['dataset'], text: '', allWords: false, sort: 'relevance', direction: 'desc', offset: 0, limit: 10, facets: [] };
    const queries: SearchQuery[] = [
      { ...base, text: 'speech corpus' },
      { ...base, text: 'speech corpus', allWords: true },
      { ...base, text: 'benchmark', sort: 'date_modified', facets: ['keyword'] },
      { ...base, text: 'nothing-like-this' },
    ];
    const workers = searchBackendOf(t.catalogue) as WorkerSearchBackend;
    // The first search starts the workers (and is answered here meanwhile).
    expect((await workers.search(queries[0] as SearchQuery)).total).toBe(4);
    await waitFor(() => workers.workerCounts().ready === 2);
    for (const query of queries) {
      // Several at once: spread over both workers.
      const answers = await Promise.all([workers.search(query), workers.search(query), workers.search(query)]);
      const expected = await inProcess.search(query);
      for (const answer of answers) expect(answer, query.text).toEqual(expected);
    }
  });

  it('report their caches, summed over the workers, on /metrics', async () => {
    const workers = searchBackendOf(t.catalogue) as WorkerSearchBackend;
    await waitFor(() => workers.workerCounts().ready === 2);
    const wordSets = async () => (await workers.cacheStats()).find((stats) => stats.cache === 'word_sets');
    const before = await wordSets();
    // Counting the matches of two words sorted by date reads both words' entry sets.
    const query: SearchQuery = { types: ['dataset'], text: 'tabular vision', allWords: false, sort: 'date_modified', direction: 'desc', offset: 0, limit: 10, facets: [] };
    // One at a time, so each lands on the same (first) idle worker: misses first, then hits.
    for (let round = 0; round < 3; round += 1) expect((await workers.search(query)).total).toBe(2);
    const after = await wordSets();
    expect(after?.misses).toBe((before?.misses ?? 0) + 2);
    expect(after?.hits).toBe((before?.hits ?? 0) + 4);
    expect(after?.bytes).toBeGreaterThan(before?.bytes ?? 0);
    // One scrape asks the workers once, for both gauges.
    const asked = vi.spyOn(workers, 'cacheStats');
    const text = await (await t.app.request('/metrics')).text();
    expect(asked).toHaveBeenCalledTimes(1);
    expect(text).toContain(`aiod_search_cache_lookups{cache="word_sets",outcome="hit"} ${after?.hits}`);
    expect(text).toContain(`aiod_search_cache_bytes{cache="word_sets"} ${after?.bytes}`);
  });

  it('serve the search routes', async () => {
    const response = await get(t.app, '/search/datasets?search_query=speech&exact_match=true');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ total_hits: 3 });
  });
});

describe('search workers that cannot start', () => {
  it('leave searches in-process instead of starting worker after worker', async () => {
    const t = await openTestCatalogue('sqlite');
    try {
      // A database URL the worker cannot open: it fails before it is ready.
      const failures: Error[] = [];
      const backend = searchInWorkers(createDatabaseBackend(t.catalogue.database), { databaseUrl: 'sqlite:', cacheBytes: 0 }, 1, (error) => failures.push(error));
      const query: SearchQuery = { types: ['dataset'], text: 'x', allWords: false, sort: 'relevance', direction: 'desc', offset: 0, limit: 10, facets: [] };
      expect((await backend.search(query)).total).toBe(0);
      await waitFor(() => backend.workerCounts().running === 0);
      for (let search = 0; search < 3; search++) expect((await backend.search(query)).total).toBe(0);
      expect(backend.workerCounts()).toEqual({ started: 1, running: 0, ready: 0 });
      expect(failures.map((error) => error.message)).toEqual([expect.stringContaining('the SQLite file path is empty')]);
      await backend.close();
    } finally {
      await t.close();
    }
  });
});

describe('a closed worker-backed search', () => {
  it('refuses searches', async () => {
    const t = await openTestCatalogue('sqlite', { settings: { SEARCH_WORKERS: '1' } });
    try {
      const backend = searchBackendOf(t.catalogue) as WorkerSearchBackend;
      const query: SearchQuery = { types: ['dataset'], text: 'x', allWords: false, sort: 'relevance', direction: 'desc', offset: 0, limit: 10, facets: [] };
      expect((await backend.search(query)).total).toBe(0);
      await waitFor(() => backend.workerCounts().ready === 1);
      expect((await backend.search(query)).total).toBe(0);
      await backend.close();
      expect(backend.workerCounts().running).toBe(0);
      await expect(backend.search(query)).rejects.toThrow('closed');
    } finally {
      await t.close();
    }
  });
});
