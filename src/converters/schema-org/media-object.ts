/** Distributions and media as schema.org MediaObjects. */
import { checksumOf } from '../checksum.ts';
import { absoluteIri, node } from '../json-ld.ts';
import { readNumber, readObjects, readString } from '../read-object.ts';
import type { JsonLdNode, ReadObject } from '../types.ts';

/** A distribution: `DataDownload` for datasets (its schema.org meaning), `MediaObject` otherwise. */
export function mediaObjectNode(distribution: ReadObject, type: 'DataDownload' | 'MediaObject' | 'ImageObject'): JsonLdNode {
  const sizeKb = readNumber(distribution, 'content_size_kb');
  const checksum = checksumOf(distribution);
  return node({
    '@type': type,
    name: readString(distribution, 'name'),
    description: readString(distribution, 'description'),
    contentUrl: absoluteIri(readString(distribution, 'content_url')),
    encodingFormat: readString(distribution, 'encoding_format'),
    // schema.org's contentSize is text with its unit.
    contentSize: sizeKb === undefined ? undefined : `${sizeKb} kB`,
    datePublished: readString(distribution, 'date_published'),
    copyrightNotice: readString(distribution, 'copyright'),
    // schema.org has a property for SHA-256 only; other checksums have no counterpart.
    sha256: checksum?.algorithm === 'sha256' ? checksum.value : undefined,
  });
}

/** The images among an asset's media; schema.org has no place for other media about a thing. */
export function imageNodes(object: ReadObject): JsonLdNode[] {
  return readObjects(object, 'media')
    .filter((media) => readString(media, 'encoding_format')?.toLowerCase().startsWith('image/'))
    .map((media) => mediaObjectNode(media, 'ImageObject'));
}
