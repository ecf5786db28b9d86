/**
 * The Elasticsearch index, derived from the model: one index (behind an alias) for every searchable
 * type, with a `type` keyword to filter on. Text fields are analysed with the standard tokenizer,
 * lower-casing and ASCII folding (case- and diacritic-insensitive, no stopwords, no minimum length:
 * "AI" is found). No text field has a `keyword` sub-field: AIoD's mapping did, and descriptions over
 * ~32 KB then failed to index (Lucene's term length limit). Keywords and licences are also stored
 * as `keyword` fields, for filters and facets; the reduced read object is kept in `_source` only.
 */
import { COMMON_FIELDS, searchableTypes } from './schema.ts';

export const TEXT_ANALYZER = 'catalogue_text';

/** Every text field any type indexes: the common ones, then each type's extra fields. */
export const ELASTICSEARCH_TEXT_FIELDS: string[] = [
  ...new Set([...COMMON_FIELDS, ...searchableTypes.flatMap((searchable) => searchable.extraFields)]),
];

export const INDEX_SETTINGS = {
  analysis: {
    analyzer: {
      [TEXT_ANALYZER]: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] },
    },
  },
} as const;

export function indexMappings() {
  const properties: Record<string, unknown> = {
    identifier: { type: 'keyword' },
    type: { type: 'keyword' },
    platform: { type: 'keyword' },
    date_modified: { type: 'date' },
    revision: { type: 'long' },
    keywords: { type: 'keyword' },
    license: { type: 'keyword' },
    summary: { type: 'object', enabled: false },
  };
  for (const field of ELASTICSEARCH_TEXT_FIELDS) properties[field] = { type: 'text', analyzer: TEXT_ANALYZER };
  return { dynamic: 'strict', properties } as const;
}
