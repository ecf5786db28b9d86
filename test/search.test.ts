/**
 * Search over the database backend, on SQLite and MariaDB: what is found (words of names,
 * descriptions, keywords; any case; short words and stopwords), what never is (drafts, deleted, unpublished),
 * AIoD's parameters and errors, ranking, sorting, paging, facets, get_all hydration, the Python
 * client's lower-cased query strings, and the indexer following the change log across restarts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, type Principal } from '../src/auth/principal.ts';
import { appendChange } from '../src/repositories/change-log.ts';
import { indexPendingChanges, rebuildSearchIndex, startSearchIndexer } from '../src/search/indexer.ts';
import { searchBackendOf } from '../src/search/open-backend.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { del, errorDetail, get, post, put } from './helpers/http.ts';

const member: Principal = { subject: 'member-1', username: 'member', roles: new Set() };
const DAY = 86_400_000;

describe.each(dialects)('search on %s', (dialect) => {
  let t: TestCatalogue;
  let clock = Date.parse('2025-03-01T00:00:00.000Z');
  const ids: Record<string, string> = {};

  const create = async (plural: string, key: string, body: Record<string, unknown>) => {
    clock += DAY;
    const response = await post(t.app, `/${plural}`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    ids[key] = response.body.identifier as string;
    return ids[key] as string;
  };
  const search = (query: string, app = t.app) => get(app, query.startsWith('?') ? `/search${query}` : `/search/${query}`);
  const names = (response: { body: { resources: Array<{ name: string }> } }) =>
    response.body.resources.map((resource) => resource.name);
  const findsNames = async (query: string) => names(await search(query));

  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
    t.catalogue.now = () => new Date(clock);
    await post(t.app, '/platforms', { name: 'zenodo-mirror' });
    const contact = (await post(t.app, '/contacts', { name: 'Jane', email: ['jane@example.org'] })).body.identifier;
    await create('datasets', 'speech', {
      name: 'Speech Commands',
      description: { plain: 'Short spoken speech words for keyword spotting.' },
      keyword: ['audio', 'speech recognition'],
      platform: 'zenodo',
      platform_resource_identifier: 'zenodo.org:1',
      issn: '20493630',
      contact: [contact],
      license: 'CC-BY-4.0',
    });
    await create('datasets', 'ai', {
      name: 'AI for 3D scenes',
      description: { html: '<p>Benchmarks in <b>ML</b> and Café culture; it is about the things.</p>' },
      keyword: ['vision'],
      platform: 'example',
      platform_resource_identifier: 'ai-3d',
      license: 'MIT',
    });
    await create('datasets', 'traffic', {
      name: 'Traffic speeds',
      description: { plain: 'Road traffic speeds, speech-free, recorded every minute.' },
      keyword: ['mobility', 'audio'],
      platform: 'zenodo',
      platform_resource_identifier: 'zenodo.org:2',
    });
    await create('publications', 'paper', { name: 'Speech recognition survey', isbn: '9783161484100' });
    await create('persons', 'person', { name: 'Ada Lovelace', given_name: 'Ada', surname: 'Lovelace' });
    await create('teams', 'team', { name: 'Speech team' });
    await create('computational_assets', 'cluster', { name: 'GPU cluster for speech models' });
    await create('news', 'news', { name: 'Funding news', headline: 'Speech funding announced' });
    // A draft (a signed-in user without special roles creates drafts) is never searchable.
    const draft = await post(t.appWith(async () => member), '/datasets', { name: 'Draft speech corpus' });
    expect(draft.status).toBe(200);
    ids.draft = draft.body.identifier;
    await indexPendingChanges(t.catalogue);
  });
  afterAll(async () => t.close());

  it('finds published assets by words of their name, description or keywords, in any case', async () => {
    expect(await findsNames('datasets?search_query=commands')).toEqual(['Speech Commands']);
    expect(await findsNames('datasets?search_query=SPOTTING')).toEqual(['Speech Commands']);
    expect(await findsNames('datasets?search_query=Recognition')).toEqual(['Speech Commands']);
    expect(await findsNames('datasets?search_query=benchmarks')).toEqual(['AI for 3D scenes']);
    // Diacritics are ignored; markup is not content.
    expect(await findsNames('datasets?search_query=cafe')).toEqual(['AI for 3D scenes']);
    expect((await search('datasets?search_query=b')).body.total_hits).toBe(0);
  });

  it('finds short words and stopwords ("AI", "ML", "3D", "it", "the") on every database', async () => {
    for (const word of ['AI', 'ai', 'ML', '3d', 'it', 'the']) {
      expect(await findsNames(`datasets?search_query=${word}`), word).toEqual(['AI for 3D scenes']);
    }
  });

  it('answers in AIoD\'s shape, ranks by relevance, and counts every hit', async () => {
    const response = await search('datasets?search_query=speech');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['total_hits', 'resources', 'limit', 'offset', 'total_hits_relation']);
    expect(response.body.total_hits_relation).toBe('eq');
    expect(response.body.total_hits).toBe(2);
    // "speech" in the name, keywords and description beats one mention in a description.
    expect(names(response)).toEqual(['Speech Commands', 'Traffic speeds']);
    const summary = response.body.resources[0];
    expect(summary).toMatchObject({
      identifier: ids.speech,
      name: 'Speech Commands',
      platform: 'zenodo',
      platform_resource_identifier: 'zenodo.org:1',
      description: { plain: 'Short spoken speech words for keyword spotting.' },
      aiod_entry: { status: 'published' },
      keyword: ['audio', 'speech recognition'],
      issn: '20493630',
    });
    expect(summary.aiod_entry.date_modified).toMatch(/^2025-03-\d\dT/);
  });

  it('never finds drafts, and drops deleted and unpublished assets', async () => {
    expect(await findsNames('datasets?search_query=corpus')).toEqual([]);
    const doomed = await create('datasets', 'doomed', { name: 'Doomed speech set' });
    const hidden = await create('datasets', 'hidden', { name: 'Hidden speech set' });
    await indexPendingChanges(t.catalogue);
    expect(await findsNames('datasets?search_query=set')).toEqual(expect.arrayContaining(['Doomed speech set', 'Hidden speech set']));
    await del(t.app, `/datasets/${doomed}`);
    // An unpublish (the review workflow's write) reaches search through the change log too.
    await t.catalogue.database.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('asset').set({ status: 'draft', revision: 9 }).where('identifier', '=', hidden).execute();
      await appendChange(trx, { identifier: hidden, type: 'dataset', action: 'update', revision: 9, at: new Date(clock).toISOString() });
    });
    await indexPendingChanges(t.catalogue);
    expect(await findsNames('datasets?search_query=set')).toEqual([]);
    expect((await search('datasets?search_query=set&get_all=true')).body.total_hits).toBe(0);
  });

  it('re-indexes an asset when it changes', async () => {
    const identifier = await create('datasets', 'renamed', { name: 'Original weather data' });
    await indexPendingChanges(t.catalogue);
    expect(await findsNames('datasets?search_query=weather')).toEqual(['Original weather data']);
    await put(t.app, `/datasets/${identifier}`, { name: 'Renamed climate data' });
    await indexPendingChanges(t.catalogue);
    expect(await findsNames('datasets?search_query=weather')).toEqual([]);
    expect(await findsNames('datasets?search_query=climate')).toEqual(['Renamed climate data']);
    await del(t.app, `/datasets/${identifier}`);
    await indexPendingChanges(t.catalogue);
  });

  it('filters by platform, and refuses unknown platforms with the available ones', async () => {
    expect(await findsNames('datasets?search_query=speech&platforms=example')).toEqual([]);
    expect(await findsNames('datasets?search_query=speech&platforms=zenodo')).toEqual(['Speech Commands', 'Traffic speeds']);
    expect(await findsNames('datasets?search_query=speech ai&platforms=example&platforms=zenodo-mirror')).toEqual(['AI for 3D scenes']);
    const unknown = await search('datasets?search_query=speech&platforms=nowhere');
    expect(unknown.status).toBe(400);
    expect(errorDetail(unknown)).toMatch(/^The available platforms are: .*zenodo/);
  });

  it('searches only the given search_fields, and refuses fields the type does not index', async () => {
    expect((await findsNames('datasets?search_query=speech&search_fields=description_plain')).sort()).toEqual(['Speech Commands', 'Traffic speeds']);
    expect(await findsNames('datasets?search_query=speech&search_fields=name,keyword')).toEqual(['Speech Commands']);
    expect(await findsNames('datasets?search_query=commands&search_fields=description_plain')).toEqual([]);
    expect(await findsNames('datasets?search_query=recognition&search_fields=name')).toEqual([]);
    expect(await findsNames('datasets?search_query=recognition&search_fields=keyword')).toEqual(['Speech Commands']);
    expect(await findsNames('datasets?search_query=20493630&search_fields=issn')).toEqual(['Speech Commands']);
    expect(await findsNames('datasets?search_query=benchmarks&search_fields=description_html')).toEqual(['AI for 3D scenes']);
    expect(await findsNames('publications?search_query=9783161484100&search_fields=isbn')).toEqual(['Speech recognition survey']);
    const refused = await search('datasets?search_query=speech&search_fields=isbn');
    expect(refused.status).toBe(422);
    expect(JSON.stringify(errorDetail(refused))).toContain('search_fields');
  });

  it('exact_match needs every word, any word is enough otherwise', async () => {
    expect((await search('datasets?search_query=speech traffic')).body.total_hits).toBe(2);
    expect(await findsNames('datasets?search_query=speech traffic&exact_match=true')).toEqual(['Traffic speeds']);
    expect(await findsNames('datasets?search_query=speech commands&exact_match=true')).toEqual(['Speech Commands']);
  });

  it('filters on date_modified (after inclusive, before exclusive) and sorts by date or identifier', async () => {
    const all = await search('datasets?search_query=speech ai&sort=date_modified');
    expect(names(all)).toEqual(['Traffic speeds', 'AI for 3D scenes', 'Speech Commands']);
    const ascending = await search('datasets?search_query=speech ai&sort=date_modified&direction=asc');
    expect(names(ascending)).toEqual(['Speech Commands', 'AI for 3D scenes', 'Traffic speeds']);
    expect(names(await search('datasets?search_query=speech ai&sort_by_date_modified=true'))).toEqual(names(all));
    const date = (key: string) => all.body.resources.find((item: { identifier: string }) => item.identifier === ids[key]).aiod_entry.date_modified as string;
    const after = await search(`datasets?search_query=speech ai&date_modified_after=${date('ai')}`);
    expect(names(after).sort()).toEqual(['AI for 3D scenes', 'Traffic speeds']);
    const before = await search(`datasets?search_query=speech ai&date_modified_before=${date('ai').slice(0, 10)}`);
    expect(names(before)).toEqual(['Speech Commands']);
    const byId = await search('datasets?search_query=speech ai&sort_by_id=true');
    const identifiers = byId.body.resources.map((item: { identifier: string }) => item.identifier);
    expect(identifiers).toEqual([...identifiers].sort());
  });

  it('pages with offset and limit; total_hits counts them all; limit and offset are checked', async () => {
    const first = await search('?search_query=speech&limit=2&sort_by_id=true');
    const second = await search('?search_query=speech&limit=2&offset=2&sort_by_id=true');
    const all = await search('?search_query=speech&limit=100&sort_by_id=true');
    expect(first.body.total_hits).toBe(all.body.total_hits);
    expect(all.body.total_hits).toBeGreaterThanOrEqual(6);
    expect([...first.body.resources, ...second.body.resources].map((item: { identifier: string }) => item.identifier)).toEqual(
      all.body.resources.slice(0, 4).map((item: { identifier: string }) => item.identifier),
    );
    expect(second.body).toMatchObject({ limit: 2, offset: 2 });
    const beyond = await search('?search_query=speech&offset=1000');
    expect(beyond.body).toMatchObject({ total_hits: all.body.total_hits, resources: [] });
    expect((await search('datasets?search_query=speech&limit=0')).status).toBe(422);
    expect((await search('datasets?search_query=speech&limit=1001')).status).toBe(422);
    expect((await search('datasets?search_query=speech&offset=-1')).status).toBe(422);
    expect((await search('datasets')).status).toBe(422);
  });

  it('counts facets on request', async () => {
    const response = await search('datasets?search_query=speech ai&facets=platform,license&facets=keyword');
    expect(response.body.facets).toEqual({
      platform: [
        { value: 'zenodo', count: 2 },
        { value: 'example', count: 1 },
      ],
      license: [
        { value: 'CC-BY-4.0', count: 1 },
        { value: 'MIT', count: 1 },
      ],
      keyword: [
        { value: 'audio', count: 2 },
        { value: 'mobility', count: 1 },
        { value: 'speech recognition', count: 1 },
        { value: 'vision', count: 1 },
      ],
    });
    const types = await search('?search_query=speech&facets=type');
    expect(types.body.facets.type).toEqual(
      expect.arrayContaining([
        { value: 'dataset', count: 2 },
        { value: 'team', count: 1 },
        { value: 'computational_asset', count: 1 },
      ]),
    );
    expect((await search('datasets?search_query=speech&facets=colour')).status).toBe(422);
  });

  it('get_all=true returns full assets in hit order with one query, masked for anonymous callers', async () => {
    t.queries.reset();
    const reduced = await search('datasets?search_query=speech');
    const searchQueries = t.queries.count;
    t.queries.reset();
    const full = await search('datasets?search_query=speech&get_all=true', t.appWith(async () => anonymous));
    // Hydration is ONE query on top of the search, whatever the page size.
    expect(t.queries.count).toBe(searchQueries + 1);
    expect(full.body.resources.map((item: { identifier: string }) => item.identifier)).toEqual(
      reduced.body.resources.map((item: { identifier: string }) => item.identifier),
    );
    expect(full.body.resources[0].contacts[0].email).toEqual(['******']);
    expect(full.body.resources[0].distribution).toEqual([]);
    const asMember = await search('datasets?search_query=speech&get_all=true', t.appWith(async () => member));
    expect(asMember.body.resources[0].contacts[0].email).toEqual(['jane@example.org']);
  });

  it('get_all=true skips hits deleted since indexing instead of failing the page', async () => {
    const stale = await create('datasets', 'stale', { name: 'Stale speech snapshot' });
    await indexPendingChanges(t.catalogue);
    await del(t.app, `/datasets/${stale}`);
    // Not indexed yet: the index still has it, the database no longer does.
    const reduced = await search('datasets?search_query=snapshot');
    expect(names(reduced)).toEqual(['Stale speech snapshot']);
    const full = await search('datasets?search_query=speech snapshot&get_all=true');
    expect(full.status).toBe(200);
    expect(names(full)).toEqual(['Speech Commands', 'Traffic speeds']);
    await indexPendingChanges(t.catalogue);
    expect(names(await search('datasets?search_query=snapshot'))).toEqual([]);
  });

  it('searches persons, teams, computational assets and news, and every type at once', async () => {
    expect(await findsNames('persons?search_query=lovelace')).toEqual(['Ada Lovelace']);
    expect(await findsNames('persons?search_query=ada&search_fields=given_name')).toEqual(['Ada Lovelace']);
    expect(await findsNames('teams?search_query=speech')).toEqual(['Speech team']);
    expect(await findsNames('computational_assets?search_query=gpu')).toEqual(['GPU cluster for speech models']);
    expect(await findsNames('news?search_query=announced&search_fields=headline')).toEqual(['Funding news']);
    const everything = await search('?search_query=speech&limit=100&get_all=true');
    const types = everything.body.resources.map((item: { resource_type: string }) => item.resource_type);
    expect(new Set(types)).toEqual(new Set(['dataset', 'publication', 'team', 'computational_asset', 'news']));
    const headline = await search('?search_query=announced&search_fields=headline');
    expect(headline.body.resources).toEqual([expect.objectContaining({ resource_type: 'news', name: 'Funding news' })]);
    expect((await get(t.app, '/search/contacts?search_query=jane')).status).toBe(404);
  });

  it('understands the Python client: a lower-cased query string with repeated parameters', async () => {
    const query =
      'search_query=SPEECH COMMANDS&platforms=zenodo&platforms=example&search_fields=name&offset=0&limit=10&get_all=True&exact_match=False';
    const response = await get(t.app, `/v2/search/datasets?${query.toLowerCase()}`);
    expect(response.status).toBe(200);
    expect(names(response)).toEqual(['Speech Commands']);
    expect(response.body.resources[0].identifier).toBe(ids.speech);
    const dated = await get(t.app, '/search/datasets?search_query=speech&date_modified_after=2025-01-01t00:00:00z');
    expect(dated.status).toBe(200);
  });

  it('follows a platform rename', async () => {
    const identifier = (await post(t.app, '/platforms', { name: 'old-place' })).body.identifier;
    await create('datasets', 'moved', { name: 'Moved lexicon', platform: 'old-place', platform_resource_identifier: 'x' });
    await indexPendingChanges(t.catalogue);
    await put(t.app, `/platforms/${identifier}`, { name: 'new-place' });
    await indexPendingChanges(t.catalogue);
    expect(await findsNames('datasets?search_query=lexicon&platforms=new-place')).toEqual(['Moved lexicon']);
    expect((await search('datasets?search_query=lexicon')).body.resources[0].platform).toBe('new-place');
  });

  it('resumes from its stored position after a restart, and loses nothing when an index write fails', async () => {
    await indexPendingChanges(t.catalogue);
    expect(await indexPendingChanges(t.catalogue)).toBe(0);
    await create('datasets', 'first', { name: 'Resumed glossary one' });
    await create('datasets', 'second', { name: 'Resumed glossary two' });
    // A failing index write (a crash between the change and the index) leaves the position where it was.
    const real = t.catalogue.search;
    const backend = searchBackendOf(t.catalogue);
    t.catalogue.search = { ...backend, apply: async () => Promise.reject(new Error('index down')) };
    await expect(indexPendingChanges(t.catalogue)).rejects.toThrow('index down');
    t.catalogue.search = real;
    expect(await findsNames('datasets?search_query=glossary')).toEqual([]);
    // A new process on the same database: a catalogue with a fresh backend continues from the stored position.
    const restarted = { ...t.catalogue, search: undefined };
    expect(await indexPendingChanges(restarted)).toBe(2);
    expect((await findsNames('datasets?search_query=glossary')).sort()).toEqual(['Resumed glossary one', 'Resumed glossary two']);
    expect(await indexPendingChanges(restarted)).toBe(0);
  });

  it('rebuilds the index when the indexed fields changed, and a rebuild keeps only published assets', async () => {
    await t.catalogue.database.kysely.updateTable('search_position').set({ schema_version: 'older-fields' }).execute();
    // A stray entry (e.g. left by an old version) disappears in the rebuild.
    await t.catalogue.database.kysely
      .updateTable('search_entry')
      .set({ identifier: 'data_strayEntry0000000000000' })
      .where('identifier', '=', ids.traffic as string)
      .execute();
    await indexPendingChanges(t.catalogue);
    const entries = await t.catalogue.database.kysely.selectFrom('search_entry').select('identifier').execute();
    expect(entries.map((entry) => entry.identifier)).not.toContain('data_strayEntry0000000000000');
    expect(await findsNames('datasets?search_query=traffic')).toEqual(['Traffic speeds']);
    const progress: number[] = [];
    const indexed = await rebuildSearchIndex(t.catalogue, ({ indexed: done }) => progress.push(done));
    expect(indexed).toBe(entries.length);
    expect(progress.at(-1)).toBe(indexed);
  });

  it('ranks entries that match a rare term first when a term is in most entries, with the same total and paging', async () => {
    for (let index = 0; index < 12; index += 1) {
      const name = index % 5 === 0 ? `Ubiquitous ledger ${index}` : `Plain ledger ${index}`;
      await create('datasets', `common${index}`, { name, description: { plain: `A ubiquitous description ${index}.` } });
    }
    await indexPendingChanges(t.catalogue);
    const all = await search('datasets?search_query=ubiquitous&limit=100');
    expect(all.body.total_hits).toBe(12);
    expect(names(all).slice(0, 3).sort()).toEqual(['Ubiquitous ledger 0', 'Ubiquitous ledger 10', 'Ubiquitous ledger 5']);
    expect(new Set(names(all)).size).toBe(12);
    // Pages across the boundary between ranked and tied entries add up to the whole list.
    const paged: string[] = [];
    for (let offset = 0; offset < 12; offset += 5) {
      const page = await search(`datasets?search_query=ubiquitous&limit=5&offset=${offset}`);
      expect(page.body.total_hits).toBe(12);
      paged.push(...names(page));
    }
    expect(paged).toEqual(names(all));
    expect(names(await search('datasets?search_query=ubiquitous&limit=2&offset=2'))).toEqual(names(all).slice(2, 4));
    for (let index = 0; index < 12; index += 1) await del(t.app, `/datasets/${ids[`common${index}`]}`);
    await indexPendingChanges(t.catalogue);
  });

  it('sorts many matches by date or identifier by walking an index, as exactly as sorting them', async () => {
    const backend = searchBackendOf(t.catalogue);
    const count = 2100;
    const documents = Array.from({ length: count }, (_, index) => {
      const identifier = `data_walk${String((index * 7919) % count).padStart(19, '0')}`;
      const dateModified = new Date(Date.parse('2030-01-01T00:00:00.000Z') + index * 60_000).toISOString();
      return {
        identifier,
        type: 'dataset',
        platform: 'example',
        dateModified,
        revision: 1,
        texts: { name: `Walker ${index}` },
        keywords: [],
        license: null,
        summary: { identifier, name: `Walker ${index}`, aiod_entry: { date_modified: dateModified, status: 'published' } },
      };
    });
    // An entry of another type that matches too, first in identifier order: never a dataset hit.
    const other = {
      ...documents[0],
      identifier: 'data_aaaaOtherType0000000000',
      type: 'publication',
      texts: { name: 'Walker paper' },
      summary: { name: 'Walker paper' },
    } as (typeof documents)[number];
    await backend.apply({ upsert: [...documents, other], remove: [] });
    try {
      const newest = await search('datasets?search_query=walker&sort=date_modified&limit=3&offset=1');
      expect(newest.body.total_hits).toBe(count);
      expect(names(newest)).toEqual([`Walker ${count - 2}`, `Walker ${count - 3}`, `Walker ${count - 4}`]);
      // A deeper page walks long enough to collect the matching set first instead of probing each entry.
      const deep = await search('datasets?search_query=walker&sort=date_modified&limit=3&offset=300');
      expect(names(deep)).toEqual([`Walker ${count - 301}`, `Walker ${count - 302}`, `Walker ${count - 303}`]);
      const oldest = await search('datasets?search_query=walker&sort=date_modified&direction=asc&limit=2');
      expect(names(oldest)).toEqual(['Walker 0', 'Walker 1']);
      const dated = await search('datasets?search_query=walker&sort=date_modified&date_modified_before=2030-01-01T00:02:00.000Z');
      expect(names(dated)).toEqual(['Walker 1', 'Walker 0']);
      const sorted = documents.map((document) => document.identifier).sort();
      for (const offset of [0, 10, 400]) {
        const byId = await search(`datasets?search_query=walker&sort_by_id=true&limit=5&offset=${offset}`);
        expect(byId.body.resources.map((item: { identifier: string }) => item.identifier)).toEqual(sorted.slice(offset, offset + 5));
      }
      const everything = await search('?search_query=walker&sort=date_modified&limit=1');
      expect(names(everything)).toEqual([`Walker ${count - 1}`]);
      expect((await search('?search_query=walker&sort_by_id=true&limit=1')).body.resources[0].name).toBe('Walker paper');
    } finally {
      await backend.apply({ upsert: [], remove: [...documents, other].map((document) => document.identifier) });
    }
  });

  it('finds a newly published asset within seconds with the polling indexer', async () => {
    const stop = startSearchIndexer(t.catalogue, 100);
    try {
      const started = Date.now();
      await create('datasets', 'fresh', { name: 'Freshly published thesaurus' });
      let found: string[] = [];
      while (Date.now() - started < 5000) {
        found = await findsNames('datasets?search_query=thesaurus');
        if (found.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(found).toEqual(['Freshly published thesaurus']);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await stop();
    }
  });
});
