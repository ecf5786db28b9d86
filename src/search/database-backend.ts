/**
 * The default search backend: the catalogue database's own full-text index (SQLite FTS5 with
 * bm25 ranking, or an InnoDB FULLTEXT index ranked by its MATCH score). Searches read through the
 * hot-path reader (one statement for a page and its total, one more for facets); writes join the
 * indexer's transaction, so an index write and its change-log position commit together.
 */
import type { Database } from '../database/db.ts';
import type { Executor } from '../database/dialect.ts';
import type { RawRow } from '../database/raw-reader.ts';
import type { Json } from '../database/model/normalize.ts';
import {
  FACET_SIZE,
  type FacetCount,
  type IndexChanges,
  type SearchBackend,
  type SearchQuery,
  type SearchResult,
} from './backend.ts';
import type { FacetName, SearchDocument } from './document.ts';
import { facetStatement, pageStatement, sqliteWalkStatement, totalStatement } from './database-statements.ts';
import { LISTED_STATUSES } from '../services/visibility.ts';
import { optimizeIndex, removeEntries, unpublishedEntries, writeEntries } from './database-writes.ts';
import { fts5Expression, innodbBooleanExpression, matchGroups } from './match-expression.ts';
import { entryCount } from './entry-count.ts';
import { prunedRelevancePage } from './relevance-pruning.ts';
import { searchableTypes } from './schema.ts';

const EMPTY: SearchResult = { total: 0, hits: [], facets: {} };

/** From this many matches on, a sorted SQLite page walks an index instead of sorting the matches. */
const WALK_FROM_MATCHES = 2000;
/** Walks this short test each entry against the index instead of collecting the matches first. */
const PROBED_WALK_LIMIT = 200;

function facetCounts(rows: RawRow[] | undefined, facets: FacetName[]): SearchResult['facets'] {
  const result: SearchResult['facets'] = {};
  for (const facet of facets) result[facet] = [];
  for (const row of rows ?? []) (result[row[0] as FacetName] as FacetCount[]).push({ value: row[1] as string, count: Number(row[2]) });
  for (const facet of facets) {
    const counts = result[facet] as FacetCount[];
    counts.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    result[facet] = counts.slice(0, FACET_SIZE);
  }
  return result;
}

const summaryOf = (value: unknown): Json =>
  (typeof value === 'string' ? JSON.parse(value) : Buffer.isBuffer(value) ? JSON.parse(value.toString('utf8')) : value) as Json;

export function createDatabaseBackend(database: Database): SearchBackend {
  const { dialect, reader } = database;

  async function search(query: SearchQuery): Promise<SearchResult> {
    const groups = matchGroups(query, { allSearchableTypes: searchableTypes.length, typeTokens: false });
    if (!groups) return EMPTY;
    const expression = dialect === 'sqlite' ? fts5Expression(groups) : innodbBooleanExpression(groups);
    const facetRows =
      query.facets.length > 0 ? (await reader.read([facetStatement(dialect, query, expression, query.facets)]))[0] : undefined;
    const pruned =
      dialect !== 'sqlite'
        ? undefined
        : query.sort === 'relevance'
          ? await prunedRelevancePage(reader, query, groups)
          : await sortedSqlitePage(query, expression);
    let page: RawRow[];
    let total: number;
    if (pruned) ({ rows: page, total } = pruned);
    else {
      const [rows] = await reader.read([pageStatement(dialect, query, expression)]);
      page = rows ?? [];
      if (page.length > 0) total = Number((page[0] as RawRow)[3]);
      else {
        const [totalRows] = await reader.read([totalStatement(dialect, query, expression)]);
        total = Number(totalRows?.[0]?.[0] ?? 0);
      }
    }
    return {
      total,
      hits: page.map((row) => ({ identifier: row[0] as string, type: row[1] as string, summary: summaryOf(row[2]) })),
      facets: query.facets.length > 0 ? facetCounts(facetRows, query.facets) : {},
    };
  }

  /** SQLite pages in date or identifier order: sort the matches when few, walk an index when many. */
  async function sortedSqlitePage(query: SearchQuery, expression: string): Promise<{ rows: RawRow[]; total: number }> {
    const entries = await entryCount(reader);
    const results = await reader.read([totalStatement('sqlite', query, expression)], (done) => {
      const total = Number(done[0]?.[0]?.[0] ?? 0);
      if (total === 0 || query.offset >= total) return [];
      // About how many entries a walk in sort order reads before it has the page.
      const walked = ((query.offset + query.limit) * entries) / total;
      if (walked <= PROBED_WALK_LIMIT) return [sqliteWalkStatement(query, expression, true)];
      if (total > WALK_FROM_MATCHES) return [sqliteWalkStatement(query, expression, false)];
      return [pageStatement('sqlite', query, expression, { withTotal: false })];
    });
    return { total: Number(results[0]?.[0]?.[0] ?? 0), rows: results[1] ?? [] };
  }

  async function apply(changes: IndexChanges, executor?: Executor): Promise<void> {
    const write = async (target: Executor) => {
      if (changes.remove.length > 0) await removeEntries(target, dialect, changes.remove);
      if (changes.upsert.length > 0) await writeEntries(target, dialect, changes.upsert);
    };
    if (executor) await write(executor);
    else await database.kysely.transaction().execute(write);
  }

  /**
   * Replaces entries batch by batch (each its own transaction: searches and writes go on), then
   * removes entries of assets no longer published. The index is never empty meanwhile.
   */
  async function rebuild(batches: AsyncIterable<SearchDocument[]>, onBatch?: (indexed: number) => void): Promise<number> {
    let indexed = 0;
    for await (const batch of batches) {
      await apply({ upsert: batch, remove: [] });
      indexed += batch.length;
      onBatch?.(indexed);
    }
    const gone = await unpublishedEntries(database.kysely, LISTED_STATUSES);
    if (gone.length > 0) await apply({ upsert: [], remove: gone });
    await optimizeIndex(database.kysely, dialect);
    return indexed;
  }

  return {
    kind: 'database',
    consumer: 'database',
    search,
    apply,
    rebuild,
    exists: async () => true,
    ping: async () => true,
    close: async () => {},
  };
}
