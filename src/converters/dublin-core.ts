/**
 * An asset as simple Dublin Core (the 15 DCMI elements, each repeatable), the format every
 * OAI-PMH harvester reads (`oai_dc`). Creators are named through their contacts as in the
 * JSON-LD formats (agents.ts); `dc:type` carries the DCMI type and the AIoD type.
 */
import { contactAgent } from './agents.ts';
import { absoluteIri } from './json-ld.ts';
import { readObject, readString, readStrings, readText } from './read-object.ts';
import { lookupFor } from './related.ts';
import { permanentIdentifier } from './schema-org/references.ts';
import { identifierOf } from './schema-org/thing.ts';
import type { ConversionContext, ReadObject, References } from './types.ts';

/** The elements in the order they are written. */
export const DUBLIN_CORE_ELEMENTS = [
  'title',
  'creator',
  'subject',
  'description',
  'publisher',
  'contributor',
  'date',
  'type',
  'format',
  'identifier',
  'source',
  'language',
  'relation',
  'coverage',
  'rights',
] as const;

export type DublinCoreElement = (typeof DUBLIN_CORE_ELEMENTS)[number];
export type DublinCore = Partial<Record<DublinCoreElement, string[]>>;

/** DCMI Type Vocabulary terms of the harvestable AIoD types. */
const DCMI_TYPES: Readonly<Record<string, string>> = {
  case_study: 'Text',
  computational_asset: 'Service',
  dataset: 'Dataset',
  educational_resource: 'InteractiveResource',
  event: 'Event',
  experiment: 'Dataset',
  ml_model: 'Software',
  news: 'Text',
  project: 'Collection',
  publication: 'Text',
  resource_bundle: 'Collection',
  service: 'Service',
};

/** The AIoD types this mapping covers: the AI resources, not the agents (persons, contacts, ...). */
export const dublinCoreTypes: readonly string[] = Object.keys(DCMI_TYPES);

export function dublinCoreReferences(object: ReadObject): References {
  return { contacts: readStrings(object, 'creator'), assets: [] };
}

const present = (values: Array<string | undefined>): string[] => [...new Set(values.filter((value) => value !== undefined))];

export function dublinCore(type: string, object: ReadObject, context: ConversionContext): DublinCore {
  const lookup = lookupFor(object, context);
  const entry = readObject(object, 'aiod_entry');
  const record: DublinCore = {
    title: present([readString(object, 'name'), ...readStrings(object, 'alternate_name')]),
    creator: present(readStrings(object, 'creator').map((contact) => contactAgent(contact, lookup)?.name)),
    subject: present(readStrings(object, 'keyword')),
    description: present([readText(object, 'description')]),
    date: present([readString(object, 'date_published') ?? readString(entry, 'date_created')]),
    type: present([DCMI_TYPES[type], type]),
    identifier: present([context.assetUrl(type, identifierOf(object)), permanentIdentifier(object)]),
    source: present([absoluteIri(readString(object, 'same_as'))]),
    rights: present([readString(object, 'license')]),
  };
  return Object.fromEntries(Object.entries(record).filter(([, values]) => values.length > 0));
}
