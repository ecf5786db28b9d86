/**
 * Images of organisations and projects (AIoD v2 §2.5.6): each is a media item of the asset with
 * its bytes in `binary_blob` (base64), added, replaced and removed by name through the image
 * routes. They are written as replacements of the asset, so the change log, the read model, the
 * search index and ETags follow as after any other edit.
 */
import { MAX_IMAGE_BYTES } from '../database/model/limits.ts';
import { BINARY_BLOB, type Json } from '../database/model/normalize.ts';
import type { ResourceType } from '../database/model/resource.ts';
import { ApiError, conflict, notFound } from '../errors.ts';
import { getAssetText, type Viewer } from './asset-reads.ts';
import { changeAsset } from './asset-writes.ts';
import { hasBlob } from './binary-blobs.ts';
import type { Catalogue } from './catalogue.ts';

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp'] as const;

export interface ImageUpload {
  /** The uploaded file's MIME type. */
  type: string;
  bytes: Uint8Array;
}

type MediaItem = Record<string, unknown> & { name?: string };

/** 415 for a type that is not an image, 413 beyond 1 MiB (AIoD's message). */
export function checkUpload(upload: ImageUpload): void {
  if (!(IMAGE_TYPES as readonly string[]).includes(upload.type)) {
    throw new ApiError(415, `Unsupported image type '${upload.type || '(none)'}': use one of ${IMAGE_TYPES.join(', ')}.`);
  }
  if (upload.bytes.byteLength > MAX_IMAGE_BYTES) throw new ApiError(413, 'File too large (max 1MB).');
}

const mediaOf = (asset: Json): MediaItem[] => (Array.isArray(asset.media) ? (asset.media as MediaItem[]) : []);

const imageItem = (name: string, upload: ImageUpload): MediaItem => ({
  name,
  encoding_format: upload.type,
  [BINARY_BLOB]: Buffer.from(upload.bytes).toString('base64'),
});

function requireImage(resource: ResourceType, media: MediaItem[], name: string): number {
  const index = media.findIndex((item) => item.name === name && hasBlob(item));
  if (index < 0) throw notFound(`No image named '${name}' found for this ${resource.type}.`);
  return index;
}

/** POST: a new image; its name must be new among the asset's media (409). */
export async function addImage(catalogue: Catalogue, resource: ResourceType, identifier: string, name: string, upload: ImageUpload, viewer: Viewer) {
  checkUpload(upload);
  await changeAsset(catalogue, resource, identifier, viewer, 'edit', (current) => {
    const media = mediaOf(current);
    if (media.some((item) => item.name === name)) {
      throw conflict(`A media item named '${name}' already exists for this ${resource.type}.`);
    }
    return { ...current, media: [...media, imageItem(name, upload)] };
  });
}

/** PUT: new bytes (and type) for an existing image (404 when there is none of that name). */
export async function replaceImage(catalogue: Catalogue, resource: ResourceType, identifier: string, name: string, upload: ImageUpload, viewer: Viewer) {
  checkUpload(upload);
  await changeAsset(catalogue, resource, identifier, viewer, 'edit', (current) => {
    const media = [...mediaOf(current)];
    const index = requireImage(resource, media, name);
    media[index] = { ...media[index], ...imageItem(name, upload) };
    return { ...current, media };
  });
}

/** DELETE: removes an image (needs the right to delete the asset). */
export async function removeImage(catalogue: Catalogue, resource: ResourceType, identifier: string, name: string, viewer: Viewer) {
  await changeAsset(catalogue, resource, identifier, viewer, 'delete', (current) => {
    const media = mediaOf(current);
    const index = requireImage(resource, media, name);
    return { ...current, media: media.filter((_, position) => position !== index) };
  });
}

/** GET: the asset's media items that hold an image, bytes included, as the viewer may see the asset. */
export async function listImages(catalogue: Catalogue, resource: ResourceType, identifier: string, viewer: Viewer): Promise<MediaItem[]> {
  const text = await getAssetText(catalogue, resource, identifier, { ...viewer, images: true });
  const asset = JSON.parse(Buffer.from(text).toString('utf8')) as Json;
  return mediaOf(asset).filter(hasBlob);
}
