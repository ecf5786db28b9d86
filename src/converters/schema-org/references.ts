/** References from one asset to others, as schema.org nodes. */
import type { Lookup } from '../agents.ts';
import { resourceOfIdentifier } from '../../database/model/registry.ts';
import { absoluteIri, node } from '../json-ld.ts';
import { readString, readStrings } from '../read-object.ts';
import type { ConversionContext, JsonLdNode, ReadObject } from '../types.ts';
import { schemaOrgTypeOf } from './asset-types.ts';

/** A permanent identifier (DOI URL, ...) of a publication or model, where it has one. */
export function permanentIdentifier(object: ReadObject | undefined): string | undefined {
  return readString(object, 'permanent_identifier') ?? readString(object, 'pid');
}

/** Described references (citation, about): type, IRI, name; assets not in `related` are skipped. */
export function describedReferences(object: ReadObject, field: string, lookup: Lookup, context: ConversionContext): JsonLdNode[] {
  return readStrings(object, field).flatMap((identifier) => {
    const referenced = lookup(identifier);
    const type = resourceOfIdentifier(identifier)?.type;
    if (referenced === undefined || type === undefined) return [];
    const iri = context.assetUrl(type, identifier);
    return [
      node({
        '@type': schemaOrgTypeOf(type),
        '@id': iri,
        url: iri,
        name: readString(referenced, 'name'),
        sameAs: [absoluteIri(permanentIdentifier(referenced)), absoluteIri(readString(referenced, 'same_as'))],
      }),
    ];
  });
}

/** Bare references (hasPart, isPartOf): the read object only lists live assets, so no load is needed. */
export function linkedReferences(object: ReadObject, field: string, context: ConversionContext): JsonLdNode[] {
  return readStrings(object, field).flatMap((identifier) => {
    const type = resourceOfIdentifier(identifier)?.type;
    return type === undefined ? [] : [{ '@id': context.assetUrl(type, identifier) }];
  });
}
