/**
 * The entry sets (doc-sets.ts) a search reads, kept in memory per term and type under the term's
 * set stamp (database/stamped-cache.ts). Sets of common words are the largest rows a search reads
 * (~7 KB per word and block of 4,096 entries) and the ones read most; a search already reads
 * every word's `search_term` row, stamp included (query-plan.ts `wordStats`), so a copy is
 * checked against the database without another read, and only the sets not held at their
 * current stamp are read. The platforms' sets have no stamp and are read every time.
 */
import type { RawReader, RawRow } from '../database/raw-reader.ts';
import { StampedCache } from '../database/stamped-cache.ts';
import { docSetRows } from './database-statements.ts';
import { platformTermsOf, type QueryPlan, type WordStats } from './query-plan.ts';

/** A stored block of a term's entries of one type: its members and their impacts (doc-sets.ts). */
export interface DocSetRow {
  typeNumber: number;
  blockNumber: number;
  term: string;
  members: Uint8Array;
  /** Empty for the platforms' sets: they only filter. */
  impacts: Uint8Array;
}

/** What a row costs besides its blobs: the object, its term and the arrays' headers. */
const ROW_OVERHEAD_BYTES = 200;
const NO_IMPACTS = new Uint8Array(0);

const keyOf = (typeNumber: number, term: string): string => `${typeNumber} ${term}`;

/** A stored row as the cache's own: the blobs copied, so aligned and apart from the driver's packet. */
const ownRow = ([typeNumber, blockNumber, term, members, impacts]: RawRow): DocSetRow => ({
  typeNumber: Number(typeNumber),
  blockNumber: Number(blockNumber),
  term: term as string,
  members: new Uint8Array(members as Uint8Array),
  impacts: impacts === undefined ? NO_IMPACTS : new Uint8Array(impacts as Uint8Array),
});

export interface DocSetSource {
  /** The rows of the plan's words (over the types they have entries in) and platforms, in block order. */
  rows(plan: QueryPlan, stats: WordStats): Promise<DocSetRow[]>;
  readonly cache: StampedCache<DocSetRow[]>;
}

/** Entry sets read through `reader`, keeping up to `budgetBytes` of them (0: none). */
export function docSetSource(reader: RawReader, budgetBytes: number): DocSetSource {
  const cache = new StampedCache<DocSetRow[]>(budgetBytes);

  async function rows(plan: QueryPlan, stats: WordStats): Promise<DocSetRow[]> {
    const held: DocSetRow[][] = [];
    /** Sets to read: key → the stamp read before them (a set read later is at least as new). */
    const missing = new Map<string, number>();
    const missingWords = new Set<string>();
    const missingTypes = new Set<number>();
    plan.words.forEach((word, index) => {
      for (const [typeNumber, stamp] of stats.setStamps[index] ?? []) {
        const cached = cache.get(keyOf(typeNumber, word), stamp);
        if (cached) {
          held.push(cached);
          continue;
        }
        missing.set(keyOf(typeNumber, word), stamp);
        missingWords.add(word);
        missingTypes.add(typeNumber);
      }
    });
    const platformTerms = platformTermsOf(plan);
    const statements = [
      ...(missing.size > 0 ? [docSetRows([...missingWords], [...missingTypes], 'type_no, block_no, term, members, impacts')] : []),
      ...(platformTerms.length > 0 ? [docSetRows(platformTerms, plan.typeNumbers, 'type_no, block_no, term, members')] : []),
    ];
    const results = statements.length > 0 ? await reader.read(statements) : [];
    const read = new Map<string, DocSetRow[]>([...missing.keys()].map((key) => [key, []]));
    const platformRows: DocSetRow[] = [];
    for (const raw of results.flat()) {
      const row = ownRow(raw);
      if (row.impacts === NO_IMPACTS) platformRows.push(row);
      // Words × types reads some pairs held already: those rows are dropped.
      else read.get(keyOf(row.typeNumber, row.term))?.push(row);
    }
    for (const [key, setRows] of read) {
      setRows.sort((a, b) => a.blockNumber - b.blockNumber);
      const bytes = setRows.reduce((sum, row) => sum + row.members.byteLength + row.impacts.byteLength + ROW_OVERHEAD_BYTES, 0);
      cache.set(key, missing.get(key) as number, setRows, bytes);
      held.push(setRows);
    }
    return [...held.flat(), ...platformRows].sort((a, b) => a.blockNumber - b.blockNumber);
  }

  return { rows, cache };
}
