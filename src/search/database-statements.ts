/**
 * The SQL of the database search backend, per dialect: the page of hits with the total, and facet
 * counts. Relevance is FTS5's bm25 on SQLite and the InnoDB MATCH score on MySQL/MariaDB; the page's
 * summaries are fetched after sorting and cutting, so the sort carries only ids and scores.
 */
import type { DialectName } from '../database/db.ts';
import type { RawStatement } from '../database/raw-reader.ts';
import type { SearchQuery } from './backend.ts';
import type { FacetName } from './document.ts';
import { docIdRange, searchableTypes } from './schema.ts';

interface Matching {
  /** FROM ... WHERE ... of the matching entries; the entry table is aliased `e` when joined. */
  from: string;
  parameters: unknown[];
  /** Whether `e` (search_entry) is part of `from`. */
  joined: boolean;
}

function dateConditions(query: SearchQuery, column: string): { sql: string; parameters: unknown[] } {
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  if (query.dateModifiedAfter !== undefined) {
    conditions.push(`${column} >= ?`);
    parameters.push(query.dateModifiedAfter);
  }
  if (query.dateModifiedBefore !== undefined) {
    conditions.push(`${column} < ?`);
    parameters.push(query.dateModifiedBefore);
  }
  return { sql: conditions.map((condition) => ` AND ${condition}`).join(''), parameters };
}

/** SQLite: a single type is a rowid range (see schema.ts, docIdRange); several types need no filter only when all are searched. */
function typeRange(query: SearchQuery): { sql: string; parameters: unknown[] } {
  if (query.types.length === searchableTypes.length) return { sql: '', parameters: [] };
  const ranges = query.types.map(docIdRange);
  return {
    sql: ` AND (${ranges.map(() => 'search_text.rowid BETWEEN ? AND ?').join(' OR ')})`,
    parameters: ranges.flatMap((range) => [range.first, range.last]),
  };
}

const FACET_JOIN = ' JOIN search_facet f ON f.identifier = e.identifier';

function matching(
  dialect: DialectName,
  query: SearchQuery,
  expression: string,
  needs: { entry?: boolean; facets?: boolean } = {},
): Matching {
  const dates = dateConditions(query, 'e.date_modified');
  const facets = needs.facets ? FACET_JOIN : '';
  if (dialect === 'mysql') {
    // A type filter as a column condition: a type's token is in every entry of the type, and
    // InnoDB reads a token's whole posting list (~1 s for 100,000 entries) to intersect with it.
    const types = query.types.length < searchableTypes.length ? query.types : [];
    const typeSql = types.length > 0 ? ` AND e.type IN (${types.map(() => '?').join(', ')})` : '';
    return {
      from: `FROM search_entry e${facets} WHERE MATCH(e.tokens) AGAINST (? IN BOOLEAN MODE)${typeSql}${dates.sql}`,
      parameters: [expression, ...types, ...dates.parameters],
      joined: true,
    };
  }
  // CROSS JOIN keeps the FTS table outermost: bm25 only works when FTS5 drives the loop.
  const join = needs.entry === true || needs.facets === true || dates.parameters.length > 0;
  const range = typeRange(query);
  return {
    from:
      'FROM search_text' +
      (join ? ' CROSS JOIN search_entry e ON e.doc_id = search_text.rowid' : '') +
      facets.replace(' JOIN', ' CROSS JOIN') +
      ` WHERE search_text MATCH ?${range.sql}${dates.sql}`,
    parameters: [expression, ...range.parameters, ...dates.parameters],
    joined: join,
  };
}

const DIRECTION = { asc: 'ASC', desc: 'DESC' } as const;

/** ORDER BY of the hits, over the inner columns doc_id, score, dm (date_modified), id (identifier). */
function ordering(dialect: DialectName, query: SearchQuery): string {
  const direction = DIRECTION[query.direction];
  switch (query.sort) {
    case 'date_modified':
      return `dm ${direction}, id ${direction}`;
    case 'identifier':
      return `id ${direction}`;
    default:
      // bm25 is lower for better matches; MATCH scores are higher. Ties keep index order.
      return dialect === 'sqlite' ? 'score, doc_id' : 'score DESC, doc_id';
  }
}

/** The total of matching entries. */
export function totalStatement(dialect: DialectName, query: SearchQuery, expression: string): RawStatement {
  const match = matching(dialect, query, expression);
  return { sql: `SELECT COUNT(*) ${match.from}`, parameters: match.parameters };
}

export interface PageOptions {
  /** Add the total as a last column (default true). */
  withTotal?: boolean;
  /** Hits in index order (doc_id) without scoring them: for entries whose scores all tie. */
  indexOrder?: boolean;
}

/**
 * One statement for a page: identifier, type, summary of each hit in order, and the total as a
 * last column (an uncorrelated subquery, computed once). Past the end it returns no row, and the
 * total needs `totalStatement`.
 */
export function pageStatement(
  dialect: DialectName,
  query: SearchQuery,
  expression: string,
  options: PageOptions = {},
): RawStatement {
  const withTotal = options.withTotal ?? true;
  const match = matching(dialect, query, expression, { entry: query.sort !== 'relevance' && !options.indexOrder });
  const total = withTotal ? totalStatement(dialect, query, expression) : { sql: '', parameters: [] };
  const byRelevance = query.sort === 'relevance' && !options.indexOrder;
  // Scores cost a computation per matching entry: only when ranking by them.
  const score =
    dialect === 'mysql'
      ? byRelevance
        ? 'MATCH(e.tokens) AGAINST (? IN BOOLEAN MODE)'
        : '0'
      : byRelevance
        ? 'bm25(search_text)'
        : '0';
  const columns =
    `${dialect === 'mysql' ? 'e.doc_id' : 'search_text.rowid'} AS doc_id, ${score} AS score` +
    (match.joined ? ', e.date_modified AS dm, e.identifier AS id' : '');
  const columnParameters = dialect === 'mysql' && byRelevance ? [expression] : [];
  const order = options.indexOrder ? 'doc_id' : ordering(dialect, query);
  const sql =
    `SELECT s.identifier, s.type, s.summary${withTotal ? `, (${total.sql}) AS total` : ''} FROM ` +
    `(SELECT ${columns} ${match.from} ORDER BY ${order} LIMIT ? OFFSET ?) h ` +
    `JOIN search_entry s ON s.doc_id = h.doc_id ORDER BY ${order.replace(/\b(score|doc_id|dm|id)\b/g, 'h.$1')}`;
  return {
    sql,
    parameters: [...total.parameters, ...columnParameters, ...match.parameters, query.limit, query.offset],
  };
}

/** Counts per facet value over every matching entry. */
export function facetStatement(dialect: DialectName, query: SearchQuery, expression: string, facets: FacetName[]): RawStatement {
  const match = matching(dialect, query, expression, { facets: true });
  const placeholders = facets.map(() => '?').join(', ');
  return {
    sql: `SELECT f.facet, f.value, COUNT(*) AS n ${match.from} AND f.facet IN (${placeholders}) GROUP BY f.facet, f.value`,
    parameters: [...match.parameters, ...facets],
  };
}

/**
 * SQLite, sorted by date_modified or identifier, when many entries match: walk the entries in
 * sort order (an index) and keep those in the matching set, stopping after the page, instead of
 * sorting every match. With N entries and M matches that reads about (offset + limit) * N / M
 * index rows; sorting would read M. Few matches are cheaper the other way (pageStatement).
 * `probe`: test each walked entry against the index (~50 µs each, for short walks) instead of
 * first collecting the matching set (~0.3 µs per match, for long ones).
 */
export function sqliteWalkStatement(query: SearchQuery, expression: string, probe: boolean): RawStatement {
  const direction = DIRECTION[query.direction];
  const single = query.types.length === 1;
  const index =
    query.sort === 'identifier' ? 'search_entry_identifier_unique' : single ? 'search_entry_by_type_date' : 'search_entry_by_date';
  const order = query.sort === 'identifier' ? `s.identifier ${direction}` : `s.date_modified ${direction}, s.identifier ${direction}`;
  const types = query.types.length < searchableTypes.length ? query.types : [];
  const typeCondition = types.length > 0 ? `s.type IN (${types.map(() => '?').join(', ')}) AND ` : '';
  const dates = dateConditions(query, 's.date_modified');
  const matched = probe
    ? 'EXISTS (SELECT 1 FROM search_text WHERE search_text MATCH ? AND search_text.rowid = s.doc_id)'
    : 's.doc_id IN (SELECT rowid FROM search_text WHERE search_text MATCH ?)';
  return {
    sql:
      `SELECT s.identifier, s.type, s.summary FROM search_entry s INDEXED BY ${index} ` +
      `WHERE ${typeCondition}${matched}${dates.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
    parameters: [...types, expression, ...dates.parameters, query.limit, query.offset],
  };
}
