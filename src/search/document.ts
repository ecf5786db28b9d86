/**
 * The search document of an asset, built from its read object as anonymous callers see it (the
 * public rendering): whatever the read model masks for them (e.g. names of people who asked not to
 * be shown) is neither indexed nor shown in results, so masking is decided in one place.
 */
import type { Json } from '../database/model/normalize.ts';
import { type SearchableType } from './schema.ts';

export interface SearchDocument {
  identifier: string;
  type: string;
  platform: string;
  dateModified: string;
  revision: number;
  /** Searchable field → its text (HTML without tags). */
  texts: Record<string, string>;
  keywords: string[];
  license: string | null;
  /**
   * The reduced read object served with get_all=false: identifier, name, platform,
   * platform_resource_identifier, description, aiod_entry (date_modified, status "published"),
   * keyword and the type's extra fields.
   */
  summary: Json;
}

const textOf = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string').join(' ');
  return '';
};

/** Markup is not content: "<p>AI</p>" indexes as "AI", not as "p AI p". Entities become spaces. */
export function htmlText(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&[#a-z0-9]+;/gi, ' ');
}

export function searchDocument(searchable: SearchableType, read: Json, revision: number): SearchDocument {
  const description = (read.description ?? {}) as { plain?: string; html?: string };
  const entry = (read.aiod_entry ?? {}) as { date_modified?: string };
  const keywords = Array.isArray(read.keyword) ? (read.keyword as string[]) : [];
  const texts: Record<string, string> = {
    name: textOf(read.name),
    description_plain: description.plain ?? '',
    description_html: htmlText(description.html ?? ''),
    keyword: keywords.join(' '),
  };
  const summary: Json = {
    identifier: read.identifier,
    name: read.name,
    platform: read.platform,
    platform_resource_identifier: read.platform_resource_identifier,
    description: read.description ?? {},
    aiod_entry: { date_modified: entry.date_modified, status: 'published' },
    keyword: keywords,
  };
  for (const field of searchable.extraFields) {
    texts[field] = textOf(read[field]);
    if (read[field] !== undefined) summary[field] = read[field];
  }
  return {
    identifier: read.identifier as string,
    type: searchable.resource.type,
    platform: read.platform as string,
    dateModified: entry.date_modified as string,
    revision,
    texts,
    keywords,
    license: typeof read.license === 'string' ? read.license : null,
    summary,
  };
}

/** Longest facet value (longer ones are cut; the database backend stores values in 256 characters). */
export const FACET_VALUE_LENGTH = 256;

/**
 * A facet value as every backend counts it: cut to FACET_VALUE_LENGTH and without surrounding
 * blanks (MySQL's collations ignore trailing spaces, so "mit " and "mit" would be one value there
 * and two on SQLite).
 */
const facetValue = (value: string): string => value.slice(0, FACET_VALUE_LENGTH).trim();

/** Facet values of a document, the same for every backend (blank ones left out). */
export function facetValues(document: SearchDocument): Array<{ facet: FacetName; value: string }> {
  const values: Array<{ facet: FacetName; value: string }> = [
    { facet: 'type', value: document.type },
    { facet: 'platform', value: document.platform },
  ];
  if (document.license !== null) values.push({ facet: 'license', value: document.license });
  for (const keyword of document.keywords) values.push({ facet: 'keyword', value: keyword });
  const unique = new Map<string, { facet: FacetName; value: string }>();
  for (const { facet, value } of values) {
    const counted = facetValue(value);
    if (counted !== '') unique.set(`${facet}\u0000${counted}`, { facet, value: counted });
  }
  return [...unique.values()];
}

export const FACETS = ['platform', 'license', 'keyword', 'type'] as const;
export type FacetName = (typeof FACETS)[number];
