/**
 * Search (GET /search/{type}, GET /search): checks the request against the catalogue (platforms),
 * asks the search backend, and turns hits into resources as the caller may see them:
 *  - get_all=false: the reduced read object stored in the index;
 *  - get_all=true: the full read objects, loaded in ONE query by the hits' identifiers through the
 *    same read-model helpers as GET (masking and visibility decided there), in hit order; a hit
 *    whose asset was deleted or unpublished since it was indexed is skipped, not a 404.
 */
import { resourceByType } from '../database/model/registry.ts';
import type { Json } from '../database/model/normalize.ts';
import { ApiError, badRequest, unprocessable } from '../errors.ts';
import { renderedByIds, type RenderingVariant } from '../repositories/asset-snapshots.ts';
import { platformNames } from '../repositories/platforms.ts';
import { type SearchQuery, type SearchResult, SearchUnavailableError } from '../search/backend.ts';
import { MAX_RESULT_WINDOW } from '../search/elasticsearch-backend.ts';
import { searchBackendOf } from '../search/open-backend.ts';
import type { Catalogue } from './catalogue.ts';
import { textsOf } from './asset-reads.ts';
import type { Viewer } from './render-snapshot.ts';
import { variantFor } from './rendering.ts';
import { LISTED_STATUSES } from './visibility.ts';

export interface SearchRequest extends SearchQuery {
  /** Full read objects (true) or the index's reduced ones (false). */
  getAll: boolean;
  /** GET /search: every resource carries `resource_type`. */
  withType: boolean;
}

async function requireKnownPlatforms(catalogue: Catalogue, platforms: string[] | undefined): Promise<void> {
  if (!platforms || platforms.length === 0) return;
  const known = await platformNames(catalogue.database.kysely);
  if (platforms.every((platform) => known.includes(platform))) return;
  throw badRequest(`The available platforms are: ${known.join(', ')}`);
}

async function runSearch(catalogue: Catalogue, query: SearchQuery): Promise<SearchResult> {
  const backend = searchBackendOf(catalogue);
  if (backend.kind === 'elasticsearch' && query.offset + query.limit > MAX_RESULT_WINDOW) {
    throw unprocessable([
      {
        loc: ['query', 'offset'],
        msg: `offset + limit must not exceed ${MAX_RESULT_WINDOW}; narrow the search or use date_modified filters.`,
        type: 'value_error',
      },
    ]);
  }
  try {
    return await backend.search(query);
  } catch (error) {
    if (error instanceof SearchUnavailableError) {
      throw new ApiError(503, error.message, { 'Retry-After': String(error.retryAfterSeconds ?? 5) });
    }
    throw error;
  }
}

/** The variant one query can fetch for every type searched, or 'none' when they differ. */
function commonVariant(types: string[], viewer: Viewer): RenderingVariant {
  const variants = new Set(types.map((type) => variantFor(resourceByType(type), viewer)));
  return variants.size === 1 ? ([...variants][0] as RenderingVariant) : 'none';
}

/** Full read objects of the hits, in hit order, skipping stale hits. */
async function hydrate(catalogue: Catalogue, result: SearchResult, types: string[], viewer: Viewer): Promise<Array<[string, Uint8Array]>> {
  const reader = catalogue.database.reader;
  const variant = commonVariant(types, viewer);
  const rows = await renderedByIds(reader, result.hits.map((hit) => hit.identifier), variant);
  const byIdentifier = new Map(rows.map((row) => [row.identifier, row]));
  const visible = result.hits.flatMap((hit) => {
    const row = byIdentifier.get(hit.identifier);
    // Deleted or unpublished since it was indexed: the index will catch up; skip it (drafts are
    // never search results, not even for callers who may read them elsewhere).
    if (!row || row.live === null || row.type !== hit.type || !LISTED_STATUSES.includes(row.status)) return [];
    return [row];
  });
  const texts = await textsOf(catalogue, visible, variant, viewer);
  return visible.map((row, index) => [row.type, texts[index] as Uint8Array]);
}

const OPEN = Buffer.from('{');

/** `{"resource_type":"dataset",` + the rest of the object: the type added without parsing the JSON. */
function withResourceType(type: string, json: Uint8Array): Uint8Array {
  const rest = Buffer.from(json.buffer, json.byteOffset, json.byteLength).subarray(1);
  const empty = rest.length === 1; // "{}"
  return Buffer.concat([OPEN, Buffer.from(`"resource_type":${JSON.stringify(type)}${empty ? '' : ','}`), rest]);
}

/**
 * The response body: `{total_hits, resources, limit, offset}` as AIoD's, plus `total_hits_relation`
 * ("eq": exact; "gte": at least, as Elasticsearch reports totals it did not count to the end) and
 * `facets` when asked for, as UTF-8.
 */
export async function searchAssets(catalogue: Catalogue, request: SearchRequest, viewer: Viewer): Promise<Uint8Array> {
  await requireKnownPlatforms(catalogue, request.platforms);
  const result = await runSearch(catalogue, request);
  const resources: Array<[string, Uint8Array]> = request.getAll
    ? await hydrate(catalogue, result, request.types, viewer)
    : result.hits.map((hit) => [hit.type, Buffer.from(JSON.stringify(hit.summary as Json))]);
  const parts: Uint8Array[] = [Buffer.from(`{"total_hits":${result.total},"resources":[`)];
  resources.forEach(([type, json], index) => {
    if (index > 0) parts.push(Buffer.from(','));
    parts.push(request.withType ? withResourceType(type, json) : json);
  });
  parts.push(Buffer.from(`],"limit":${request.limit},"offset":${request.offset},"total_hits_relation":"${result.totalRelation}"`));
  if (request.facets.length > 0) parts.push(Buffer.from(`,"facets":${JSON.stringify(result.facets)}`));
  parts.push(Buffer.from('}'));
  return Buffer.concat(parts);
}
