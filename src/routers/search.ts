/**
 * GET /search/{type} for every searchable type, and GET /search across all of them (reference v1
 * §3.11, v2 §6.5), with AIoD's parameters and response, plus relevance ranking, sorting by
 * date_modified and facet counts. Tolerates what the Python client sends: the whole query string
 * lower-cased, repeated list parameters; comma-separated lists are accepted too.
 */
import { z } from '@hono/zod-openapi';
import type { ApiVersion } from '../database/model/schemas.ts';
import { readSchema } from '../database/model/schemas.ts';
import { FACETS } from '../search/document.ts';
import { allSearchFields, type SearchableType, searchableTypes } from '../search/schema.ts';
import type { Catalogue } from '../services/catalogue.ts';
import { type SearchRequest, searchAssets } from '../services/search.ts';
import type { VersionApp } from './app-env.ts';
import { booleanQuery, commonErrors, errorResponse, listQuery, paginationQuery } from './parameters.ts';
import { viewerOf } from './resources.ts';
import { addRoute } from './route.ts';

/** A list parameter: repeated (`a=1&a=2`) or comma-separated (`a=1,2`). */
const listParameter = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) =>
      (Array.isArray(value) ? value : [value])
        .filter((entry): entry is string => typeof entry === 'string')
        .flatMap((entry) => entry.split(','))
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0),
    z.array(item),
  );

/** Dates as the list routes take them, also when a client lower-cased them ("2025-01-31t12:00:00z"). */
const searchDate = (schema: z.ZodType) => z.preprocess((value) => (typeof value === 'string' ? value.toUpperCase() : value), schema);

function searchQuerySchema(fields: readonly string[]) {
  return paginationQuery.extend({
    search_query: z.string().openapi({
      description: 'The words to look for, in any case; diacritics are ignored.',
      example: 'speech recognition',
    }),
    search_fields: listParameter(z.enum(fields as [string, ...string[]]))
      .optional()
      .openapi({ description: `Fields to search (default: all): ${fields.join(', ')}.`, type: 'array', items: { type: 'string', enum: [...fields] } }),
    platforms: listParameter(z.string())
      .optional()
      .openapi({ description: 'Only assets of these platforms.', type: 'array', items: { type: 'string' }, example: ['zenodo'] }),
    exact_match: booleanQuery
      .default(false)
      .openapi({ description: 'Every word must occur (in any searched field); by default any word will do.', type: 'boolean' }),
    date_modified_after: searchDate(listQuery.shape.date_modified_after).openapi({
      description: 'Only assets modified on or after this date (inclusive).',
      type: 'string',
      example: '2025-01-31',
    }),
    date_modified_before: searchDate(listQuery.shape.date_modified_before).openapi({
      description: 'Only assets modified before this date (exclusive).',
      type: 'string',
      example: '2025-12-31',
    }),
    sort: z
      .enum(['relevance', 'date_modified', 'identifier'])
      .default('relevance')
      .openapi({ description: 'Order of the hits: best match first (default), by date_modified, or by identifier.' }),
    direction: z
      .enum(['asc', 'desc'])
      .optional()
      .openapi({ description: 'Direction for sort=date_modified (default desc) and sort=identifier (default asc).' }),
    sort_by_id: booleanQuery
      .default(false)
      .openapi({ description: "AIoD's switch: order by identifier instead of relevance.", type: 'boolean' }),
    sort_by_date_modified: booleanQuery
      .default(false)
      .openapi({ description: 'Newest first (same as sort=date_modified).', type: 'boolean' }),
    get_all: booleanQuery.default(false).openapi({
      description: 'Return the full assets (as GET returns them) instead of the reduced objects kept in the index.',
      type: 'boolean',
    }),
    facets: listParameter(z.enum(FACETS))
      .default([])
      .openapi({
        description: 'Count matching assets per value of these facets (top 20 each), returned under "facets".',
        type: 'array',
        items: { type: 'string', enum: [...FACETS] },
      }),
  });
}

type SearchParameters = z.infer<ReturnType<typeof searchQuerySchema>>;

function requestOf(types: string[], query: SearchParameters, withType: boolean): SearchRequest {
  const sort = query.sort_by_id ? 'identifier' : query.sort_by_date_modified ? 'date_modified' : query.sort;
  return {
    types,
    text: query.search_query,
    ...(query.search_fields && query.search_fields.length > 0 ? { fields: query.search_fields } : {}),
    allWords: query.exact_match,
    ...(query.platforms && query.platforms.length > 0 ? { platforms: query.platforms } : {}),
    ...(query.date_modified_after !== undefined ? { dateModifiedAfter: query.date_modified_after as string } : {}),
    ...(query.date_modified_before !== undefined ? { dateModifiedBefore: query.date_modified_before as string } : {}),
    sort,
    direction: query.direction ?? (sort === 'date_modified' ? 'desc' : 'asc'),
    offset: query.offset,
    limit: query.limit,
    facets: [...new Set(query.facets)],
    getAll: query.get_all,
    withType,
  };
}

const RESPONSE_DESCRIPTION =
  'With get_all=true, `resources` are the assets as GET returns them to you, in hit order (hits ' +
  'deleted or unpublished since they were indexed are left out). With get_all=false (default) they ' +
  'are the reduced objects kept in the index: identifier, name, platform, platform_resource_identifier, ' +
  'description, aiod_entry (date_modified, status "published"), keyword and the type\'s own searched fields. ' +
  '`total_hits` counts the matches: exactly when `total_hits_relation` is "eq"; when it is "gte", at least ' +
  'that many (the database index stops counting at 10,000 where a total would cost reading every match, as ' +
  'Elasticsearch does). `facets` is present when asked for: ' +
  '`{"platform": [{"value": "zenodo", "count": 12}], ...}`.';

const ERRORS = {
  400: errorResponse('An unknown platform: the detail lists the available ones.'),
  503: errorResponse('The search service is overloaded or unavailable; retry after Retry-After seconds.'),
  ...commonErrors,
};

function responseSchema(resource: z.ZodType) {
  return z.object({
    total_hits: z.number().int(),
    resources: z.array(resource),
    limit: z.number().int(),
    offset: z.number().int(),
    total_hits_relation: z.enum(['eq', 'gte']),
    facets: z
      .record(z.string(), z.array(z.object({ value: z.string(), count: z.number().int() })))
      .optional(),
  });
}

function addTypeRoute(app: VersionApp, catalogue: Catalogue, version: ApiVersion, searchable: SearchableType): void {
  const { resource } = searchable;
  const query = searchQuerySchema(searchable.fields);
  addRoute(app, {
    method: 'get',
    path: `/search/${resource.plural}`,
    tags: ['search'],
    summary: `Search published ${resource.plural}`,
    description: `Full-text search over ${searchable.fields.join(', ')}. ${RESPONSE_DESCRIPTION}`,
    query,
    responses: {
      200: {
        description: `Matching ${resource.plural}.`,
        content: { 'application/json': { schema: responseSchema(readSchema(resource, version)) } },
      },
      ...ERRORS,
    },
    handler: async (c, input) => {
      const body = await searchAssets(catalogue, requestOf([resource.type], input.query, false), viewerOf(c, version));
      return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/json' });
    },
  });
}

export function addSearchRoutes(app: VersionApp, catalogue: Catalogue, version: ApiVersion): void {
  for (const searchable of searchableTypes) addTypeRoute(app, catalogue, version, searchable);
  const types = searchableTypes.map((searchable) => searchable.resource.type);
  addRoute(app, {
    method: 'get',
    path: '/search',
    tags: ['search'],
    summary: 'Search published assets of every searchable type',
    description:
      `Searches ${searchableTypes.map((searchable) => searchable.resource.plural).join(', ')} at once; ` +
      `every resource carries "resource_type" (e.g. "dataset"). A search field applies to the types that have it. ${RESPONSE_DESCRIPTION}`,
    query: searchQuerySchema(allSearchFields),
    responses: {
      200: {
        description: 'Matching assets of any type.',
        content: { 'application/json': { schema: responseSchema(z.object({ resource_type: z.string() }).passthrough()) } },
      },
      ...ERRORS,
    },
    handler: async (c, input) => {
      const body = await searchAssets(catalogue, requestOf(types, input.query, true), viewerOf(c, version));
      return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/json' });
    },
  });
}
