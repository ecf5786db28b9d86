/**
 * The SQL of the database search backend over its posting rows (`search_posting` p, one per word
 * and entry) and entries (`search_entry` s), the same on both dialects but for index hints.
 */
import type { DialectName } from '../database/db.ts';
import type { RawStatement } from '../database/raw-reader.ts';
import { entryConditions, entryFilter, maskCondition, placeholders, type QueryPlan } from './query-plan.ts';
import { searchableTypes } from './schema.ts';

const DIRECTION = { asc: 'ASC', desc: 'DESC' } as const;

interface Fragment {
  sql: string;
  parameters: unknown[];
}

/**
 * FROM ... WHERE ... of the posting rows (alias p) of `terms` in the searched types, after the
 * field mask and, unless left out, the entry filters (platform, dates).
 */
function postingsOfTerms(plan: QueryPlan, terms: string[], options: { entryFilters?: boolean } = {}): Fragment {
  const filter = options.entryFilters === false ? { join: '', sql: '', parameters: [] } : entryFilter(plan.query, 'p');
  return {
    sql:
      `FROM search_posting p${filter.join} WHERE p.term IN (${placeholders(terms)}) ` +
      `AND p.type_no IN (${placeholders(plan.typeNumbers)})${maskCondition(plan, 'p')}${filter.sql}`,
    parameters: [...terms, ...plan.typeNumbers, ...filter.parameters],
  };
}

/**
 * The posting rows of the matching entries: any word, each word's rows (an entry once per word
 * it has); every word, the driver's rows of entries that have the others (probed by primary key).
 */
function matchingPostings(plan: QueryPlan, driver: string, options: { entryFilters?: boolean } = {}): Fragment {
  if (!plan.all) return postingsOfTerms(plan, plan.words, options);
  const driven = postingsOfTerms(plan, [driver], options);
  const others = plan.words.filter((word) => word !== driver);
  const probes = others
    .map((_, index) => ` AND EXISTS (SELECT 1 FROM search_posting q${index} WHERE q${index}.term = ? AND q${index}.doc_id = p.doc_id${maskCondition(plan, `q${index}`)})`)
    .join('');
  return { sql: driven.sql + probes, parameters: [...driven.parameters, ...others] };
}

/** Posting rows of one word and type, best first, after the field mask and entry filters. */
export function postingRange(plan: QueryPlan, term: string, typeNumber: number, limit: number, offset: number): RawStatement {
  const filter = entryFilter(plan.query, 'p');
  return {
    sql:
      `SELECT p.doc_id, p.impact FROM search_posting p${filter.join} WHERE p.term = ? AND p.type_no = ?` +
      `${maskCondition(plan, 'p')}${filter.sql} ORDER BY p.impact DESC, p.doc_id LIMIT ? OFFSET ?`,
    parameters: [term, typeNumber, ...filter.parameters, limit, offset],
  };
}

/** A page of a one-word, one-type search in relevance order: its identifier, type, summary rows. */
export function singleRangePage(plan: QueryPlan, term: string, typeNumber: number): RawStatement {
  const range = postingRange(plan, term, typeNumber, plan.query.limit, plan.query.offset);
  return {
    sql: `SELECT s2.identifier, s2.type, s2.summary FROM (${range.sql}) h JOIN search_entry s2 ON s2.doc_id = h.doc_id ORDER BY h.impact DESC, h.doc_id`,
    parameters: range.parameters,
  };
}

/** The postings of these words in these entries (to complete their scores). */
export function postingsOfEntries(words: string[], docIds: number[]): RawStatement {
  return {
    sql: `SELECT doc_id, term, impact, fields FROM search_posting WHERE term IN (${placeholders(words)}) AND doc_id IN (${placeholders(docIds)})`,
    parameters: [...words, ...docIds],
  };
}

/**
 * The postings of the query's words in every matching entry (doc_id, term, impact, fields): for
 * queries with few matches, scored whole. Any word: each word's postings. Every word: the driver's
 * postings, and the other words' postings in those entries (by primary key); entries missing a
 * word are dropped by the caller.
 */
export function matchingPostingRows(plan: QueryPlan, driver: string): RawStatement[] {
  const columns = 'SELECT p.doc_id, p.term, p.impact, p.fields ';
  const postings = postingsOfTerms(plan, plan.all ? [driver] : plan.words);
  const others = plan.all ? plan.words.filter((word) => word !== driver) : [];
  if (others.length === 0) return [{ sql: columns + postings.sql, parameters: postings.parameters }];
  const filter = entryFilter(plan.query, 'd');
  return [
    { sql: columns + postings.sql, parameters: postings.parameters },
    {
      sql:
        `${columns}FROM search_posting d${filter.join} ` +
        `JOIN search_posting p ON p.term IN (${placeholders(others)}) AND p.doc_id = d.doc_id ` +
        `WHERE d.term = ? AND d.type_no IN (${placeholders(plan.typeNumbers)})${maskCondition(plan, 'd')}${filter.sql}`,
      parameters: [...others, driver, ...plan.typeNumbers, ...filter.parameters],
    },
  ];
}

/** Rows of these terms' entry sets (doc-sets.ts) in these types (search/doc-set-cache.ts). */
export function docSetRows(terms: string[], typeNumbers: number[], columns: string): RawStatement {
  return {
    sql: `SELECT ${columns} FROM search_doc_set WHERE term IN (${placeholders(terms)}) AND type_no IN (${placeholders(typeNumbers)})`,
    parameters: [...terms, ...typeNumbers],
  };
}

export function entriesById(docIds: number[]): RawStatement {
  return {
    sql: `SELECT doc_id, identifier, type, summary FROM search_entry WHERE doc_id IN (${placeholders(docIds)})`,
    parameters: docIds,
  };
}

/** How many entries match, counting at most `cap` + 1 (enough to know it is more than `cap`). */
export function cappedCount(plan: QueryPlan, driver: string, cap: number): RawStatement {
  const matching = matchingPostings(plan, driver);
  // One posting row per entry unless several words are read: then the same entry comes once per word.
  const distinct = !plan.all && plan.words.length > 1 ? 'DISTINCT ' : '';
  return {
    sql: `SELECT COUNT(*) FROM (SELECT ${distinct}p.doc_id ${matching.sql} LIMIT ?) c`,
    parameters: [...matching.parameters, cap + 1],
  };
}

/** The doc ids of the matching entries (an entry once per word it matches when any word will do). */
export function matchingDocIds(plan: QueryPlan, driver: string): RawStatement {
  const matching = matchingPostings(plan, driver);
  return { sql: `SELECT p.doc_id ${matching.sql}`, parameters: matching.parameters };
}

function sortOrder(plan: QueryPlan): string {
  const direction = DIRECTION[plan.query.direction];
  return plan.query.sort === 'identifier'
    ? `s.identifier ${direction}`
    : `s.date_modified ${direction}, s.identifier ${direction}`;
}

/**
 * A page in date or identifier order from the matching entries: collected through the posting
 * rows, then sorted (entry filters apply to the sorted entries). Right when few entries match.
 */
export function collectedSortedPage(plan: QueryPlan, driver: string): RawStatement {
  const matching = matchingPostings(plan, driver, { entryFilters: false });
  const filters = entryConditions(plan.query, 's');
  return {
    sql:
      `SELECT s.identifier, s.type, s.summary FROM search_entry s WHERE s.doc_id IN (SELECT p.doc_id ${matching.sql})` +
      `${filters.sql} ORDER BY ${sortOrder(plan)} LIMIT ? OFFSET ?`,
    parameters: [...matching.parameters, ...filters.parameters, plan.query.limit, plan.query.offset],
  };
}

/** Makes the database walk `index`: the planner cannot know that the walk stops early. */
function indexHint(dialect: DialectName, index: string): string {
  return dialect === 'sqlite' ? `INDEXED BY ${index}` : `FORCE INDEX (${index})`;
}

/**
 * A page in date or identifier order by walking the entries in that order (an index) and keeping
 * those that match, each tested by primary-key probes of its posting rows, until the page is
 * full. Right when many entries match: about (offset + limit) × entries / matches probes.
 */
export function walkedSortedPage(dialect: DialectName, plan: QueryPlan): RawStatement {
  const types = plan.query.types;
  const everyType = types.length === searchableTypes.length;
  const index =
    plan.query.sort === 'identifier' ? 'search_entry_identifier_unique' : types.length === 1 ? 'search_entry_by_type_date' : 'search_entry_by_date';
  const filters = entryConditions(plan.query, 's');
  const typeCondition = everyType ? '' : ` AND s.type IN (${placeholders(types)})`;
  const probe = (terms: string) =>
    ` AND EXISTS (SELECT 1 FROM search_posting p WHERE p.term ${terms} AND p.doc_id = s.doc_id${maskCondition(plan, 'p')})`;
  const probes = plan.all ? plan.words.map(() => probe('= ?')).join('') : probe(`IN (${placeholders(plan.words)})`);
  return {
    sql:
      `SELECT s.identifier, s.type, s.summary FROM search_entry s ${indexHint(dialect, index)} WHERE 1 = 1${typeCondition}` +
      `${filters.sql}${probes} ORDER BY ${sortOrder(plan)} LIMIT ? OFFSET ?`,
    parameters: [...(everyType ? [] : types), ...filters.parameters, ...plan.words, plan.query.limit, plan.query.offset],
  };
}
