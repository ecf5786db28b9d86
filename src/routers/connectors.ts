/** GET /connectors and /connectors/{name}: connector runs and record errors, for administrators. */
import { z } from '@hono/zod-openapi';
import { CONNECTOR_NAMES } from '../connectors/names.ts';
import { connectorDetail, connectorOverview } from '../services/connector-reports.ts';
import type { Catalogue } from '../services/catalogue.ts';
import type { VersionApp } from './app-env.ts';
import { errorResponse } from './parameters.ts';
import { addRoute } from './route.ts';

const runSchema = z.object({
  identifier: z.number().int(),
  connector: z.string(),
  status: z.enum(['running', 'succeeded', 'failed', 'aborted']),
  complete: z.boolean().describe('The run listed everything the platform has and deleted what it no longer lists.'),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  options: z.record(z.string(), z.unknown()),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  deleted: z.number().int(),
  failed: z.number().int(),
  message: z.string().nullable(),
});

const overviewSchema = z.array(
  z.object({
    name: z.string(),
    platform: z.string(),
    running: z.boolean(),
    last_complete_listing: z.string().nullable(),
    last_run: runSchema.nullable(),
    open_errors: z.number().int().describe('Records that failed and have not been stored since.'),
  }),
);

const detailSchema = z.object({
  name: z.string(),
  platform: z.string(),
  runs: z.array(runSchema),
  errors: z.array(
    z.object({
      run: z.number().int(),
      resource: z.string(),
      platform_resource_identifier: z.string().nullable(),
      message: z.string(),
      at: z.string(),
      resolved_by_run: z.number().int().nullable(),
    }),
  ),
});

const denied = { 401: errorResponse('No or invalid token.'), 403: errorResponse('Not an administrator.') };

export function addConnectorRoutes(app: VersionApp, catalogue: Catalogue): void {
  addRoute(app, {
    method: 'get',
    path: '/connectors',
    tags: ['connectors'],
    summary: 'Every connector with its last run and open record errors (administrators)',
    responses: { 200: { description: 'One entry per connector.', content: { 'application/json': { schema: overviewSchema } } }, ...denied },
    handler: async (c) => c.json(await connectorOverview(catalogue, c.get('principal'))),
  });
  addRoute(app, {
    method: 'get',
    path: '/connectors/{name}',
    tags: ['connectors'],
    summary: 'Recent runs and record errors of one connector, newest first (administrators)',
    params: z.object({ name: z.string().openapi({ example: CONNECTOR_NAMES[1] }) }),
    query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(20) }),
    responses: {
      200: { description: 'Runs and errors.', content: { 'application/json': { schema: detailSchema } } },
      ...denied,
      404: errorResponse('No such connector.'),
    },
    handler: async (c, { params, query }) => c.json(await connectorDetail(catalogue, c.get('principal'), params.name, query.limit)),
  });
}
