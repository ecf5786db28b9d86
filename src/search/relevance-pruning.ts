/**
 * Relevance on SQLite without scoring what cannot score. FTS5's bm25 gives a term in half or more
 * of all entries an idf of ~0 (it clamps log((N - n + 0.5) / (n + 0.5)) to 1e-6), so entries that
 * match only such "broad" terms all tie at ~0 whatever else they contain. Ranking them costs a
 * bm25 computation per entry (most of a broad query's time: ~80,000 of 100,000 datasets for a
 * common word) and orders nothing. So a page is: the entries matching a "selective" term, ranked
 * by bm25 over the selective terms (the broad ones would add at most ~1e-6 each), then the
 * entries matching only broad terms, in index order as ties always are. Same hits, same total.
 * Document frequencies come from the FTS5 vocabulary table (which counts a term's list, so a broad
 * term costs about what counting its matches does); N, the number of entries, is counted at most
 * every few seconds: it only decides which terms are broad.
 */
import type { RawReader, RawRow } from '../database/raw-reader.ts';
import type { SearchQuery } from './backend.ts';
import { pageStatement, totalStatement } from './database-statements.ts';
import { fts5Expression, type MatchGroups } from './match-expression.ts';
import { entryCount } from './entry-count.ts';

export interface PrunedPage {
  rows: RawRow[];
  total: number;
}

/** Document frequencies of tokens, and N (entries in the index). */
async function frequencies(reader: RawReader, tokens: string[]): Promise<{ df: Map<string, number>; entries: number }> {
  const terms = [...new Set(tokens)];
  // One equality lookup per term: fts5vocab seeks on `term = ?` but scans the whole vocabulary for IN.
  const [rows] = await reader.read([
    {
      sql: terms.map(() => 'SELECT term, doc FROM search_vocab WHERE term = ?').join(' UNION ALL '),
      parameters: terms,
    },
  ]);
  const df = new Map((rows ?? []).map((row) => [row[0] as string, Number(row[1])]));
  return { df, entries: await entryCount(reader) };
}

/**
 * The page of an any-word relevance search, pruned as above; undefined when pruning does not
 * apply (no broad term: the plain ranked statement is as cheap).
 */
export async function prunedRelevancePage(reader: RawReader, query: SearchQuery, groups: MatchGroups): Promise<PrunedPage | undefined> {
  if (query.sort !== 'relevance' || query.allWords) return undefined;
  const [words, ...filters] = groups as [string[], ...string[][]];
  const { df, entries } = await frequencies(reader, words);
  const broad = words.filter((token) => 2 * (df.get(token) ?? 0) >= entries);
  if (broad.length === 0) return undefined;
  const selective = words.filter((token) => !broad.includes(token) && (df.get(token) ?? 0) > 0);
  const full = fts5Expression(groups);
  const ranked = selective.length > 0 ? fts5Expression([selective, ...filters]) : undefined;
  const tied = ranked ? `(${fts5Expression([broad, ...filters])}) NOT (${fts5Expression([selective])})` : fts5Expression([broad, ...filters]);
  const counts = [totalStatement('sqlite', query, full), ...(ranked ? [totalStatement('sqlite', query, ranked)] : [])];
  const results = await reader.read(counts, (done) => {
    const rankedCount = ranked ? Number(done[1]?.[0]?.[0] ?? 0) : 0;
    const end = query.offset + query.limit;
    const statements = [];
    if (ranked && query.offset < rankedCount) {
      statements.push(pageStatement('sqlite', query, ranked, { withTotal: false }));
    }
    if (end > rankedCount) {
      const offset = Math.max(0, query.offset - rankedCount);
      const limit = end - Math.max(query.offset, rankedCount);
      statements.push(pageStatement('sqlite', { ...query, offset, limit }, tied, { withTotal: false, indexOrder: true }));
    }
    return statements;
  });
  const total = Number(results[0]?.[0]?.[0] ?? 0);
  const rows = results.slice(counts.length).flat();
  return { rows, total };
}
