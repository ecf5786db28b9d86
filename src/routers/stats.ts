/**
 * Access statistics (AIoD v2 §2.5.12): the most read published assets, of one type or of every
 * type; reads are counted by services/asset-hits.ts. Unlike AIoD, `/stats/top/all` answers (AIoD
 * declares it after the parameter route, which shadows it) and unpublished assets never show.
 */
import { z } from '@hono/zod-openapi';
import { resourceByPlural, resourceTypes } from '../database/model/registry.ts';
import type { ResourceType } from '../database/model/resource.ts';
import { topHits, topHitsPerType } from '../services/asset-hits.ts';
import type { Catalogue } from '../services/catalogue.ts';
import type { VersionApp } from './app-env.ts';
import { commonErrors } from './parameters.ts';
import { addRoute } from './route.ts';

const plurals = resourceTypes.map((resource) => resource.plural) as [string, ...string[]];
const count = (description: string) =>
  z.coerce.number().int().min(1).max(100).default(10).openapi({ type: 'integer', description });

export function addStatsRoutes(app: VersionApp, catalogue: Catalogue): void {
  const tags = ['statistics'];
  addRoute(app, {
    method: 'get',
    path: '/stats/top/all',
    tags,
    summary: 'The most read published assets of every type',
    query: z.object({ limit_per_type: count('How many assets per type.') }),
    responses: {
      200: {
        description: 'Per type (its route name), its most read assets with their successful reads, most read first.',
        content: { 'application/json': { schema: z.array(z.object({ type: z.string(), asset: z.string(), hits: z.number().int() })) } },
      },
      ...commonErrors,
    },
    handler: async (c, { query }) => c.json(await topHitsPerType(catalogue, query.limit_per_type)),
  });
  addRoute(app, {
    method: 'get',
    path: '/stats/top/{resource_type}',
    tags,
    summary: 'The most read published assets of a type',
    params: z.object({ resource_type: z.enum(plurals).openapi({ example: 'datasets' }) }),
    query: z.object({ limit: count('How many assets.') }),
    responses: {
      200: {
        description: 'The most read assets with their successful reads, most read first.',
        content: { 'application/json': { schema: z.array(z.object({ asset_id: z.string(), hits: z.number().int() })) } },
      },
      ...commonErrors,
    },
    handler: async (c, { params, query }) => {
      const rows = await topHits(catalogue, resourceByPlural(params.resource_type) as ResourceType, query.limit);
      return c.json(rows.map((row) => ({ asset_id: row.asset, hits: row.hits })));
    },
  });
}
