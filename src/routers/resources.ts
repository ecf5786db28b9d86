/**
 * The routes of one resource type, generated from its declaration (AIoD's generic resource router,
 * reference v2 §2.4-2.5): list, create, get, replace, patch, delete, the platform-scoped reads and
 * the per-type count.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { OutputFormat } from '../converters/index.ts';
import type { ResourceType } from '../database/model/resource.ts';
import { type ApiVersion, createSchema, patchSchema, readSchema } from '../database/model/schemas.ts';
import { readJsonObject } from '../http/json-body.ts';
import { ifMatchPrecondition, jsonWithEtag, listResponse } from '../http/responses.ts';
import {
  getAssetText,
  getAssetTextByPlatformIdentifier,
  listAssetTexts,
  type ListQuery,
  type Viewer,
} from '../services/asset-reads.ts';
import { createAsset, deleteAsset, patchAsset, replaceAsset } from '../services/asset-writes.ts';
import type { Catalogue } from '../services/catalogue.ts';
import { countForType } from '../services/counts.ts';
import type { AppEnv, VersionApp } from './app-env.ts';
import { createExample } from './openapi-examples.ts';
import { converted, JSON_LD, schemaParameter } from './output-formats.ts';
import { booleanQuery, commonErrors, errorResponse, listQuery, writeErrors } from './parameters.ts';
import { addRoute } from './route.ts';
import { validationError } from '../errors.ts';

export interface RouterContext {
  catalogue: Catalogue;
  version: ApiVersion;
}

export function viewerOf(c: Context<AppEnv>, version: ApiVersion): Viewer {
  return { principal: c.get('principal'), version };
}

function listQueryOf(query: z.infer<typeof listQuery>, platform?: string): ListQuery {
  return {
    ...(platform !== undefined ? { platform } : {}),
    ...(query.date_modified_after !== undefined ? { dateModifiedAfter: query.date_modified_after } : {}),
    ...(query.date_modified_before !== undefined ? { dateModifiedBefore: query.date_modified_before } : {}),
    page: { sort: query.sort, direction: query.direction, offset: query.offset, limit: query.limit },
  };
}

const jsonContent = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export function addResourceRoutes(app: VersionApp, resource: ResourceType, context: RouterContext): void {
  const { catalogue, version } = context;
  const plural = resource.plural;
  const tags = [plural];
  const read = readSchema(resource, version);
  const create = createSchema(resource, version);
  const example = createExample(resource);
  const identifierParams = z.object({
    identifier: z.string().openapi({ example: `${resource.prefix}_HlxWk9XDSfypDdWhwa7rxDCM` }),
  });
  const platformParams = z.object({ platform: z.string().openapi({ example: 'example' }) });
  const platformItemParams = platformParams.extend({
    platform_identifier: z
      .string()
      .openapi({ description: 'The identifier on the platform; may contain ":" and "/".', example: '1' }),
  });
  const notFoundResponse = errorResponse(`The ${resource.type} does not exist (the detail contains "not found").`);
  const schema = schemaParameter(resource);
  // get_image: only where images can be uploaded (organisations, projects), as in AIoD.
  const imageParameter = resource.imageRoutes
    ? {
        get_image: booleanQuery
          .default(false)
          .openapi({ description: "Include uploaded images' bytes (`media[].binary_blob`, base64).", type: 'boolean' }),
      }
    : {};
  const readQuery = z.object({ schema, ...imageParameter });
  const pageQuery = listQuery.extend({ schema, ...imageParameter });
  /** The viewer of a read, with the images' bytes when asked for. */
  const readerOf = (c: Context<AppEnv>, query: object): Viewer =>
    'get_image' in query && query.get_image === true ? { ...viewerOf(c, version), images: true } : viewerOf(c, version);
  /** One read object in the requested output format, with its ETag. */
  const single = async (c: Context<AppEnv>, text: Uint8Array, format: string) => {
    if (format === 'aiod') return jsonWithEtag(c, text);
    const [body] = await converted(c, catalogue, resource, version, viewerOf(c, version), format as OutputFormat, [text]);
    return jsonWithEtag(c, body as Uint8Array, JSON_LD);
  };
  /** A page of read objects in the requested output format. */
  const page = async (c: Context<AppEnv>, items: Uint8Array[], format: string, paging: { offset: number; limit: number; total: number }) => {
    if (format === 'aiod') return listResponse(c, items, paging);
    const body = await converted(c, catalogue, resource, version, viewerOf(c, version), format as OutputFormat, items);
    return listResponse(c, body, paging, JSON_LD);
  };

  addRoute(app, {
    method: 'get',
    path: `/${plural}`,
    tags,
    summary: `List published ${plural}`,
    description:
      'A bare JSON array. The total is in the X-Total-Count header and the next page in the Link header.',
    query: pageQuery,
    responses: { 200: jsonContent(z.array(read), `A page of ${plural}.`), ...commonErrors },
    handler: async (c, { query }) => {
      const result = await listAssetTexts(catalogue, resource, listQueryOf(query), readerOf(c, query));
      return page(c, result.items, query.schema, { offset: query.offset, limit: query.limit, total: result.total });
    },
  });

  addRoute(app, {
    method: 'post',
    path: `/${plural}`,
    tags,
    summary: `Create a ${resource.type.replaceAll('_', ' ')}`,
    description:
      'Creates count against the upload rate limit (429 with Retry-After beyond it); the RateLimit and RateLimit-Policy headers say how many remain.',
    body: { schema: create, example },
    responses: {
      200: jsonContent(z.object({ identifier: z.string() }), 'The identifier of the new asset.'),
      400: errorResponse('A rule was broken (e.g. a term outside its taxonomy).'),
      404: errorResponse('A referenced asset does not exist.'),
      409: errorResponse('An asset with the same platform and platform_resource_identifier exists.'),
      412: errorResponse('The platform is not registered.'),
      429: errorResponse('The upload rate limit is reached; retry after Retry-After seconds.'),
      ...writeErrors,
    },
    handler: async (c) => {
      const body = parseBody(create, await readJsonObject(c));
      const viewer = viewerOf(c, version);
      const { identifier, rateLimitHeaders } = await createAsset(catalogue, resource, body, viewer);
      return c.json({ identifier }, 200, rateLimitHeaders);
    },
  });

  addRoute(app, {
    method: 'get',
    path: `/${plural}/{identifier}`,
    tags,
    summary: `Get a ${resource.type.replaceAll('_', ' ')}`,
    description: 'Carries an ETag; send it back in If-None-Match to get 304 when nothing changed.',
    params: identifierParams,
    query: readQuery,
    responses: { 200: jsonContent(read, `The ${resource.type}.`), 404: notFoundResponse, ...commonErrors },
    handler: async (c, { params, query }) =>
      single(c, await getAssetText(catalogue, resource, params.identifier, readerOf(c, query)), query.schema),
  });

  addRoute(app, {
    method: 'put',
    path: `/${plural}/{identifier}`,
    tags,
    summary: `Replace a ${resource.type.replaceAll('_', ' ')}`,
    description:
      'Full replacement: omitted fields are cleared. Status and date_created are kept. ' +
      'Send If-Match with an ETag to refuse the write (412) if the asset changed since you read it.',
    params: identifierParams,
    body: { schema: create, example },
    responses: {
      200: jsonContent(z.null(), 'Replaced.'),
      404: notFoundResponse,
      409: errorResponse('The new platform identifier is taken.'),
      412: errorResponse('If-Match did not match.'),
      ...writeErrors,
    },
    handler: async (c, { params }) => {
      const body = parseBody(create, await readJsonObject(c));
      await replaceAsset(catalogue, resource, params.identifier, body, viewerOf(c, version), ifMatchPrecondition(c));
      return c.json(null);
    },
  });

  addRoute(app, {
    method: 'patch',
    path: `/${plural}/{identifier}`,
    tags,
    summary: `Update fields of a ${resource.type.replaceAll('_', ' ')}`,
    description:
      'A JSON merge patch (RFC 7396): given fields replace, null removes, absent fields stay ' +
      '(relations too: a part added meanwhile through is_part_of stays in has_part). ' +
      'Returns the updated asset. Honours If-Match like PUT.',
    params: identifierParams,
    body: { schema: patchSchema(resource, version), contentTypes: ['application/merge-patch+json', 'application/json'] },
    responses: {
      200: jsonContent(read, 'The updated asset.'),
      404: notFoundResponse,
      412: errorResponse('If-Match did not match.'),
      413: errorResponse('The patched asset would be larger than a request body may be.'),
      ...writeErrors,
    },
    handler: async (c, { params }) => {
      const patch = await readJsonObject(c);
      const updated = await patchAsset(
        catalogue,
        resource,
        params.identifier,
        patch,
        viewerOf(c, version),
        ifMatchPrecondition(c),
      );
      return jsonWithEtag(c, updated);
    },
  });

  addRoute(app, {
    method: 'delete',
    path: `/${plural}/{identifier}`,
    tags,
    summary: `Delete a ${resource.type.replaceAll('_', ' ')}`,
    description: 'The asset disappears from every list, count and relation; its platform identifier becomes free.',
    params: identifierParams,
    responses: { 200: jsonContent(z.null(), 'Deleted.'), 404: notFoundResponse, ...writeErrors },
    handler: async (c, { params }) => {
      await deleteAsset(catalogue, resource, params.identifier, viewerOf(c, version), ifMatchPrecondition(c));
      return c.json(null);
    },
  });

  addRoute(app, {
    method: 'get',
    path: `/platforms/{platform}/${plural}`,
    tags,
    summary: `List published ${plural} of a platform`,
    params: platformParams,
    query: pageQuery,
    responses: { 200: jsonContent(z.array(read), `A page of ${plural}.`), ...commonErrors },
    handler: async (c, { params, query }) => {
      const result = await listAssetTexts(catalogue, resource, listQueryOf(query, params.platform), readerOf(c, query));
      return page(c, result.items, query.schema, { offset: query.offset, limit: query.limit, total: result.total });
    },
  });

  addRoute(app, {
    method: 'get',
    path: `/platforms/{platform}/${plural}/{platform_identifier}`,
    routingPath: `/platforms/:platform/${plural}/:platform_identifier{.+}`,
    tags,
    summary: `Get a ${resource.type.replaceAll('_', ' ')} by its platform identifier`,
    params: platformItemParams,
    query: readQuery,
    responses: {
      200: jsonContent(read, `The ${resource.type}.`),
      400: errorResponse('Unknown platform.'),
      404: notFoundResponse,
      ...commonErrors,
    },
    handler: async (c, { params, query }) =>
      single(
        c,
        await getAssetTextByPlatformIdentifier(catalogue, resource, params.platform, params.platform_identifier, readerOf(c, query)),
        query.schema,
      ),
  });

  addRoute(app, {
    method: 'get',
    path: `/counts/${plural}`,
    tags,
    summary: `Count published ${plural}`,
    query: z.object({
      detailed: booleanQuery.default(false).openapi({ description: 'Count per platform.', type: 'boolean' }),
    }),
    responses: {
      200: jsonContent(z.union([z.number().int(), z.record(z.string(), z.number().int())]), 'The count.'),
      ...commonErrors,
    },
    handler: async (c, { query }) => c.json(await countForType(catalogue, resource, query.detailed)),
  });
}

function parseBody(schema: z.ZodType, body: Record<string, unknown>): Record<string, unknown> {
  const result = schema.safeParse(body);
  if (!result.success) throw validationError(result.error, 'json');
  return result.data as Record<string, unknown>;
}
