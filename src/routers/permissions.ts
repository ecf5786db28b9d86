/** POST /assets/permissions and GET /assets/permissions/{identifier} (reference v2 §2.5.8). */
import { z } from '@hono/zod-openapi';
import type { Catalogue } from '../services/catalogue.ts';
import { grantPermission, listPermissions } from '../services/permissions.ts';
import type { VersionApp } from './app-env.ts';
import { parsedBody } from './body.ts';
import { commonErrors, errorResponse } from './parameters.ts';
import { addRoute } from './route.ts';

const grantSchema = z
  .object({
    asset_identifier: z.string().min(1),
    user: z.string().min(1).openapi({ description: 'A username (of someone who signed in before) or a subject id.' }),
    permission_type: z.enum(['read', 'write', 'admin']).nullable().openapi({ description: 'null removes the permission.' }),
  })
  .openapi('PermissionGrant');

export function addPermissionRoutes(app: VersionApp, catalogue: Catalogue): void {
  const tags = ['permissions'];
  addRoute(app, {
    method: 'post',
    path: '/assets/permissions',
    tags,
    summary: "Grant, change or remove a user's permission on an asset",
    body: { schema: grantSchema },
    responses: {
      200: { description: 'Done.', content: { 'application/json': { schema: z.null() } } },
      401: errorResponse('Not signed in.'),
      403: errorResponse('You do not administer the asset.'),
      404: errorResponse('Unknown asset or user.'),
      ...commonErrors,
    },
    handler: async (c) => {
      const grant = await parsedBody(c, grantSchema);
      await grantPermission(catalogue, c.get('principal'), {
        asset: grant.asset_identifier,
        user: grant.user,
        level: grant.permission_type,
      });
      return c.json(null);
    },
  });
  addRoute(app, {
    method: 'get',
    path: '/assets/permissions/{identifier}',
    tags,
    summary: 'List who holds which permission on an asset',
    params: z.object({ identifier: z.string() }),
    responses: {
      200: {
        description: 'Usernames and permissions.',
        content: { 'application/json': { schema: z.array(z.object({ name: z.string(), permission: z.enum(['read', 'write', 'admin']) })) } },
      },
      403: errorResponse('You do not administer the asset.'),
      404: errorResponse('Unknown asset.'),
    },
    handler: async (c, { params }) => c.json(await listPermissions(catalogue, c.get('principal'), params.identifier)),
  });
}
