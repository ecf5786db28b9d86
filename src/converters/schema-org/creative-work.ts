/** What datasets, publications and ML models (AIoD's AI assets) share as schema.org CreativeWorks. */
import type { Lookup } from '../agents.ts';
import { absoluteIri } from '../json-ld.ts';
import { readBoolean, readDateModified, readString, readStrings } from '../read-object.ts';
import type { ConversionContext, ReadObject, References } from '../types.ts';
import { contactAgentNodes } from './agents.ts';
import { describedReferences, linkedReferences } from './references.ts';
import { thingProperties } from './thing.ts';

/** A licence term, or the licence's URL when the term is one (schema.org prefers a URL). */
export function licenseValue(object: ReadObject): unknown {
  const license = readString(object, 'license');
  const iri = absoluteIri(license);
  return iri === undefined ? license : { '@id': iri };
}

export function creativeWorkReferences(object: ReadObject): References {
  return { contacts: readStrings(object, 'creator'), assets: readStrings(object, 'citation') };
}

export function creativeWorkProperties(
  type: string,
  object: ReadObject,
  context: ConversionContext,
  lookup: Lookup,
): Record<string, unknown> {
  return {
    ...thingProperties(type, object, context),
    keywords: readStrings(object, 'keyword'),
    license: licenseValue(object),
    version: readString(object, 'version'),
    // From the data; AIoD always said true (C21). Absent stays absent: unknown is not free.
    isAccessibleForFree: readBoolean(object, 'is_accessible_for_free'),
    datePublished: readString(object, 'date_published'),
    dateModified: readDateModified(object),
    creator: contactAgentNodes(object, 'creator', lookup, context),
    citation: describedReferences(object, 'citation', lookup, context),
    hasPart: linkedReferences(object, 'has_part', context),
    isPartOf: linkedReferences(object, 'is_part_of', context),
  };
}
