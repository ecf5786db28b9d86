/**
 * Search on Elasticsearch (official client). Searches and the indexer go through an alias
 * (`<prefix>-catalogue`); a rebuild fills a new index and moves the alias to it in one atomic
 * `_aliases` call, so searches never see a missing or half-built index. Overload and outages
 * (429, 502-504, connection errors, timeouts) become SearchUnavailableError: the API answers 503
 * with its usual error body, never Elasticsearch's raw text.
 */
import { Client, type errors } from '@elastic/elasticsearch';
import type { Json } from '../database/model/normalize.ts';
import {
  FACET_SIZE,
  type IndexChanges,
  type SearchBackend,
  type SearchQuery,
  type SearchResult,
  SearchUnavailableError,
} from './backend.ts';
import type { FacetName, SearchDocument } from './document.ts';
import { INDEX_SETTINGS, indexMappings } from './elasticsearch-mapping.ts';
import { searchRequest, sourceOf } from './elasticsearch-query.ts';

export interface ElasticsearchOptions {
  client: Client;
  indexPrefix: string;
  /** The clock names new indices; tests pin it. */
  now?: () => Date;
}

/** Deep pages beyond this need search_after in Elasticsearch; offset + limit is capped here. */
export const MAX_RESULT_WINDOW = 10_000;

const UNAVAILABLE_STATUSES = new Set([429, 502, 503, 504]);

/**
 * The client's errors are recognised by name: the package ships both an ES module and a CommonJS
 * build, so an error may come from the other copy's class and fail `instanceof`.
 */
const errorName = (error: unknown): string | undefined => (error instanceof Error ? error.name : undefined);
const UNREACHABLE = new Set(['ConnectionError', 'TimeoutError', 'NoLivingConnectionsError']);

function statusOf(error: unknown): number | undefined {
  return errorName(error) === 'ResponseError' ? ((error as errors.ResponseError).meta?.statusCode ?? 0) : undefined;
}

/** Elasticsearch's failure as our error: unavailable (503 for the caller) or unexpected. */
export function translateError(error: unknown): Error {
  const status = statusOf(error);
  if (status !== undefined) {
    const response = error as errors.ResponseError;
    if (UNAVAILABLE_STATUSES.has(status)) {
      const retryAfter = Number(response.meta.headers?.['retry-after']);
      return new SearchUnavailableError(
        `The search service is overloaded or unavailable (Elasticsearch answered ${status}); try again shortly.`,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      );
    }
    if (status === 404) return new SearchUnavailableError('The search index does not exist yet; it is being built.');
    return new Error(`Elasticsearch answered ${status}: ${JSON.stringify(response.body).slice(0, 500)}`);
  }
  if (UNREACHABLE.has(errorName(error) ?? '')) {
    return new SearchUnavailableError('The search service cannot be reached; try again shortly.');
  }
  return error instanceof Error ? error : new Error(String(error));
}

async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateError(error);
  }
}

interface BulkItem {
  [action: string]: { status?: number; error?: { type?: string; reason?: string } } | undefined;
}

/** Throws unless every bulk action succeeded (a delete of a missing document counts as done). */
function checkBulk(response: { errors?: boolean; items?: BulkItem[] }): void {
  if (!response.errors) return;
  // A delete of a missing document answers 404 without an error: that one is done.
  const failures = (response.items ?? []).map((item) => Object.values(item)[0]).filter((result) => result?.error);
  if (failures.length === 0) return;
  const overloaded = failures.some((failure) => failure?.status === 429 || failure?.status === 503);
  const first = failures[0]?.error;
  const message = `Elasticsearch refused ${failures.length} bulk action(s): ${first?.type ?? ''} ${first?.reason ?? ''}`.trim();
  throw overloaded ? new SearchUnavailableError(message) : new Error(message);
}

export function createElasticsearchBackend(options: ElasticsearchOptions): SearchBackend {
  const { client, indexPrefix } = options;
  const now = options.now ?? (() => new Date());
  const alias = `${indexPrefix}-catalogue`;

  async function search(query: SearchQuery): Promise<SearchResult> {
    const response = await call(() => client.search(searchRequest(alias, query, FACET_SIZE) as never));
    const hits = response.hits.hits.map((hit) => {
      const source = hit._source as { identifier: string; type: string; summary: Json };
      return { identifier: source.identifier, type: source.type, summary: source.summary };
    });
    const total = response.hits.total;
    const facets: SearchResult['facets'] = {};
    const aggregations = (response.aggregations ?? {}) as Record<string, { buckets?: Array<{ key: string; doc_count: number }> }>;
    for (const facet of query.facets) {
      facets[facet as FacetName] = (aggregations[facet]?.buckets ?? []).map((bucket) => ({
        value: String(bucket.key),
        count: bucket.doc_count,
      }));
    }
    return {
      total: typeof total === 'number' ? total : (total?.value ?? 0),
      totalRelation: typeof total === 'object' && total?.relation === 'gte' ? 'gte' : 'eq',
      hits,
      facets,
    };
  }

  async function bulk(index: string, changes: IndexChanges): Promise<void> {
    const operations: unknown[] = [];
    for (const identifier of changes.remove) operations.push({ delete: { _index: index, _id: identifier } });
    for (const document of changes.upsert) {
      operations.push({ index: { _index: index, _id: document.identifier } }, sourceOf(document));
    }
    if (operations.length === 0) return;
    const response = await call(() => client.bulk({ operations } as never));
    checkBulk(response as never);
  }

  /** Indices the alias points at now. */
  async function aliasedIndices(): Promise<string[]> {
    try {
      return Object.keys(await client.indices.getAlias({ name: alias }));
    } catch (error) {
      if (statusOf(error) === 404) return [];
      throw translateError(error);
    }
  }

  async function rebuild(batches: AsyncIterable<SearchDocument[]>, onBatch?: (indexed: number) => void): Promise<number> {
    const index = `${alias}-${now().toISOString().replace(/[^0-9]/g, '').slice(0, 17)}`;
    // No refreshes while filling: the new index is not searched until the alias moves to it.
    await call(() =>
      client.indices.create({
        index,
        settings: { ...INDEX_SETTINGS, refresh_interval: '-1', max_result_window: MAX_RESULT_WINDOW },
        mappings: indexMappings(),
      } as never),
    );
    let indexed = 0;
    for await (const batch of batches) {
      await bulk(index, { upsert: batch, remove: [] });
      indexed += batch.length;
      onBatch?.(indexed);
    }
    await call(() => client.indices.putSettings({ index, settings: { refresh_interval: '1s' } } as never));
    await call(() => client.indices.refresh({ index }));
    const previous = await aliasedIndices();
    await call(() =>
      client.indices.updateAliases({
        actions: [
          ...previous.map((old) => ({ remove: { index: old, alias } })),
          { add: { index, alias, is_write_index: true } },
        ],
      } as never),
    );
    for (const old of previous) await call(() => client.indices.delete({ index: old }));
    return indexed;
  }

  return {
    kind: 'elasticsearch',
    consumer: `elasticsearch:${alias}`,
    search,
    apply: (changes) => bulk(alias, changes),
    rebuild,
    exists: async () => (await aliasedIndices()).length > 0,
    ping: async () => {
      try {
        return await client.ping();
      } catch {
        return false;
      }
    },
    close: () => client.close(),
  };
}

export function elasticsearchClient(settings: {
  url: string;
  username: string;
  password: string;
  apiKey: string;
  timeoutMs: number;
}): Client {
  return new Client({
    node: settings.url,
    requestTimeout: settings.timeoutMs,
    maxRetries: 2,
    ...(settings.apiKey
      ? { auth: { apiKey: settings.apiKey } }
      : settings.username
        ? { auth: { username: settings.username, password: settings.password } }
        : {}),
  });
}
