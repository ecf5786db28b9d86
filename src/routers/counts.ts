/** GET /counts: published assets per type and platform. */
import { z } from '@hono/zod-openapi';
import type { Catalogue } from '../services/catalogue.ts';
import { countsOfAllTypes } from '../services/counts.ts';
import { platformCount } from '../services/platforms.ts';
import type { VersionApp } from './app-env.ts';
import { addRoute } from './route.ts';

export function addCountRoutes(app: VersionApp, catalogue: Catalogue): void {
  addRoute(app, {
    method: 'get',
    path: '/counts',
    tags: ['counts'],
    summary: 'Count published assets of every type, per platform',
    responses: {
      200: {
        description: '`{"<type>": {"<platform>": n}}`; types without assets are left out.',
        content: { 'application/json': { schema: z.record(z.string(), z.record(z.string(), z.number().int())) } },
      },
    },
    handler: async (c) => c.json(await countsOfAllTypes(catalogue)),
  });
  addRoute(app, {
    method: 'get',
    path: '/counts/platforms',
    tags: ['platforms'],
    summary: 'Count registered platforms',
    responses: { 200: { description: 'The number of platforms.', content: { 'application/json': { schema: z.number().int() } } } },
    handler: async (c) => c.json(await platformCount(catalogue)),
  });
}
