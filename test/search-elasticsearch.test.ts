/**
 * The Elasticsearch backend against @elastic/elasticsearch-mock: the exact requests it sends
 * (index creation with the model's mapping, bulk bodies, the atomic alias swap, search queries) and
 * how it handles realistic answers and failures (429/503 → our 503 error body, never raw text).
 */
import { createRequire } from 'node:module';
import { Client } from '@elastic/elasticsearch';
import Mock from '@elastic/elasticsearch-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anonymous } from '../src/auth/principal.ts';
import type { SearchBackend } from '../src/search/backend.ts';
import { facetValues, type SearchDocument } from '../src/search/document.ts';
import { createElasticsearchBackend } from '../src/search/elasticsearch-backend.ts';
import { sourceOf } from '../src/search/elasticsearch-query.ts';
import { ELASTICSEARCH_TEXT_FIELDS } from '../src/search/elasticsearch-mapping.ts';
import { indexPendingChanges } from '../src/search/indexer.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { errorDetail, get, post } from './helpers/http.ts';

/** The parts of @elastic/elasticsearch-mock's API used here (its types do not load as an ES module). */
interface MockType {
  add(pattern: { method: string | string[]; path: string }, resolver: (params: any) => unknown): MockType;
  clear(pattern: { method: string | string[]; path: string }): MockType;
  clearAll(): MockType;
  getConnection(): any;
}

interface Recorded {
  method: string;
  path: string;
  body: unknown;
  querystring: Record<string, unknown>;
}

// The mock loads the client's CommonJS build and recognises errors of that copy only.
const { errors } = createRequire(import.meta.url)('@elastic/elasticsearch') as typeof import('@elastic/elasticsearch');

const ALIAS = 'aiod-catalogue';
const NEW_INDEX = 'aiod-catalogue-20261122100000000';

const mock = new (Mock as unknown as new () => MockType)();
let requests: Recorded[] = [];
let aliasTarget: string | undefined;

function record(params: Recorded): void {
  requests.push({ method: params.method, path: params.path, body: params.body, querystring: params.querystring });
}

const acknowledged = { acknowledged: true };

function bulkAnswer(params: Recorded) {
  const operations = params.body as Array<Record<string, { _index: string; _id: string }>>;
  const items = operations
    .filter((line) => 'index' in line || 'delete' in line)
    .map((line) => {
      const [action, target] = Object.entries(line)[0] as [string, { _index: string; _id: string }];
      return action === 'delete'
        ? { delete: { _index: target._index, _id: target._id, status: 404, result: 'not_found', _version: 1 } }
        : { index: { _index: target._index, _id: target._id, status: 201, result: 'created', _version: 1 } };
    });
  return { took: 7, errors: false, items };
}

/** A cluster that accepts everything, like a healthy Elasticsearch 8/9. */
function healthyCluster(): void {
  mock.clearAll();
  mock.add({ method: 'HEAD', path: '/' }, () => '');
  mock.add({ method: 'PUT', path: '/:index' }, (params: any) => {
    record(params as Recorded);
    return { acknowledged: true, shards_acknowledged: true, index: (params as Recorded).path.slice(1) };
  });
  mock.add({ method: 'PUT', path: '/:index/_settings' }, (params: any) => (record(params as Recorded), acknowledged));
  mock.add({ method: ['GET', 'POST'], path: '/:index/_refresh' }, (params: any) => {
    record(params as Recorded);
    return { _shards: { total: 1, successful: 1, failed: 0 } };
  });
  mock.add({ method: 'GET', path: '/_alias/:name' }, (params: any) => {
    record(params as Recorded);
    if (!aliasTarget) {
      return new errors.ResponseError({
        body: { error: `alias [${ALIAS}] missing`, status: 404 },
        statusCode: 404,
        headers: {},
        warnings: null,
        meta: {} as never,
      });
    }
    return { [aliasTarget]: { aliases: { [ALIAS]: { is_write_index: true } } } };
  });
  mock.add({ method: 'POST', path: '/_aliases' }, (params: any) => {
    record(params as Recorded);
    const actions = (params.body as { actions: Array<{ add?: { index: string } }> }).actions;
    aliasTarget = actions.find((action) => action.add)?.add?.index;
    return acknowledged;
  });
  mock.add({ method: 'DELETE', path: '/:index' }, (params: any) => (record(params as Recorded), acknowledged));
  mock.add({ method: 'POST', path: '/_bulk' }, (params: any) => {
    record(params as Recorded);
    return bulkAnswer(params as Recorded);
  });
}

/** Answers searches with `answer` from now on. */
function onSearch(answer: (params: Recorded) => unknown): void {
  mock.clear({ method: 'POST', path: `/${ALIAS}/_search` });
  mock.add({ method: 'POST', path: `/${ALIAS}/_search` }, (params: any) => answer(params as Recorded) as never);
}

function responseError(statusCode: number, body: unknown) {
  return new errors.ResponseError({ body, statusCode, headers: {}, warnings: null, meta: {} as never });
}

describe('Elasticsearch search backend', () => {
  let t: TestCatalogue;
  let backend: SearchBackend;
  let clock = new Date('2026-11-22T10:00:00.000Z');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await openTestCatalogue('sqlite');
    const client = new Client({ node: 'http://localhost:9200', Connection: mock.getConnection(), maxRetries: 0 });
    backend = createElasticsearchBackend({ client, indexPrefix: 'aiod', now: () => clock });
    t.catalogue.search = backend;
    t.catalogue.now = () => new Date('2025-05-01T08:00:00.000Z');
    ids.speech = (
      await post(t.app, '/datasets', {
        name: 'Speech Commands',
        description: { plain: 'Spoken words.', html: '<p>Spoken <b>words</b></p>' },
        keyword: ['audio'],
        platform: 'zenodo',
        platform_resource_identifier: 'zenodo.org:1',
        issn: '20493630',
        license: 'MIT',
      })
    ).body.identifier;
    ids.news = (await post(t.app, '/news', { name: 'AI news', headline: 'Big AI news' })).body.identifier;
  });
  afterAll(async () => t.close());
  beforeEach(() => {
    requests = [];
    healthyCluster();
  });

  it('builds a new index with the model-derived mapping, fills it in bulk, then swaps the alias atomically', async () => {
    aliasTarget = undefined;
    await indexPendingChanges(t.catalogue);
    const [create, bulk, settings, refresh, alias, swap] = requests;
    expect(create).toMatchObject({ method: 'PUT', path: `/${NEW_INDEX}` });
    const properties: Record<string, unknown> = {
      identifier: { type: 'keyword' },
      type: { type: 'keyword' },
      platform: { type: 'keyword' },
      date_modified: { type: 'date' },
      revision: { type: 'long' },
      keywords: { type: 'keyword' },
      license: { type: 'keyword' },
      summary: { type: 'object', enabled: false },
    };
    for (const field of ELASTICSEARCH_TEXT_FIELDS) properties[field] = { type: 'text', analyzer: 'catalogue_text' };
    expect(create?.body).toEqual({
      settings: {
        analysis: {
          analyzer: { catalogue_text: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] } },
        },
        refresh_interval: '-1',
        max_result_window: 10000,
      },
      mappings: { dynamic: 'strict', properties },
    });
    // AIoD's defect C16: no text field carries an unbounded keyword sub-field.
    expect(JSON.stringify(create?.body)).not.toContain('"fields"');
    expect(ELASTICSEARCH_TEXT_FIELDS).toEqual(expect.arrayContaining(['name', 'description_plain', 'issn', 'headline', 'legal_name']));

    expect(bulk).toMatchObject({ method: 'POST', path: '/_bulk' });
    const lines = bulk?.body as unknown[];
    const speechAt = lines.findIndex((line) => JSON.stringify(line) === JSON.stringify({ index: { _index: NEW_INDEX, _id: ids.speech } }));
    expect(speechAt).toBeGreaterThanOrEqual(0);
    expect(lines[speechAt + 1]).toEqual({
      identifier: ids.speech,
      type: 'dataset',
      platform: 'zenodo',
      date_modified: '2025-05-01T08:00:00.000Z',
      revision: 1,
      keywords: ['audio'],
      license: 'MIT',
      summary: {
        identifier: ids.speech,
        name: 'Speech Commands',
        platform: 'zenodo',
        platform_resource_identifier: 'zenodo.org:1',
        description: { plain: 'Spoken words.', html: '<p>Spoken <b>words</b></p>' },
        aiod_entry: { date_modified: '2025-05-01T08:00:00.000Z', status: 'published' },
        keyword: ['audio'],
        issn: '20493630',
      },
      name: 'Speech Commands',
      description_plain: 'Spoken words.',
      description_html: ' Spoken  words  ',
      keyword: 'audio',
      issn: '20493630',
    });
    expect(lines).toHaveLength(4);
    expect(settings).toMatchObject({ method: 'PUT', path: `/${NEW_INDEX}/_settings`, body: { refresh_interval: '1s' } });
    expect(refresh).toMatchObject({ path: `/${NEW_INDEX}/_refresh` });
    expect(alias).toMatchObject({ method: 'GET', path: `/_alias/${ALIAS}` });
    expect(swap).toEqual({
      method: 'POST',
      path: '/_aliases',
      body: { actions: [{ add: { index: NEW_INDEX, alias: ALIAS, is_write_index: true } }] },
      querystring: {},
    });
  });

  it('a second rebuild moves the alias from the old index to the new one in one call and deletes the old index', async () => {
    aliasTarget = 'aiod-catalogue-20260101000000000';
    clock = new Date('2026-11-23T10:00:00.000Z');
    const { rebuildSearchIndex } = await import('../src/search/indexer.ts');
    await rebuildSearchIndex(t.catalogue);
    const next = 'aiod-catalogue-20261123100000000';
    const swap = requests.find((request) => request.path === '/_aliases');
    expect(swap?.body).toEqual({
      actions: [
        { remove: { index: 'aiod-catalogue-20260101000000000', alias: ALIAS } },
        { add: { index: next, alias: ALIAS, is_write_index: true } },
      ],
    });
    const last = requests.at(-1);
    expect(last).toMatchObject({ method: 'DELETE', path: '/aiod-catalogue-20260101000000000' });
    expect(requests.findIndex((request) => request.path === '/_aliases')).toBeLessThan(requests.length - 1);
  });

  it('sends changes from the change log as bulk actions on the alias, and deletes what is gone', async () => {
    aliasTarget = NEW_INDEX;
    await indexPendingChanges(t.catalogue);
    requests = [];
    const created = (await post(t.app, '/datasets', { name: 'Fresh data' })).body.identifier;
    await t.app.request(`/news/${ids.news}`, { method: 'DELETE' });
    await indexPendingChanges(t.catalogue);
    const bulks = requests.filter((request) => request.path === '/_bulk');
    expect(bulks).toHaveLength(1);
    const lines = bulks[0]?.body as Array<Record<string, unknown>>;
    expect(lines[0]).toEqual({ delete: { _index: ALIAS, _id: ids.news } });
    expect(lines[1]).toEqual({ index: { _index: ALIAS, _id: created } });
    expect(lines[2]).toMatchObject({ identifier: created, type: 'dataset', name: 'Fresh data' });
    expect(lines).toHaveLength(3);
    expect(await indexPendingChanges(t.catalogue)).toBe(0);
  });

  it('indexes the facet values the database backend counts: cut to 256 characters, trimmed, blanks left out', () => {
    const long = `${'k'.repeat(300)}`;
    const document: SearchDocument = {
      identifier: 'data_facetvaluesfacetvalues',
      type: 'dataset',
      platform: 'zenodo',
      dateModified: '2026-11-22T10:00:00.000Z',
      revision: 1,
      texts: { name: 'Facet values' },
      keywords: ['mit ', 'mit', long, '  '],
      license: 'CC-BY-4.0 ',
      summary: {},
    };
    const source = sourceOf(document);
    expect(source.keywords).toEqual(['mit', 'k'.repeat(256)]);
    expect(source.license).toBe('CC-BY-4.0');
    expect(facetValues(document)).toEqual([
      { facet: 'type', value: 'dataset' },
      { facet: 'platform', value: 'zenodo' },
      { facet: 'license', value: 'CC-BY-4.0' },
      { facet: 'keyword', value: 'mit' },
      { facet: 'keyword', value: 'k'.repeat(256) },
    ]);
  });

  it('keeps its position when Elasticsearch refuses a bulk (429 or item errors), and catches up later', async () => {
    aliasTarget = NEW_INDEX;
    await indexPendingChanges(t.catalogue);
    await post(t.app, '/datasets', { name: 'Delayed data' });
    mock.clear({ method: 'POST', path: '/_bulk' });
    mock.add({ method: 'POST', path: '/_bulk' }, () => responseError(429, { error: { type: 'es_rejected_execution_exception' }, status: 429 }));
    await expect(indexPendingChanges(t.catalogue)).rejects.toThrow(/overloaded/);
    mock.clear({ method: 'POST', path: '/_bulk' });
    mock.add({ method: 'POST', path: '/_bulk' }, (params: any) => {
      const answer = bulkAnswer(params as Recorded);
      answer.errors = true;
      (answer.items[0] as Record<string, unknown>).index = {
        _index: NEW_INDEX,
        _id: 'x',
        status: 400,
        error: { type: 'mapper_parsing_exception', reason: 'failed to parse' },
      };
      return answer;
    });
    await expect(indexPendingChanges(t.catalogue)).rejects.toThrow(/mapper_parsing_exception/);
    mock.clear({ method: 'POST', path: '/_bulk' });
    mock.add({ method: 'POST', path: '/_bulk' }, (params: any) => (record(params as Recorded), bulkAnswer(params as Recorded)));
    expect(await indexPendingChanges(t.catalogue)).toBe(1);
    expect(JSON.stringify(requests.filter((request) => request.path === '/_bulk').at(-1)?.body)).toContain('Delayed data');
  });

  it('sends the exact search request and turns a realistic answer into AIoD\'s response with facets', async () => {
    let sent: Recorded | undefined;
    onSearch((params: any) => {
      sent = params;
      return {
        took: 3,
        timed_out: false,
        _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
        hits: {
          total: { value: 2, relation: 'eq' },
          max_score: 2.1,
          hits: [
            {
              _index: NEW_INDEX,
              _id: ids.speech,
              _score: 2.1,
              _source: { identifier: ids.speech, type: 'dataset', summary: { identifier: ids.speech, name: 'Speech Commands' } },
            },
            {
              _index: NEW_INDEX,
              _id: 'data_deletedSinceIndexing0000',
              _score: 1.3,
              _source: { identifier: 'data_deletedSinceIndexing0000', type: 'dataset', summary: { name: 'Gone' } },
            },
          ],
        },
        aggregations: {
          platform: { doc_count_error_upper_bound: 0, sum_other_doc_count: 0, buckets: [{ key: 'zenodo', doc_count: 2 }] },
        },
      };
    });
    const response = await get(
      t.app,
      '/search/datasets?search_query=Speech words&platforms=zenodo&search_fields=name,issn&exact_match=true' +
        '&date_modified_after=2025-01-01&date_modified_before=2026-01-01&offset=5&limit=20&facets=platform',
    );
    expect(response.status).toBe(200);
    expect(sent?.body).toEqual({
      from: 5,
      size: 20,
      track_total_hits: true,
      _source: ['identifier', 'type', 'summary'],
      query: {
        bool: {
          must: [
            { multi_match: { query: 'Speech words', fields: ['name^3', 'issn'], type: 'cross_fields', operator: 'and' } },
          ],
          filter: [
            { terms: { type: ['dataset'] } },
            { terms: { platform: ['zenodo'] } },
            { range: { date_modified: { gte: '2025-01-01', lt: '2026-01-01' } } },
          ],
        },
      },
      sort: ['_score', { identifier: 'asc' }],
      aggs: { platform: { terms: { field: 'platform', size: 20 } } },
    });
    expect(response.body).toEqual({
      total_hits: 2,
      resources: [
        { identifier: ids.speech, name: 'Speech Commands' },
        { name: 'Gone' },
      ],
      limit: 20,
      offset: 5,
      total_hits_relation: 'eq',
      facets: { platform: [{ value: 'zenodo', count: 2 }] },
    });
    // get_all hydrates from the database in hit order and skips the hit deleted since indexing.
    const full = await get(t.appWith(async () => anonymous), '/search/datasets?search_query=speech&get_all=true&sort=date_modified');
    expect(full.body.resources.map((item: { identifier: string }) => item.identifier)).toEqual([ids.speech]);
    expect(full.body.resources[0].license).toBe('MIT');
    expect((sent?.body as { sort: unknown }).sort).toEqual([{ date_modified: 'desc' }, { identifier: 'desc' }]);
    expect((sent?.body as { query: { bool: { must: unknown[] } } }).query.bool.must[0]).toEqual({
      multi_match: {
        query: 'speech',
        fields: ['name^3', 'description_plain', 'description_html', 'keyword^2', 'issn'],
        type: 'best_fields',
        operator: 'or',
      },
    });
  });

  it('passes a total Elasticsearch did not count to the end on as a lower bound', async () => {
    onSearch(() => ({ took: 1, timed_out: false, hits: { total: { value: 10000, relation: 'gte' }, hits: [] } }));
    const response = await get(t.app, '/search/datasets?search_query=data');
    expect(response.body).toMatchObject({ total_hits: 10000, total_hits_relation: 'gte', resources: [] });
  });

  it('answers 503 with its own error body when Elasticsearch is overloaded, down or unreachable', async () => {
    for (const status of [429, 503]) {
      onSearch(() => responseError(status, { error: { type: 'circuit_breaking_exception', reason: 'Data too large' }, status }));
      const response = await get(t.app, '/search/datasets?search_query=speech');
      expect(response.status).toBe(503);
      expect(errorDetail(response)).toMatch(/overloaded or unavailable/);
      expect(response.text).not.toContain('circuit_breaking_exception');
      expect(response.headers.get('retry-after')).toBe('5');
    }
    onSearch(() => new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9200'));
    const down = await get(t.app, '/search/datasets?search_query=speech');
    expect(down.status).toBe(503);
    expect(errorDetail(down)).toMatch(/cannot be reached/);
    expect(down.text).not.toContain('ECONNREFUSED');
  });

  it('turns an unexpected Elasticsearch error into a 500 with the usual error body, not raw text', async () => {
    onSearch(() => responseError(400, { error: { type: 'search_phase_execution_exception', reason: 'all shards failed' }, status: 400 }));
    const response = await get(t.app, '/search/datasets?search_query=speech');
    expect(response.status).toBe(500);
    expect(typeof errorDetail(response)).toBe('string');
    expect(response.text).not.toContain('all shards failed');
  });

  it('refuses pages beyond the result window with 422 instead of failing in Elasticsearch', async () => {
    const response = await get(t.app, '/search/datasets?search_query=speech&offset=9995&limit=10');
    expect(response.status).toBe(422);
    expect(JSON.stringify(errorDetail(response))).toContain('offset + limit');
  });
});
