/**
 * Taxonomy routes (`/licenses`, `/AI_paradigms`, ...: official terms as trees, AIoD v2 §3.5; /v2
 * keeps the old paths as deprecated aliases) and open vocabularies (`/keywords`, ...: every value in
 * use, lower-cased, paginated with X-Total-Count and Link).
 */
import { z } from '@hono/zod-openapi';
import type { ApiVersion } from '../database/model/schemas.ts';
import { taxonomies, type TaxonomyDefinition } from '../database/model/taxonomies.ts';
import { jsonWithEtag, listResponse } from '../http/responses.ts';
import type { Catalogue } from '../services/catalogue.ts';
import { taxonomyTree, vocabularyValues } from '../services/taxonomies.ts';
import type { VersionApp } from './app-env.ts';
import { commonErrors } from './parameters.ts';
import { addRoute } from './route.ts';

const VOCABULARY_LIMIT = 1000;

interface Node {
  term: string;
  definition: string;
  subterms: Node[];
}
const nodeSchema: z.ZodType<Node> = z
  .lazy(() => z.object({ term: z.string(), definition: z.string(), subterms: z.array(nodeSchema) }))
  .openapi('TaxonomyTerm', { example: { term: 'Business', definition: 'News about business.', subterms: [] } });

const vocabularyQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0).openapi({ description: 'How many values to skip.' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(VOCABULARY_LIMIT)
    .default(VOCABULARY_LIMIT)
    .openapi({ description: `Page size, 1 to ${VOCABULARY_LIMIT}.` }),
});

function addTaxonomyRoute(app: VersionApp, catalogue: Catalogue, definition: TaxonomyDefinition, path: string, deprecated: boolean) {
  addRoute(app, {
    method: 'get',
    path,
    tags: ['Taxonomies'],
    summary: `The ${definition.name.replaceAll('_', ' ')} taxonomy`,
    description: `${definition.description} Official terms as a tree; writers other than connectors must use these terms.`,
    deprecated,
    responses: {
      200: { description: 'The terms.', content: { 'application/json': { schema: z.array(nodeSchema) } } },
    },
    handler: async (c) => jsonWithEtag(c, Buffer.from(JSON.stringify(await taxonomyTree(catalogue, definition.name)))),
  });
}

function addVocabularyRoute(app: VersionApp, catalogue: Catalogue, definition: TaxonomyDefinition) {
  addRoute(app, {
    method: 'get',
    path: definition.route,
    tags: ['enums'],
    summary: `Values of ${definition.name.replaceAll('_', ' ')}`,
    description: `${definition.description} Every value in use, lower-cased, alphabetically; the total is in X-Total-Count.`,
    query: vocabularyQuery,
    responses: {
      200: { description: 'The values.', content: { 'application/json': { schema: z.array(z.string()) } } },
      ...commonErrors,
    },
    handler: async (c, { query }) => {
      const { items, total } = await vocabularyValues(catalogue, definition.name, query.offset, query.limit);
      return listResponse(
        c,
        items.map((item) => Buffer.from(JSON.stringify(item))),
        { offset: query.offset, limit: query.limit, total },
      );
    },
  });
}

export function addTaxonomyRoutes(app: VersionApp, catalogue: Catalogue, version: ApiVersion): void {
  for (const definition of taxonomies) {
    if (definition.kind === 'vocabulary') {
      addVocabularyRoute(app, catalogue, definition);
      continue;
    }
    addTaxonomyRoute(app, catalogue, definition, definition.route, false);
    if (version === 'v2' && definition.v2Alias) addTaxonomyRoute(app, catalogue, definition, definition.v2Alias, true);
  }
}
