/**
 * Uploaded bytes (`binary_blob` on media and distributions) arrive only through the image routes
 * (AIoD #607, #610, #649): a create or replace body may not set one. Read objects leave blobs out
 * unless asked (`get_image=true`), so a client that reads an asset, edits it and writes it back
 * sends its images without their bytes: an item named like a stored one keeps the stored bytes,
 * and sending the stored bytes back unchanged is allowed too. Anything else is AIoD's 400.
 */
import { BINARY_BLOB, blobFields, type Json } from '../database/model/normalize.ts';
import type { ResourceType } from '../database/model/resource.ts';
import { badRequest } from '../errors.ts';

export const BLOB_FORBIDDEN = 'Setting `binary_blob` is forbidden. Consider using `content_url` instead.';

type Item = Record<string, unknown>;

const itemsOf = (value: unknown): Item[] =>
  (Array.isArray(value) ? value : value === null || value === undefined ? [] : [value]).filter(
    (item): item is Item => item !== null && typeof item === 'object',
  );

export const hasBlob = (item: Item): boolean => item[BINARY_BLOB] !== undefined && item[BINARY_BLOB] !== null;

/** Refuses any blob in a new asset's body. */
export function refuseBlobs(resource: ResourceType, body: Json): void {
  if (blobFields(resource).some((field) => itemsOf(body[field]).some(hasBlob))) throw badRequest(BLOB_FORBIDDEN);
}

/** Whether the body has any item that carries, or could be given back, uploaded bytes. */
export const hasBlobItems = (resource: ResourceType, body: Json): boolean =>
  blobFields(resource).some((field) => itemsOf(body[field]).length > 0);

/**
 * A replacement body with the stored blobs carried over (by item name) and new ones refused.
 * Returns a new body; `current` is the asset as stored (create-shaped, with its blobs).
 */
export function withStoredBlobs(resource: ResourceType, body: Json, current: Json): Json {
  const result: Json = { ...body };
  for (const field of blobFields(resource)) {
    const stored = new Map(itemsOf(current[field]).filter(hasBlob).map((item) => [item.name, item[BINARY_BLOB]]));
    const value = body[field];
    if (value === undefined || value === null) continue;
    const carried = itemsOf(value).map((item) => {
      const storedBlob = stored.get(item.name);
      if (hasBlob(item)) {
        if (storedBlob !== item[BINARY_BLOB]) throw badRequest(BLOB_FORBIDDEN);
        return item;
      }
      return storedBlob === undefined ? item : { ...item, [BINARY_BLOB]: storedBlob };
    });
    result[field] = Array.isArray(value) ? carried : (carried[0] ?? value);
  }
  return result;
}
