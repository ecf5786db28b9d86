/** What every converted AIoD resource says as a schema.org Thing. */
import { absoluteIri } from '../json-ld.ts';
import { readString, readStrings, readText } from '../read-object.ts';
import type { ConversionContext, ReadObject } from '../types.ts';
import { imageNodes } from './media-object.ts';
import { permanentIdentifier } from './references.ts';

export function identifierOf(object: ReadObject): string {
  const identifier = readString(object, 'identifier');
  if (identifier === undefined) throw new Error('a read object without identifier cannot be converted');
  return identifier;
}

/**
 * `@id` and `url` are the asset's URL in this API (AIoD emitted a placeholder, C21). The identifier
 * is the AIoD identifier, joined by the permanent identifier (DOI) of publications and models.
 */
export function thingProperties(type: string, object: ReadObject, context: ConversionContext): Record<string, unknown> {
  const identifier = identifierOf(object);
  const iri = context.assetUrl(type, identifier);
  const permanent = permanentIdentifier(object);
  return {
    '@id': iri,
    url: iri,
    identifier: permanent === undefined ? identifier : [identifier, permanent],
    name: readString(object, 'name'),
    alternateName: readStrings(object, 'alternate_name'),
    description: readText(object, 'description'),
    sameAs: [absoluteIri(readString(object, 'same_as'))],
    image: imageNodes(object),
  };
}
