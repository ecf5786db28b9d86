/**
 * Routes that find an asset by identifier alone: `/assets/{id}` (any type, by its prefix) and
 * AIoD's deprecated parent routes `/agents/{id}`, `/ai_assets/{id}`, `/ai_resources/{id}`, which
 * accept only identifiers of their kind. All answer with the asset's own read object, with the
 * same visibility and masking as the typed routes (AIoD applies neither on these).
 */
import { z } from '@hono/zod-openapi';
import type { Principal } from '../auth/principal.ts';
import { parentRoutes, resourceOfIdentifier, typesOfKind } from '../database/model/registry.ts';
import type { ApiVersion } from '../database/model/schemas.ts';
import { ApiError, notFound } from '../errors.ts';
import { jsonWithEtag } from '../http/responses.ts';
import { getAssetText } from '../services/asset-reads.ts';
import type { Catalogue } from '../services/catalogue.ts';
import type { VersionApp } from './app-env.ts';
import { errorResponse } from './parameters.ts';
import { viewerOf } from './resources.ts';
import { addRoute } from './route.ts';

const identifierParams = z.object({ identifier: z.string().openapi({ example: 'data_HlxWk9XDSfypDdWhwa7rxDCM' }) });

/** Reads an asset, turning every "not there" (missing, deleted, hidden, malformed) into `detail`. */
async function readOr404(
  catalogue: Catalogue,
  identifier: string,
  version: ApiVersion,
  principal: Principal,
  allowed: (type: string) => boolean,
  detail: string,
): Promise<Uint8Array> {
  const resource = resourceOfIdentifier(identifier);
  if (!resource || !allowed(resource.type)) throw notFound(detail);
  try {
    return await getAssetText(catalogue, resource, identifier, { principal, version });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 422)) throw notFound(detail);
    throw error;
  }
}

export function addAssetRoutes(app: VersionApp, catalogue: Catalogue, version: ApiVersion): void {
  addRoute(app, {
    method: 'get',
    path: '/assets/{identifier}',
    tags: ['assets'],
    summary: 'Get an asset of any type by its identifier',
    params: identifierParams,
    responses: {
      200: { description: 'The asset, in the read shape of its type.', content: { 'application/json': { schema: z.object({}).passthrough() } } },
      404: errorResponse('No such asset (the detail contains "not found" or names the unknown type).'),
    },
    handler: async (c, { params }) => {
      const { identifier } = params;
      if (!resourceOfIdentifier(identifier)) throw notFound(`Unknown asset type with identifier '${identifier}'; not found.`);
      const body = await readOr404(
        catalogue,
        identifier,
        version,
        c.get('principal'),
        () => true,
        `No active asset found for identifier '${identifier}'; not found.`,
      );
      return jsonWithEtag(c, body);
    },
  });

  for (const parent of parentRoutes) {
    const types = new Set(typesOfKind(parent.kind).map((resource) => resource.type));
    addRoute(app, {
      method: 'get',
      path: `/${parent.path}/{identifier}`,
      tags: ['parents'],
      summary: `Get an ${parent.title} (${[...types].join(', ')}) by identifier`,
      description: 'Deprecated: use /assets/{identifier}.',
      deprecated: true,
      params: identifierParams,
      responses: {
        200: { description: 'The asset.', content: { 'application/json': { schema: z.object({}).passthrough() } } },
        404: errorResponse('No such asset of this kind.'),
      },
      handler: async (c, { params }) =>
        jsonWithEtag(
          c,
          await readOr404(
            catalogue,
            params.identifier,
            // Parent routes always answer in the latest shape, as AIoD's do.
            'latest',
            c.get('principal'),
            (type) => types.has(type),
            `${parent.title} with identifier ${params.identifier} not found.`,
          ),
        ),
    });
  }
}
