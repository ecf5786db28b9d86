/**
 * Image routes of organisations and projects (AIoD v2 §2.5.6): `/{type}/{id}/image` with a
 * multipart upload (field `file`) to add (POST) or replace (PUT) the image called `name`, GET for
 * the asset's images with their bytes (base64), DELETE to remove one. Unlike AIoD, reading images
 * follows the usual visibility rules: a draft's images are not public.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ResourceType } from '../database/model/resource.ts';
import { unprocessable } from '../errors.ts';
import { MAX_IMAGE_BYTES } from '../database/model/limits.ts';
import { addImage, IMAGE_TYPES, type ImageUpload, listImages, removeImage, replaceImage } from '../services/images.ts';
import type { AppEnv, VersionApp } from './app-env.ts';
import { commonErrors, errorResponse } from './parameters.ts';
import { type RouterContext, viewerOf } from './resources.ts';
import { addRoute } from './route.ts';

/** The route path of a type's images, for the JSON-only body check's exemptions. */
export const imagePath = (resource: ResourceType) => new RegExp(`/${resource.plural}/[^/]+/image$`);

async function uploadOf(c: Context<AppEnv>): Promise<ImageUpload> {
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const file = (form as Record<string, unknown>).file;
  if (!(file instanceof File)) {
    throw unprocessable([{ loc: ['body', 'file'], msg: 'Field required: a multipart/form-data upload with the image in `file`', type: 'missing' }]);
  }
  return { type: file.type.split(';')[0]?.trim().toLowerCase() ?? '', bytes: new Uint8Array(await file.arrayBuffer()) };
}

export function addImageRoutes(app: VersionApp, resource: ResourceType, context: RouterContext): void {
  const { catalogue, version } = context;
  const path = `/${resource.plural}/{identifier}/image`;
  const tags = [resource.plural];
  const what = resource.type.replaceAll('_', ' ');
  const params = z.object({ identifier: z.string().openapi({ example: `${resource.prefix}_HlxWk9XDSfypDdWhwa7rxDCM` }) });
  const named = z.object({ name: z.string().min(1).max(256).openapi({ description: 'The name of the image (a media item).', example: 'logo' }) });
  const upload = {
    schema: z.object({ file: z.string().openapi({ type: 'string', format: 'binary', description: `One of ${IMAGE_TYPES.join(', ')}, at most 1 MiB.` }) }),
    contentTypes: ['multipart/form-data'],
  };
  const identifierAnswer = {
    description: `The ${what}'s identifier.`,
    content: { 'application/json': { schema: z.object({ identifier: z.string() }) } },
  };
  const writeErrors = {
    401: errorResponse('Not signed in.'),
    403: errorResponse('No permission on the asset, or it is under submission.'),
    404: errorResponse(`No such ${what}, or (PUT, DELETE) no image of that name.`),
    ...commonErrors,
  };
  const uploadErrors = {
    409: errorResponse('A media item of that name exists already (POST).'),
    413: errorResponse(`The file is larger than ${MAX_IMAGE_BYTES} bytes.`),
    415: errorResponse('The file is not an image of an accepted type.'),
  };

  const uploadRoute = (method: 'post' | 'put', summary: string, description: string, write: typeof addImage) =>
    addRoute(app, {
      method,
      path,
      tags,
      summary,
      description,
      params,
      query: named,
      body: upload,
      responses: { 200: identifierAnswer, ...uploadErrors, ...writeErrors },
      handler: async (c, { params, query }) => {
        await write(catalogue, resource, params.identifier, query.name, await uploadOf(c), viewerOf(c, version));
        return c.json({ identifier: params.identifier });
      },
    });
  uploadRoute('post', `Upload an image of a ${what}`, 'Adds a media item with the image, base64-encoded in `binary_blob`.', addImage);
  uploadRoute('put', `Replace an image of a ${what}`, 'Replaces the bytes (and type) of the image with that name.', replaceImage);
  addRoute(app, {
    method: 'get',
    path,
    tags,
    summary: `The images of a ${what}`,
    description: 'Its media items that hold an uploaded image, with the bytes base64-encoded in `binary_blob`.',
    params,
    responses: {
      200: { description: 'The images.', content: { 'application/json': { schema: z.array(z.record(z.string(), z.unknown())) } } },
      404: errorResponse(`No such ${what}.`),
      ...commonErrors,
    },
    handler: async (c, { params }) => c.json(await listImages(catalogue, resource, params.identifier, viewerOf(c, version))),
  });
  addRoute(app, {
    method: 'delete',
    path,
    tags,
    summary: `Delete an image of a ${what}`,
    description: 'Needs the right to delete the asset (its admin permission, or delete_<type>).',
    params,
    query: named,
    responses: { 200: { description: 'Deleted.', content: { 'application/json': { schema: z.null() } } }, ...writeErrors },
    handler: async (c, { params, query }) => {
      await removeImage(catalogue, resource, params.identifier, query.name, viewerOf(c, version));
      return c.json(null);
    },
  });
}
