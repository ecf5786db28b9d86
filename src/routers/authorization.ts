/** GET /authorization_test: who the token says you are (the Python client checks sign-in with it). */
import { z } from '@hono/zod-openapi';
import { requireSignedIn } from '../auth/policy.ts';
import type { VersionApp } from './app-env.ts';
import { errorResponse } from './parameters.ts';
import { addRoute } from './route.ts';

export function addAuthorizationRoutes(app: VersionApp): void {
  addRoute(app, {
    method: 'get',
    path: '/authorization_test',
    tags: ['authentication'],
    summary: 'Show the signed-in user and roles',
    responses: {
      200: {
        description: 'Only the name and the roles, nothing else from the token.',
        content: { 'application/json': { schema: z.object({ name: z.string(), roles: z.array(z.string()) }) } },
      },
      401: errorResponse('No or invalid token.'),
    },
    handler: (c) => {
      const principal = c.get('principal');
      requireSignedIn(principal);
      return c.json({ name: principal.username, roles: [...principal.roles].sort() });
    },
  });
}
