/**
 * A search query as the database index answers it: its words, the type numbers and field mask to
 * match them in, the filters on entries, and each word's entry counts per type (from
 * `search_term`), which steer how the query is evaluated and weigh the words (idf).
 */
import type { RawReader } from '../database/raw-reader.ts';
import type { SearchQuery } from './backend.ts';
import { ENTRIES_TERM } from './entry-count.ts';
import { platformTerm } from './doc-sets.ts';
import { fieldTerm, hasFieldTerms, inverseDocumentFrequency } from './postings.ts';
import { searchableByType, type SearchableType } from './schema.ts';
import { queryTokens } from './tokens.ts';

export interface QueryPlan {
  query: SearchQuery;
  /** The terms looked up: the query's words, or their field terms when one short field is searched. */
  words: string[];
  typeNumbers: number[];
  /** Bit mask of the searched fields; undefined when every field of the types is searched. */
  mask: number | undefined;
  /** Every word must match (exact_match), or any. */
  all: boolean;
}

export interface WordStats {
  /** Entries per word (index into plan.words) and searched type number. */
  entries: Array<Map<number, number>>;
  /** The set stamps of the same (search/doc-set-cache.ts). */
  setStamps: Array<Map<number, number>>;
  /** Entries per word over the searched types. */
  searched: number[];
  /** Every entry in the index, all types. */
  total: number;
  /** Per word: idf over all types. */
  idf: number[];
}

function fieldMask(searchable: SearchableType, fields: readonly string[]): number {
  let mask = 0;
  for (const field of fields) {
    const bit = searchable.bits.get(field);
    if (bit !== undefined) mask |= 1 << bit;
  }
  return mask;
}

/**
 * The one field searched when a query names exactly one short field (postings.ts, field terms)
 * with the same bit in every searched type; undefined otherwise.
 */
function singleShortField(query: SearchQuery, types: SearchableType[]): number | undefined {
  if (query.fields?.length !== 1 || !hasFieldTerms(query.fields[0] as string)) return undefined;
  const bits = new Set(types.map((searchable) => searchable.bits.get(query.fields?.[0] as string)).filter((bit) => bit !== undefined));
  return bits.size === 1 ? [...bits][0] : undefined;
}

/** The plan of a query, or undefined when it can match nothing (no words, no searchable field). */
export function planOf(query: SearchQuery): QueryPlan | undefined {
  const words = queryTokens(query.text);
  const types = query.types.map(searchableByType).filter((searchable): searchable is SearchableType => searchable !== undefined);
  let mask = 0;
  let everything = 0;
  for (const searchable of types) {
    mask |= fieldMask(searchable, query.fields ?? searchable.fields);
    everything |= fieldMask(searchable, searchable.fields);
  }
  if (words.length === 0 || mask === 0) return undefined;
  const field = singleShortField(query, types);
  return {
    query,
    words: field === undefined ? words : [...new Set(words.map((word) => fieldTerm(field, word)))],
    typeNumbers: types.map((searchable) => searchable.typeNumber),
    mask: mask === everything || field !== undefined ? undefined : mask,
    all: query.allWords,
  };
}

export async function wordStats(reader: RawReader, plan: QueryPlan): Promise<WordStats> {
  // Every type's count: the searched ones steer evaluation, all of them weigh the word (idf), so
  // a word's weight does not depend on which types are searched.
  // With the entry counts of every type (ENTRIES_TERM): the index's size.
  const terms = [...plan.words, ENTRIES_TERM];
  const [rows] = await reader.read([
    { sql: `SELECT term, type_no, entries, set_stamp FROM search_term WHERE term IN (${placeholders(terms)})`, parameters: terms },
  ]);
  const position = new Map(plan.words.map((word, index) => [word, index]));
  const searchedTypes = new Set(plan.typeNumbers);
  const entries = plan.words.map(() => new Map<number, number>());
  const setStamps = plan.words.map(() => new Map<number, number>());
  const everywhere = plan.words.map(() => 0);
  let indexed = 0;
  for (const [term, typeNumber, count, setStamp] of rows ?? []) {
    if (term === ENTRIES_TERM) {
      indexed += Number(count);
      continue;
    }
    const word = position.get(term as string) as number;
    everywhere[word] = (everywhere[word] as number) + Number(count);
    if (Number(count) > 0 && searchedTypes.has(Number(typeNumber))) {
      entries[word]?.set(Number(typeNumber), Number(count));
      setStamps[word]?.set(Number(typeNumber), Number(setStamp));
    }
  }
  const searched = entries.map((counts) => [...counts.values()].reduce((sum, n) => sum + n, 0));
  const total = Math.max(1, indexed);
  return { entries, setStamps, searched, total, idf: everywhere.map((withWord) => inverseDocumentFrequency(total, withWord)) };
}

/**
 * Whether the query searches whole entries: no field restriction beyond one short field's terms,
 * no platform or date filter. Only then can the per-word counts (which know neither fields nor
 * entries' platforms and dates) answer it; the entry sets answer more (entrySetsAnswer).
 */
export const searchesWholeEntries = (plan: QueryPlan): boolean => plan.mask === undefined && !filtersEntries(plan.query);

/**
 * Whether the entry sets (doc-sets.ts) can answer the query: whole entries (as above), filtered
 * by platform at most, since each platform's entries are a set too; not by date.
 */
export const entrySetsAnswer = (plan: QueryPlan): boolean => plan.mask === undefined && !filtersByDate(plan.query);

/** The set terms of the platforms a query is limited to (none: every platform). */
export const platformTermsOf = (plan: QueryPlan): string[] => (plan.query.platforms ?? []).map(platformTerm);

const filtersByDate = (query: SearchQuery): boolean => query.dateModifiedAfter !== undefined || query.dateModifiedBefore !== undefined;

/** Whether the query filters entries by platform or date (a join with search_entry). */
export const filtersEntries = (query: SearchQuery): boolean => (query.platforms?.length ?? 0) > 0 || filtersByDate(query);

/** Conditions on the entry (alias `alias`): platforms and date_modified bounds. */
export function entryConditions(query: SearchQuery, alias: string): { sql: string; parameters: unknown[] } {
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  if (query.platforms && query.platforms.length > 0) {
    conditions.push(`${alias}.platform IN (${placeholders(query.platforms)})`);
    parameters.push(...query.platforms);
  }
  if (query.dateModifiedAfter !== undefined) {
    conditions.push(`${alias}.date_modified >= ?`);
    parameters.push(query.dateModifiedAfter);
  }
  if (query.dateModifiedBefore !== undefined) {
    conditions.push(`${alias}.date_modified < ?`);
    parameters.push(query.dateModifiedBefore);
  }
  return { sql: conditions.map((condition) => ` AND ${condition}`).join(''), parameters };
}

/**
 * The entry filters of posting rows aliased `alias`: a join with their entry (`s`) and its
 * conditions, or nothing when the query has no platform or date filter.
 */
export function entryFilter(query: SearchQuery, alias: string): { join: string; sql: string; parameters: unknown[] } {
  if (!filtersEntries(query)) return { join: '', sql: '', parameters: [] };
  return { join: ` JOIN search_entry s ON s.doc_id = ${alias}.doc_id`, ...entryConditions(query, 's') };
}

/** The field-mask condition on posting rows aliased `alias` (a literal: masks are plain integers). */
export const maskCondition = (plan: QueryPlan, alias: string): string =>
  plan.mask === undefined ? '' : ` AND (${alias}.fields & ${plan.mask}) <> 0`;

export const placeholders = (values: readonly unknown[]): string => values.map(() => '?').join(', ');
