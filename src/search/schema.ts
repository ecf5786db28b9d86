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

const COMMON_TAGS: Record<(typeof COMMON_FIELDS)[number], string> = {
  name: 'na',
  description_plain: 'dp',
  description_html: 'dh',
  keyword: 'kw',
};

/** Kinds of field whose values are text that can be indexed. */
const TEXT_KINDS = new Set(['string', 'strings', 'term', 'terms']);

/**
 * Extra fields are tagged "x" + one character, by field name across all types (issn is x1 for
 * datasets and publications alike), so a field means the same in every type's index entries.
 */
const EXTRA_TAG_CHARACTERS = '123456789abcdefghijklmnopqrstuvwyz';
const extraTags = new Map<string, string>();
for (const resource of resourceTypes) {
  for (const name of resource.search?.fields ?? []) {
    if (extraTags.has(name)) continue;
    const character = EXTRA_TAG_CHARACTERS[extraTags.size];
    if (character === undefined) throw new Error(`more than ${EXTRA_TAG_CHARACTERS.length} distinct extra search fields`);
    extraTags.set(name, `x${character}`);
  }
}

export interface SearchableType {
  resource: ResourceType;
  /** Every field `search_fields` accepts, common ones first. */
  fields: string[];
  /** The type's own extra fields, in declaration order. */
  extraFields: string[];
  /** Field → its two-letter tag in the database index. */
  tags: Map<string, string>;
}

function searchableType(resource: ResourceType): SearchableType {
  const extraFields = resource.search?.fields ?? [];
  const tags = new Map<string, string>(Object.entries(COMMON_TAGS));
  extraFields.forEach((name) => {
    const definition = resource.fields[name];
    if (!definition || !TEXT_KINDS.has(definition.kind)) {
      throw new Error(`${resource.type}: search field ${name} is not a string, string-list or term field of the type`);
    }
    if (tags.has(name)) throw new Error(`${resource.type}: search field ${name} is indexed already`);
    tags.set(name, extraTags.get(name) as string);
  });
  return { resource, fields: [...COMMON_FIELDS, ...extraFields], extraFields, tags };
}

export const searchableTypes: readonly SearchableType[] = resourceTypes
  .filter((resource) => resource.search !== undefined)
  .map(searchableType);

const byType = new Map(searchableTypes.map((searchable) => [searchable.resource.type, searchable]));

export const searchableByType = (type: string): SearchableType | undefined => byType.get(type);

/**
 * SQLite index entries of a type have doc ids (FTS5 rowids) in the type's own range, so a type
 * filter is a rowid range, which FTS5 answers by seeking. 2^40 ids per type, well inside 2^53.
 */
const DOC_ID_RANGE = 2 ** 40;
const typeOrder = new Map(searchableTypes.map((searchable, index) => [searchable.resource.type, index]));

export function docIdRange(type: string): { first: number; last: number } {
  const index = typeOrder.get(type);
  if (index === undefined) throw new Error(`type ${type} is not searchable`);
  const first = (index + 1) * DOC_ID_RANGE;
  return { first, last: first + DOC_ID_RANGE - 1 };
}

/** Every field some type accepts, for `search_fields` on GET /search (all types). */
export const allSearchFields: string[] = [...new Set(searchableTypes.flatMap((searchable) => searchable.fields))];

/** Changes whenever what is indexed, or how, changes. Bump the revision for code-only changes. */
const INDEX_REVISION = 1;
export const SEARCH_SCHEMA_VERSION = createHash('sha1')
  .update(JSON.stringify([INDEX_REVISION, searchableTypes.map((searchable) => [searchable.resource.type, [...searchable.tags]])]))
  .digest('hex')
  .slice(0, 16);
