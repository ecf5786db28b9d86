/** /platforms: the registered platforms (CRUD; deletes are hard). */
import { z } from '@hono/zod-openapi';
import { readJsonObject } from '../http/json-body.ts';
import type { Catalogue } from '../services/catalogue.ts';
import {
  createPlatform,
  deletePlatformById,
  platformPage,
  renamePlatformById,
  requirePlatformRow,
} from '../services/platforms.ts';
import { validationError } from '../errors.ts';
import type { VersionApp } from './app-env.ts';
import { commonErrors, errorResponse, paginationQuery } from './parameters.ts';
import { addRoute } from './route.ts';

const platformSchema = z
  .object({ identifier: z.number().int(), name: z.string().openapi({ example: 'huggingface' }) })
  .openapi('Platform');
const platformBody = z.object({ name: z.string().openapi({ example: 'my_platform' }) }).openapi('PlatformCreate');
const idParams = z.object({ identifier: z.coerce.number().int().min(1).openapi({ type: 'integer', example: 1 }) });
const tags = ['platforms'];

function parseName(body: Record<string, unknown>): string {
  const result = platformBody.safeParse(body);
  if (!result.success) throw validationError(result.error, 'json');
  return result.data.name;
}

export function addPlatformRoutes(app: VersionApp, catalogue: Catalogue): void {
  addRoute(app, {
    method: 'get',
    path: '/platforms',
    tags,
    summary: 'List platforms',
    query: paginationQuery,
    responses: { 200: { description: 'Platforms by identifier.', content: { 'application/json': { schema: z.array(platformSchema) } } }, ...commonErrors },
    handler: async (c, { query }) => c.json(await platformPage(catalogue, query.offset, query.limit)),
  });
  addRoute(app, {
    method: 'post',
    path: '/platforms',
    tags,
    summary: 'Register a platform',
    body: { schema: platformBody },
    responses: {
      200: { description: 'The new platform identifier.', content: { 'application/json': { schema: z.object({ identifier: z.number().int() }) } } },
      409: errorResponse('The name is taken.'),
      ...commonErrors,
    },
    handler: async (c) => {
      const identifier = await createPlatform(catalogue, c.get('principal'), parseName(await readJsonObject(c)));
      return c.json({ identifier });
    },
  });
  addRoute(app, {
    method: 'get',
    path: '/platforms/{identifier}',
    tags,
    summary: 'Get a platform',
    params: idParams,
    responses: { 200: { description: 'The platform.', content: { 'application/json': { schema: platformSchema } } }, 404: errorResponse('Unknown platform.'), ...commonErrors },
    handler: async (c, { params }) => c.json(await requirePlatformRow(catalogue, params.identifier)),
  });
  addRoute(app, {
    method: 'put',
    path: '/platforms/{identifier}',
    tags,
    summary: 'Rename a platform (its assets follow)',
    params: idParams,
    body: { schema: platformBody },
    responses: { 200: { description: 'Renamed.', content: { 'application/json': { schema: z.null() } } }, 404: errorResponse('Unknown platform.'), 409: errorResponse('The name is taken.'), ...commonErrors },
    handler: async (c, { params }) => {
      await renamePlatformById(catalogue, c.get('principal'), params.identifier, parseName(await readJsonObject(c)));
      return c.json(null);
    },
  });
  addRoute(app, {
    method: 'delete',
    path: '/platforms/{identifier}',
    tags,
    summary: 'Delete a platform that no asset uses',
    params: idParams,
    responses: { 200: { description: 'Deleted.', content: { 'application/json': { schema: z.null() } } }, 404: errorResponse('Unknown platform.'), 409: errorResponse('Assets use the platform.'), ...commonErrors },
    handler: async (c, { params }) => {
      await deletePlatformById(catalogue, c.get('principal'), params.identifier);
      return c.json(null);
    },
  });
}
