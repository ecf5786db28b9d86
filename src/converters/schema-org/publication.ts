/** Publications as schema.org ScholarlyArticles. */
import { node } from '../json-ld.ts';
import { readObjects, readString, readStrings, readText } from '../read-object.ts';
import { lookupFor } from '../related.ts';
import type { Converter, JsonLdNode, ReadObject } from '../types.ts';
import { schemaOrgTypeOf } from './asset-types.ts';
import { schemaOrgContext } from './context.ts';
import { creativeWorkProperties, creativeWorkReferences } from './creative-work.ts';
import { mediaObjectNode } from './media-object.ts';
import { describedReferences, linkedReferences } from './references.ts';

/**
 * schema.org gives an article no ISSN or ISBN of its own: they identify the journal or the book
 * (proceedings) it appeared in, so they describe what the article is part of.
 */
function containers(object: ReadObject): JsonLdNode[] {
  const issn = readString(object, 'issn');
  const isbn = readString(object, 'isbn');
  return [
    ...(issn === undefined ? [] : [{ '@type': 'Periodical', issn }]),
    ...(isbn === undefined ? [] : [{ '@type': 'Book', isbn }]),
  ];
}

export const schemaOrgPublication: Converter = {
  references: (object) => {
    const references = creativeWorkReferences(object);
    return { ...references, assets: [...references.assets, ...readStrings(object, 'documents')] };
  },
  convert: (object, context) => {
    const lookup = lookupFor(object, context);
    return node({
      '@context': schemaOrgContext,
      '@type': schemaOrgTypeOf('publication'),
      ...creativeWorkProperties('publication', object, context, lookup),
      genre: readString(object, 'type'),
      text: readText(object, 'content'),
      isPartOf: [...linkedReferences(object, 'is_part_of', context), ...containers(object)],
      about: describedReferences(object, 'documents', lookup, context),
      associatedMedia: readObjects(object, 'distribution').map((distribution) => mediaObjectNode(distribution, 'MediaObject')),
    });
  },
};
