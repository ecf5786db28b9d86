/**
 * Facet counts of the database index against a brute-force reference, on both dialects: entries
 * whose doc ids span several facet blocks and a block of the entry sets, values that tie, values
 * that differ only in case or trailing blanks, and more values than a facet lists. Counted from
 * the entry sets (whole entries) and from the posting rows (a platform filter, one field), and
 * again after entries change and leave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACET_SIZE, type FacetCount } from '../src/search/backend.ts';
import { type FacetName, facetValues, type SearchDocument } from '../src/search/document.ts';
import { searchBackendOf } from '../src/search/open-backend.ts';
import { postingsOf } from '../src/search/postings.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { get } from './helpers/http.ts';
import { startDocIdsBelowABlockBoundary } from './helpers/search-index.ts';

const WORDS = ['alpha', 'beta', 'gamma', 'delta'];
// 30 keywords (more than a facet lists), two that differ only in case, one with a trailing blank.
const KEYWORDS = [...Array.from({ length: 27 }, (_, index) => `topic ${index}`), 'Vision', 'vision', 'audio '];
const LICENSES = ['MIT', 'CC-BY-4.0', 'Apache-2.0'];
const PLATFORMS = ['example', 'zenodo', 'huggingface'];

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function documents(count: number, seed: number, prefix: string): SearchDocument[] {
  const random = seeded(seed);
  const pick = <T>(values: T[]): T => values[Math.floor(random() * values.length)] as T;
  return Array.from({ length: count }, (_, index) => {
    const type = index % 4 === 3 ? 'publication' : 'dataset';
    const identifier = `${type === 'dataset' ? 'data' : 'publ'}_${prefix}${String(index).padStart(24 - prefix.length, '0')}`;
    // The last three keywords are the most frequent: they must be listed.
    const keywords = Array.from({ length: Math.floor(random() * 5) }, () => pick(random() < 0.3 ? KEYWORDS.slice(-3) : KEYWORDS));
    const words = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(WORDS));
    return {
      identifier,
      type,
      platform: pick(PLATFORMS),
      dateModified: new Date(Date.parse('2031-01-01T00:00:00.000Z') + index * 1000).toISOString(),
      revision: 1,
      texts: { name: pick(WORDS), description_plain: words.join(' '), description_html: '', keyword: keywords.join(' ') },
      keywords,
      license: random() < 0.2 ? null : pick(LICENSES),
      summary: { identifier },
    };
  });
}

interface ReferenceQuery {
  words: string[];
  types: string[];
  all?: boolean;
  platform?: string;
  /** Only the name field. */
  nameOnly?: boolean;
}

function matches(document: SearchDocument, query: ReferenceQuery): boolean {
  if (!query.types.includes(document.type)) return false;
  if (query.platform !== undefined && document.platform !== query.platform) return false;
  const has = (word: string) => (query.nameOnly ? document.texts.name === word : postingsOf(document).has(word));
  return query.all ? query.words.every(has) : query.words.some(has);
}

/** The facets the slow way: every matching entry's distinct values, as stored (trimmed). */
function referenceFacets(all: SearchDocument[], query: ReferenceQuery, facets: FacetName[]): Record<string, FacetCount[]> {
  const counts = new Map<FacetName, Map<string, number>>(facets.map((facet) => [facet, new Map()]));
  for (const document of all.filter((candidate) => matches(candidate, query))) {
    const distinct = new Set(facetValues(document).map(({ facet, value }) => `${facet}\u0000${value.trim()}`));
    for (const key of distinct) {
      const [facet, value] = key.split('\u0000') as [FacetName, string];
      const facetCounts = counts.get(facet);
      facetCounts?.set(value, (facetCounts.get(value) ?? 0) + 1);
    }
  }
  return Object.fromEntries(
    [...counts].map(([facet, values]) => [
      facet,
      [...values]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
        .slice(0, FACET_SIZE),
    ]),
  );
}

const FACETS: FacetName[] = ['platform', 'license', 'keyword', 'type'];

const cases: Array<{ path: string; query: ReferenceQuery }> = [
  { path: 'search/datasets?search_query=alpha', query: { words: ['alpha'], types: ['dataset'] } },
  { path: 'search/datasets?search_query=alpha beta', query: { words: ['alpha', 'beta'], types: ['dataset'] } },
  { path: 'search/datasets?search_query=gamma delta&exact_match=true', query: { words: ['gamma', 'delta'], types: ['dataset'], all: true } },
  { path: 'search?search_query=beta', query: { words: ['beta'], types: ['dataset', 'publication'] } },
  // Counted from the posting rows: the entry sets know neither platforms nor fields.
  { path: 'search/datasets?search_query=alpha gamma&platforms=zenodo', query: { words: ['alpha', 'gamma'], types: ['dataset'], platform: 'zenodo' } },
  { path: 'search/datasets?search_query=delta&search_fields=name', query: { words: ['delta'], types: ['dataset'], nameOnly: true } },
];

describe.each(dialects)('facet counts on %s', (dialect) => {
  let t: TestCatalogue;
  let current: SearchDocument[];

  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
    // 2,600 entries from just below a block of the entry sets: four facet blocks and two set blocks.
    await startDocIdsBelowABlockBoundary(t, 1500);
    current = documents(2600, 11, 'facet');
    await searchBackendOf(t.catalogue).apply({ upsert: current, remove: [] });
  });
  afterAll(async () => t.close());

  async function expectReferenceFacets(): Promise<void> {
    for (const { path, query } of cases) {
      const response = await get(t.app, `/${path}&facets=${FACETS.join(',')}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.facets, path).toEqual(referenceFacets(current, query, FACETS));
    }
  }

  it('match counting every matching entry the slow way', async () => {
    const keywords = (await get(t.app, '/search/datasets?search_query=alpha&facets=keyword')).body.facets.keyword as FacetCount[];
    // The reference is not trivially short: ties and a cut at FACET_SIZE are exercised.
    expect(keywords).toHaveLength(FACET_SIZE);
    expect(keywords.map((count) => count.value)).toEqual(expect.arrayContaining(['Vision', 'vision', 'audio']));
    await expectReferenceFacets();
  });

  it('follow entries that change and leave, and leave no blocks behind', async () => {
    const backend = searchBackendOf(t.catalogue);
    const removed = current.slice(0, 400).map((document) => document.identifier);
    const changed = current.slice(400, 900).map((document) => ({ ...document, keywords: ['rebranded'], license: 'MIT', platform: 'zenodo' }));
    await backend.apply({ upsert: changed, remove: removed });
    current = [...changed, ...current.slice(900)];
    await expectReferenceFacets();
    await backend.apply({ upsert: [], remove: current.map((document) => document.identifier) });
    current = [];
    expect(await t.catalogue.database.kysely.selectFrom('search_facet_block').selectAll().execute()).toEqual([]);
  });
});
