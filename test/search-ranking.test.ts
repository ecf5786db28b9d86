/**
 * Relevance ranking of the database index against a brute-force reference, on both dialects: a
 * catalogue of entries drawn from a ten-word vocabulary (every word in many entries, many equal
 * scores) is searched through the API, and every page must be exactly the reference's ranking
 * (score = Σ idf × impact over the matched words, ties by index order), with exact totals. The
 * threshold algorithm reads only the best postings; this proves it returns what scoring every
 * match would. Also: totals beyond the counting limit are reported as lower bounds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabaseBackend } from '../src/search/database-backend.ts';
import type { SearchDocument } from '../src/search/document.ts';
import { searchBackendOf } from '../src/search/open-backend.ts';
import { fieldTerm, hasFieldTerms, inverseDocumentFrequency, postingsOf } from '../src/search/postings.ts';
import { searchableByType } from '../src/search/schema.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { get } from './helpers/http.ts';
import { startDocIdsBelowABlockBoundary } from './helpers/search-index.ts';

const VOCABULARY = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa'];

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function documents(): SearchDocument[] {
  const random = seeded(7);
  const words = (min: number, max: number) =>
    Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]).join(' ');
  return Array.from({ length: 500 }, (_, index) => {
    const type = index % 6 === 5 ? 'publication' : 'dataset';
    const identifier = `${type === 'dataset' ? 'data' : 'publ'}_rank${String(index).padStart(20, '0')}`;
    const description = words(3, 40);
    const keywords = words(0, 3).split(' ').filter((word) => word.length > 0);
    const html = random() < 0.3;
    return {
      identifier,
      type,
      platform: random() < 0.5 ? 'zenodo' : 'example',
      dateModified: new Date(Date.parse('2031-01-01T00:00:00.000Z') + index * 1000).toISOString(),
      revision: 1,
      texts: {
        name: words(1, 3),
        description_plain: html ? '' : description,
        description_html: html ? description : '',
        keyword: keywords.join(' '),
      },
      keywords,
      license: null,
      summary: { identifier },
    };
  });
}

interface ReferenceQuery {
  words: string[];
  types: string[];
  fields?: string[];
  all?: boolean;
  platform?: string;
}

/**
 * Every matching entry, scored and sorted: what ranking must return, computed the slow way. A
 * search in one short field (name, keyword) ranks by that field's own postings (field terms).
 */
function reference(all: SearchDocument[], query: ReferenceQuery): string[] {
  const postings = all.map(postingsOf);
  const field = query.fields?.length === 1 && hasFieldTerms(query.fields[0] as string) ? (query.fields[0] as string) : undefined;
  const termOf = (word: string, document: SearchDocument) =>
    field === undefined ? word : fieldTerm(searchableByType(document.type)?.bits.get(field) as number, word);
  const idf = query.words.map((word) =>
    inverseDocumentFrequency(all.length, postings.filter((entry, order) => entry.has(termOf(word, all[order] as SearchDocument))).length),
  );
  const scored: Array<{ identifier: string; score: number; order: number }> = [];
  all.forEach((document, order) => {
    if (!query.types.includes(document.type)) return;
    if (query.platform && document.platform !== query.platform) return;
    const searchable = searchableByType(document.type);
    const fields = query.fields ?? searchable?.fields ?? [];
    const mask = fields.reduce((bits, field) => bits | (1 << (searchable?.bits.get(field) ?? 31)), 0);
    let score = 0;
    let matched = 0;
    query.words.forEach((word, index) => {
      const posting = postings[order]?.get(termOf(word, document));
      if (!posting || (posting.fields & mask) === 0) return;
      matched += 1;
      score += (idf[index] as number) * posting.impact;
    });
    if (matched === 0 || (query.all && matched < query.words.length)) return;
    scored.push({ identifier: document.identifier, score, order });
  });
  return scored.sort((a, b) => b.score - a.score || a.order - b.order).map((entry) => entry.identifier);
}

describe.each(dialects)('relevance ranking on %s', (dialect) => {
  let t: TestCatalogue;
  const all = documents();

  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
    await startDocIdsBelowABlockBoundary(t);
    // One batch, in order: doc ids follow the documents' order, which is how ties rank.
    await searchBackendOf(t.catalogue).apply({ upsert: all, remove: [] });
  });
  afterAll(async () => t.close());

  const identifiers = (body: { resources: Array<{ identifier: string }> }) => body.resources.map((resource) => resource.identifier);

  const cases: Array<{ path: string; query: ReferenceQuery; pages: Array<[number, number]> }> = [
    { path: 'datasets?search_query=alpha beta', query: { words: ['alpha', 'beta'], types: ['dataset'] }, pages: [[0, 10], [10, 10], [95, 10], [0, 100], [300, 50]] },
    { path: 'datasets?search_query=Gamma, DELTA and zeta', query: { words: ['gamma', 'delta', 'and', 'zeta'], types: ['dataset'] }, pages: [[0, 20], [41, 7]] },
    { path: 'datasets?search_query=alpha kappa&exact_match=true', query: { words: ['alpha', 'kappa'], types: ['dataset'], all: true }, pages: [[0, 10], [20, 30]] },
    { path: 'datasets?search_query=beta delta&search_fields=name', query: { words: ['beta', 'delta'], types: ['dataset'], fields: ['name'] }, pages: [[0, 10], [50, 25]] },
    { path: 'datasets?search_query=iota theta&search_fields=keyword&exact_match=true', query: { words: ['iota', 'theta'], types: ['dataset'], fields: ['keyword'], all: true }, pages: [[0, 10]] },
    { path: 'datasets?search_query=gamma', query: { words: ['gamma'], types: ['dataset'] }, pages: [[0, 10], [30, 15]] },
    { path: 'datasets?search_query=epsilon eta&platforms=zenodo', query: { words: ['epsilon', 'eta'], types: ['dataset'], platform: 'zenodo' }, pages: [[0, 10], [60, 20]] },
    { path: '?search_query=delta epsilon', query: { words: ['delta', 'epsilon'], types: ['dataset', 'publication'] }, pages: [[0, 10], [77, 11]] },
    { path: '?search_query=eta', query: { words: ['eta'], types: ['dataset', 'publication'] }, pages: [[0, 10], [200, 30]] },
    { path: '?search_query=alpha beta&exact_match=true', query: { words: ['alpha', 'beta'], types: ['dataset', 'publication'], all: true }, pages: [[0, 10], [40, 20]] },
    { path: 'datasets?search_query=gamma&platforms=example', query: { words: ['gamma'], types: ['dataset'], platform: 'example' }, pages: [[0, 10], [50, 20]] },
    { path: '?search_query=beta kappa&exact_match=true&platforms=zenodo', query: { words: ['beta', 'kappa'], types: ['dataset', 'publication'], all: true, platform: 'zenodo' }, pages: [[0, 10], [20, 10]] },
  ];

  // Scored whole (few matches, the default here), from the entry sets (as with many), and through
  // the threshold algorithm (as with very many, or with fields or filters).
  const evaluations = [
    { evaluation: 'scoring every match', options: {} },
    { evaluation: 'the entry sets', options: { scanLimit: 0 } },
    { evaluation: 'the threshold algorithm', options: { scanLimit: 0, blockRankingLimit: 0 } },
  ];
  describe.each(evaluations)('by $evaluation', ({ options }) => {
    it.each(cases)('ranks $path as scoring every match would', async ({ path, query, pages }) => {
      const expected = reference(all, query);
      expect(expected.length).toBeGreaterThan(0);
      const real = t.catalogue.search;
      t.catalogue.search = createDatabaseBackend(t.catalogue.database, options);
      try {
        for (const [offset, limit] of pages) {
          const response = await get(t.app, `/search${path.startsWith('?') ? '' : '/'}${path}&offset=${offset}&limit=${limit}`);
          expect(response.status, JSON.stringify(response.body)).toBe(200);
          expect(response.body).toMatchObject({ total_hits: expected.length, total_hits_relation: 'eq' });
          expect(identifiers(response.body), `${path} offset ${offset}`).toEqual(expected.slice(offset, offset + limit));
        }
      } finally {
        t.catalogue.search = real;
      }
    });
  });

  it('reports totals beyond the counting limit as lower bounds, and still pages exactly', async () => {
    const real = t.catalogue.search;
    t.catalogue.search = createDatabaseBackend(t.catalogue.database, { totalCountLimit: 50, scanLimit: 0, blockRankingLimit: 0 });
    try {
      const datasets = ['dataset'];
      // One word: the exact count is kept per word, so it stays exact.
      const one = await get(t.app, '/search/datasets?search_query=gamma');
      expect(one.body).toMatchObject({ total_hits: reference(all, { words: ['gamma'], types: datasets }).length, total_hits_relation: 'eq' });
      // Several words over whole entries: exact from the words' entry sets, however many match.
      const anyWord = reference(all, { words: ['alpha', 'beta'], types: datasets });
      expect(anyWord.length).toBeGreaterThan(50);
      const two = await get(t.app, '/search/datasets?search_query=alpha beta&offset=60&limit=5');
      expect(two.body).toMatchObject({ total_hits: anyWord.length, total_hits_relation: 'eq' });
      expect(identifiers(two.body)).toEqual(anyWord.slice(60, 65));
      const everyWord = reference(all, { words: ['alpha', 'beta'], types: datasets, all: true });
      expect(everyWord.length).toBeGreaterThan(50);
      const both = await get(t.app, '/search/datasets?search_query=alpha beta&exact_match=true');
      expect(both.body).toMatchObject({ total_hits: everyWord.length, total_hits_relation: 'eq' });
      // On a platform: exact from the sets, which hold each platform's entries too.
      const onPlatform = await get(t.app, '/search/datasets?search_query=alpha beta&platforms=zenodo');
      const expectedOnPlatform = reference(all, { words: ['alpha', 'beta'], types: datasets, platform: 'zenodo' }).length;
      expect(expectedOnPlatform).toBeGreaterThan(50);
      expect(onPlatform.body).toMatchObject({ total_hits: expectedOnPlatform, total_hits_relation: 'eq' });
      // Filtered by date (which the sets do not know): counted up to the limit.
      const filtered = await get(t.app, '/search/datasets?search_query=alpha beta&date_modified_after=2000-01-01');
      expect(filtered.body).toMatchObject({ total_hits: 50, total_hits_relation: 'gte' });
      // Few matches: exact.
      const few = await get(t.app, '/search/datasets?search_query=iota theta&search_fields=keyword&exact_match=true');
      const expected = reference(all, { words: ['iota', 'theta'], types: datasets, fields: ['keyword'], all: true }).length;
      expect(expected).toBeLessThan(50);
      expect(few.body).toMatchObject({ total_hits: expected, total_hits_relation: 'eq' });
    } finally {
      t.catalogue.search = real;
    }
  });
});

describe.each(dialects)('totals from entry sets as entries change, on %s', (dialect) => {
  let t: TestCatalogue;
  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
    await startDocIdsBelowABlockBoundary(t);
    // Never scored whole: pages and totals come from the sets.
    t.catalogue.search = createDatabaseBackend(t.catalogue.database, { scanLimit: 0 });
  });
  afterAll(async () => t.close());

  const total = async (path: string) => {
    const response = await get(t.app, path);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as { total_hits: number; total_hits_relation: string; resources: Array<{ identifier: string }> };
  };
  const identifiers = (body: { resources: Array<{ identifier: string }> }) => body.resources.map((resource) => resource.identifier);

  it('stay exact through updates and removals, and leave no empty blocks', async () => {
    const backend = searchBackendOf(t.catalogue);
    const original = documents();
    await backend.apply({ upsert: original, remove: [] });
    const blocks = await t.catalogue.database.kysely.selectFrom('search_doc_set').select('block_no').distinct().execute();
    expect(blocks.length).toBe(2);
    // A hundred entries leave, a hundred others lose "alpha" and gain "kappa" (new doc ids).
    const removed = original.slice(0, 100).map((document) => document.identifier);
    const changed = original.slice(100, 200).map((document) => ({
      ...document,
      texts: { ...document.texts, name: 'kappa', description_plain: 'kappa beta', description_html: '' },
    }));
    await backend.apply({ upsert: changed, remove: removed });
    const current = [...changed, ...original.slice(200)];
    const datasets = ['dataset'];
    for (const [query, all] of [
      ['alpha beta', false],
      ['alpha beta', true],
      ['kappa beta', true],
      ['alpha kappa', false],
    ] as const) {
      const expected = reference(current, { words: query.split(' '), types: datasets, all });
      const ranked = await total(`/search/datasets?search_query=${query}&exact_match=${all}&limit=100`);
      expect(ranked, query).toMatchObject({ total_hits: expected.length, total_hits_relation: 'eq' });
      expect(identifiers(ranked), query).toEqual(expected.slice(0, 100));
      // Newest first: counted from the sets.
      const newest = await total(`/search/datasets?search_query=${query}&exact_match=${all}&sort=date_modified`);
      expect(newest, query).toMatchObject({ total_hits: expected.length, total_hits_relation: 'eq' });
    }
    // Equal scores rank by doc id, also across the page's edge.
    const twins = original.slice(0, 30).map((document, index) => {
      const identifier = `data_twin${String(index).padStart(20, '0')}`;
      return { ...document, identifier, type: 'dataset', summary: { identifier }, texts: { name: 'lambda', description_plain: 'lambda mu', description_html: '', keyword: '' } };
    });
    await backend.apply({ upsert: twins, remove: [] });
    const tied = await total('/search/datasets?search_query=lambda mu&offset=7&limit=10');
    expect(identifiers(tied)).toEqual(twins.slice(7, 17).map((document) => document.identifier));
    current.push(...twins);
    await backend.apply({ upsert: [], remove: current.map((document) => document.identifier) });
    expect(await t.catalogue.database.kysely.selectFrom('search_doc_set').selectAll().execute()).toEqual([]);
    expect(await total('/search/datasets?search_query=alpha beta')).toMatchObject({ total_hits: 0 });
  });
});
