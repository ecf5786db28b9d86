/**
 * What search indexes, derived from the model (the `search` declaration of each type): the
 * searchable types, their searchable fields (AIoD's `search_fields` values) and each field's tag
 * in the database index. A fingerprint of all this tells the indexer when an index was built from
 * another declaration and must be rebuilt.
 */
import { createHash } from 'node:crypto';
import { resourceTypes } from '../database/model/registry.ts';
import type { ResourceType } from '../database/model/resource.ts';

/** Fields every searchable type has: AIoD's three, plus keywords. */
export const COMMON_FIELDS = ['name', 'description_plain', 'description_html', 'keyword'] as const;

/** Kinds of field whose values are text that can be indexed. */
const TEXT_KINDS = new Set(['string', 'strings', 'term', 'terms']);

/**
 * Each searchable field name has one bit in the database index's posting rows (`fields`: the
 * fields a word occurs in), the same across types (issn is one bit for datasets and publications
 * alike), so `search_fields` is a mask over those bits. 31 bits keep masks plain 32-bit integers
 * on both databases and in JavaScript.
 */
const MAX_FIELD_BITS = 31;
const fieldBits = new Map<string, number>(COMMON_FIELDS.map((name, index) => [name, index]));
for (const resource of resourceTypes) {
  for (const name of resource.search?.fields ?? []) {
    if (fieldBits.has(name)) continue;
    if (fieldBits.size === MAX_FIELD_BITS) throw new Error(`more than ${MAX_FIELD_BITS} distinct search fields`);
    fieldBits.set(name, fieldBits.size);
  }
}

export interface SearchableType {
  resource: ResourceType;
  /** The type's number in the database index (posting rows and term counts are kept per type). */
  typeNumber: number;
  /** Every field `search_fields` accepts, common ones first. */
  fields: string[];
  /** The type's own extra fields, in declaration order. */
  extraFields: string[];
  /** Field → its bit in the database index's field masks. */
  bits: Map<string, number>;
}

function searchableType(resource: ResourceType, typeNumber: number): SearchableType {
  const extraFields = resource.search?.fields ?? [];
  extraFields.forEach((name) => {
    const definition = resource.fields[name];
    if (!definition || !TEXT_KINDS.has(definition.kind)) {
      throw new Error(`${resource.type}: search field ${name} is not a string, string-list or term field of the type`);
    }
    if ((COMMON_FIELDS as readonly string[]).includes(name)) throw new Error(`${resource.type}: search field ${name} is indexed already`);
  });
  const fields = [...COMMON_FIELDS, ...extraFields];
  return { resource, typeNumber, fields, extraFields, bits: new Map(fields.map((name) => [name, fieldBits.get(name) as number])) };
}

export const searchableTypes: readonly SearchableType[] = resourceTypes
  .filter((resource) => resource.search !== undefined)
  .map((resource, index) => searchableType(resource, index));

const byType = new Map(searchableTypes.map((searchable) => [searchable.resource.type, searchable]));

export const searchableByType = (type: string): SearchableType | undefined => byType.get(type);

/** The searchable type of something being indexed (a programming error when it is not searchable). */
export function requireSearchable(type: string): SearchableType {
  const searchable = byType.get(type);
  if (!searchable) throw new Error(`type ${type} is not searchable`);
  return searchable;
}

/** Every field some type accepts, for `search_fields` on GET /search (all types). */
export const allSearchFields: string[] = [...new Set(searchableTypes.flatMap((searchable) => searchable.fields))];

/** Changes whenever what is indexed, or how, changes. Bump the revision for code-only changes. */
const INDEX_REVISION = 2;
export const SEARCH_SCHEMA_VERSION = createHash('sha1')
  .update(JSON.stringify([INDEX_REVISION, searchableTypes.map((searchable) => [searchable.resource.type, searchable.typeNumber, [...searchable.bits]])]))
  .digest('hex')
  .slice(0, 16);
