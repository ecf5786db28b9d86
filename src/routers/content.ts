/**
 * Content routes of AI assets (AIoD v1 §3.8, v2 §2.5.5): `/{type}/{id}/content` and
 * `/{type}/{id}/content/{distribution_idx}` redirect (303) to a distribution's content_url. The
 * asset is read with the usual visibility rules. Unlike AIoD, a negative index is refused (422)
 * and a distribution without a URL is a 404, not a crash.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ResourceType } from '../database/model/resource.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { getAssetText } from '../services/asset-reads.ts';
import type { AppEnv, VersionApp } from './app-env.ts';
import { commonErrors, errorResponse } from './parameters.ts';
import { type RouterContext, viewerOf } from './resources.ts';
import { addRoute } from './route.ts';

interface Distribution {
  content_url?: string;
}

function redirectTarget(distributions: Distribution[], index: number | undefined): string {
  if (distributions.length === 0) throw notFound('Distribution not found.');
  if (index === undefined && distributions.length > 1) {
    throw conflict(
      'Multiple distributions encountered. Use another endpoint indicating the distribution index ' +
        '`distribution_idx` at the end of the url for a specific distribution.',
    );
  }
  const distribution = distributions[index ?? 0];
  if (!distribution) throw badRequest('Distribution index out of range.');
  const url = distribution.content_url;
  if (!url || !URL.canParse(url)) throw notFound('This distribution has no content URL; content not found.');
  return url;
}

export function addContentRoutes(app: VersionApp, resource: ResourceType, context: RouterContext): void {
  const { catalogue, version } = context;
  const identifierParams = z.object({
    identifier: z.string().openapi({ example: `${resource.prefix}_HlxWk9XDSfypDdWhwa7rxDCM` }),
  });
  const responses = {
    303: { description: 'Redirect to the content URL of the distribution (Location header).' },
    400: errorResponse('The distribution index is out of range.'),
    404: errorResponse('No such asset, or no distribution (with a URL).'),
    409: errorResponse('The asset has several distributions: give an index.'),
    ...commonErrors,
  };
  const redirect = async (c: Context<AppEnv>, identifier: string, index?: number) => {
    const text = await getAssetText(catalogue, resource, identifier, viewerOf(c, version));
    const asset = JSON.parse(Buffer.from(text).toString('utf8')) as { distribution?: Distribution[] };
    return c.redirect(redirectTarget(asset.distribution ?? [], index), 303);
  };
  addRoute(app, {
    method: 'get',
    path: `/${resource.plural}/{identifier}/content`,
    tags: [resource.plural],
    summary: `Download the content of a ${resource.type.replaceAll('_', ' ')} (its only distribution)`,
    params: identifierParams,
    responses,
    handler: (c, { params }) => redirect(c, params.identifier),
  });
  addRoute(app, {
    method: 'get',
    path: `/${resource.plural}/{identifier}/content/{distribution_idx}`,
    tags: [resource.plural],
    summary: `Download the content of one distribution of a ${resource.type.replaceAll('_', ' ')}`,
    params: identifierParams.extend({
      distribution_idx: z.coerce.number().int().min(0).openapi({ type: 'integer', description: 'Index in `distribution`, from 0.' }),
    }),
    responses,
    handler: (c, { params }) => redirect(c, params.identifier, params.distribution_idx),
  });
}
