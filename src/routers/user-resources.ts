/** GET /user/resources: the assets you administer, any status, grouped by type. */
import { z } from '@hono/zod-openapi';
import type { ApiVersion } from '../database/model/schemas.ts';
import type { Catalogue } from '../services/catalogue.ts';
import { userResources } from '../services/user-resources.ts';
import type { VersionApp } from './app-env.ts';
import { MAX_LIMIT, commonErrors, errorResponse } from './parameters.ts';
import { viewerOf } from './resources.ts';
import { addRoute } from './route.ts';

const DEFAULT_LIMIT = 10;

export function addUserResourceRoutes(app: VersionApp, catalogue: Catalogue, version: ApiVersion): void {
  addRoute(app, {
    method: 'get',
    path: '/user/resources',
    tags: ['user'],
    summary: 'The assets you administer, drafts included, grouped by type',
    description:
      version === 'v2'
        ? 'In /v2 the default limit (10) means "no limit", as in AIoD v2; give another limit to page.'
        : 'Paging and sorting apply across all types.',
    query: z.object({
      offset: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
      sort: z.enum(['date_created', 'date_modified']).default('date_modified'),
      direction: z.enum(['asc', 'desc']).default('desc'),
    }),
    responses: {
      200: { description: '`{"<type>": [assets...]}`.', content: { 'application/json': { schema: z.record(z.string(), z.array(z.object({}).passthrough())) } } },
      401: errorResponse('Not signed in.'),
      ...commonErrors,
    },
    handler: async (c, { query }) => {
      const body = await userResources(catalogue, viewerOf(c, version), {
        sort: query.sort,
        direction: query.direction,
        offset: query.offset,
        limit: version === 'v2' && query.limit === DEFAULT_LIMIT ? undefined : query.limit,
      });
      return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/json' });
    },
  });
}
