/** Datasets as schema.org Datasets (reference v1 §3.13, with C21 fixed). */
import { hasContent, node } from '../json-ld.ts';
import { readNumber, readObject, readObjects, readString, readStrings } from '../read-object.ts';
import { lookupFor } from '../related.ts';
import type { Converter, JsonLdNode, ReadObject } from '../types.ts';
import { referencedAgentNodes } from './agents.ts';
import { schemaOrgTypeOf } from './asset-types.ts';
import { schemaOrgContext } from './context.ts';
import { creativeWorkProperties, creativeWorkReferences } from './creative-work.ts';
import { mediaObjectNode } from './media-object.ts';
import { placeNode } from './place.ts';

/** The dataset's size is counted in a unit of its own (rows, images), not bytes. */
function sizeNode(object: ReadObject): JsonLdNode | undefined {
  const size = readObject(object, 'size');
  const value = node({ '@type': 'QuantitativeValue', value: readNumber(size, 'value'), unitText: readString(size, 'unit') });
  return hasContent(value) ? value : undefined;
}

export const schemaOrgDataset: Converter = {
  references: (object) => {
    const references = creativeWorkReferences(object);
    return { ...references, assets: [...readStrings(object, 'funder'), ...references.assets] };
  },
  convert: (object, context) => {
    const lookup = lookupFor(object, context);
    return node({
      '@context': schemaOrgContext,
      '@type': schemaOrgTypeOf('dataset'),
      ...creativeWorkProperties('dataset', object, context, lookup),
      funder: referencedAgentNodes(object, 'funder', lookup, context),
      distribution: readObjects(object, 'distribution').map((distribution) => mediaObjectNode(distribution, 'DataDownload')),
      issn: readString(object, 'issn'),
      measurementTechnique: readString(object, 'measurement_technique'),
      temporalCoverage: readString(object, 'temporal_coverage'),
      spatialCoverage: placeNode(readObject(object, 'spatial_coverage')),
      size: sizeNode(object),
    });
  },
};
