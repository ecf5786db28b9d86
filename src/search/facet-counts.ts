/**
 * Facet counts of the database search backend: the matching entries as bitmaps per block of doc
 * ids (from the entry sets, or from the posting rows when a query restricts fields or filters by
 * date), then each matching entry's facet value codes read from its facet block
 * (facet-blocks.ts) and counted. Blocks are kept in memory under their stamps (read from an index
 * alone) and read again only when they change. The values are looked up only for the codes listed.
 */
import type { RawReader, RawRow } from '../database/raw-reader.ts';
import type { StampedCache } from '../database/stamped-cache.ts';
import { inListChunks } from '../database/in-lists.ts';
import { FACET_SIZE, type FacetCount, type SearchResult } from './backend.ts';
import { BLOCK_SIZE } from './doc-sets.ts';
import { matchingBlocks } from './doc-set-count.ts';
import { FACETS, type FacetName } from './document.ts';
import { matchingDocIds } from './database-statements.ts';
import {
  type BlockTotals,
  blockTotals,
  CODE_STEP,
  codeLimit,
  countFacetCodes,
  FACET_BLOCK_SIZE,
  facetBlockOf,
  firstCodeOf,
  offsetInFacetBlock,
  valueNumberOfCode,
} from './facet-blocks.ts';
import { placeholders, type QueryPlan, type WordStats } from './query-plan.ts';
import type { DocSetSource } from './doc-set-cache.ts';

const WORDS_PER_FACET_BLOCK = FACET_BLOCK_SIZE / 32;

/** Per facet block, the offsets of the matching entries as a bitmap. */
type FacetBlockMembers = Map<number, Uint32Array>;

function membersOf(members: FacetBlockMembers, facetBlock: number): Uint32Array {
  let bits = members.get(facetBlock);
  if (!bits) members.set(facetBlock, (bits = new Uint32Array(WORDS_PER_FACET_BLOCK)));
  return bits;
}

async function matchingMembers(reader: RawReader, sets: DocSetSource, plan: QueryPlan, stats: WordStats, driver: string): Promise<FacetBlockMembers> {
  const members: FacetBlockMembers = new Map();
  const blocks = await matchingBlocks(sets, plan, stats);
  if (blocks) {
    // An entry-set block spans several facet blocks: each takes its slice of the bitmap (types are OR-ed).
    for (const { blockNumber, bits } of blocks) {
      for (let part = 0; part < BLOCK_SIZE / FACET_BLOCK_SIZE; part++) {
        const slice = bits.subarray(part * WORDS_PER_FACET_BLOCK, (part + 1) * WORDS_PER_FACET_BLOCK);
        if (slice.every((word) => word === 0)) continue;
        const into = membersOf(members, (blockNumber * BLOCK_SIZE) / FACET_BLOCK_SIZE + part);
        for (let word = 0; word < WORDS_PER_FACET_BLOCK; word++) into[word] = (into[word] as number) | (slice[word] as number);
      }
    }
    return members;
  }
  const [rows] = await reader.read([matchingDocIds(plan, driver)]);
  for (const [docId] of rows ?? []) {
    const offset = offsetInFacetBlock(Number(docId));
    const into = membersOf(members, facetBlockOf(Number(docId)));
    into[offset >>> 5] = (into[offset >>> 5] as number) | (1 << (offset & 31));
  }
  return members;
}

/** The FACET_SIZE most frequent codes of a facet, and any tied with the last (ties go by value). */
function topCodes(tally: Uint32Array, facet: FacetName): number[] {
  const codes: number[] = [];
  for (let code = firstCodeOf(facet); code < tally.length; code += CODE_STEP) {
    if ((tally[code] as number) > 0) codes.push(code);
  }
  codes.sort((a, b) => (tally[b] as number) - (tally[a] as number));
  if (codes.length <= FACET_SIZE) return codes;
  const last = tally[codes[FACET_SIZE - 1] as number] as number;
  return codes.filter((code, index) => index < FACET_SIZE || tally[code] === last);
}

/** The totals of the blocks kept in memory (facet-blocks.ts `blockTotals`): gone with the block. */
const keptTotals = new WeakMap<Uint8Array, BlockTotals>();

/** The largest value number: every code a block holds is below its code limit (facet-blocks.ts). */
const LARGEST_VALUE_NUMBER = { sql: 'SELECT MAX(value_no) FROM search_facet_value', parameters: [] };

/**
 * The stored codes of these facet blocks, and the largest value number, in one read: the blocks'
 * stamps first (from an index alone), then the codes of those `blocks` does not hold at their
 * stamp (kept there for the next search; every block when it keeps none), then the largest value
 * number, read after the blocks: value numbers only grow, so every code read is below its limit.
 */
async function facetBlockCodes(
  reader: RawReader,
  blocks: StampedCache<Uint8Array>,
  blockNumbers: number[],
): Promise<{ codes: Map<number, Uint8Array>; largestValueNumber: number }> {
  const codes = new Map<number, Uint8Array>();
  const stampStatements = blocks.enabled
    ? inListChunks(blockNumbers).map((chunk) => ({
        sql: `SELECT block_no, stamp FROM search_facet_block WHERE block_no IN (${placeholders(chunk)})`,
        parameters: chunk,
      }))
    : [];
  const results = await reader.read(stampStatements, (stamps) => {
    const missing = blocks.enabled ? [] : [...blockNumbers];
    for (const [blockNumber, stamp] of stamps.flat()) {
      const held = blocks.get(String(blockNumber), Number(stamp));
      if (held) codes.set(Number(blockNumber), held);
      else missing.push(Number(blockNumber));
    }
    const codeStatements = inListChunks(missing).map((chunk) => ({
      sql: `SELECT block_no, codes, stamp FROM search_facet_block WHERE block_no IN (${placeholders(chunk)})`,
      parameters: chunk,
    }));
    return [...codeStatements, LARGEST_VALUE_NUMBER];
  });
  const largest = (results.pop() as RawRow[])[0]?.[0];
  for (const [blockNumber, stored, stamp] of results.slice(stampStatements.length).flat()) {
    if (!blocks.enabled) {
      codes.set(Number(blockNumber), stored as Uint8Array);
      continue;
    }
    // The cache's own copy, apart from the driver's packet, kept under the stamp read with it.
    const own = new Uint8Array(stored as Uint8Array);
    const totals = blockTotals(own);
    keptTotals.set(own, totals);
    blocks.set(String(blockNumber), Number(stamp), own, own.byteLength + totals.codes.byteLength + totals.counts.byteLength);
    codes.set(Number(blockNumber), own);
  }
  return { codes, largestValueNumber: Number(largest ?? 0) };
}

export async function facetCounts(
  reader: RawReader,
  sources: { sets: DocSetSource; facetBlocks: StampedCache<Uint8Array> },
  plan: QueryPlan,
  stats: WordStats,
  driver: string,
  facets: FacetName[],
): Promise<SearchResult['facets']> {
  const members = await matchingMembers(reader, sources.sets, plan, stats, driver);
  const facetMask = facets.reduce((mask, facet) => mask | (1 << FACETS.indexOf(facet)), 0);
  const { codes: blockCodes, largestValueNumber } = await facetBlockCodes(reader, sources.facetBlocks, [...members.keys()]);
  const tally = new Uint32Array(codeLimit(largestValueNumber));
  for (const [blockNumber, codes] of blockCodes) {
    countFacetCodes(codes, members.get(blockNumber) as Uint32Array, facetMask, tally, keptTotals.get(codes));
  }
  const listed = new Map(facets.map((facet) => [facet, topCodes(tally, facet)]));
  const valueNumbers = [...listed.values()].flat().map(valueNumberOfCode);
  const valueResults = await reader.read(
    inListChunks(valueNumbers).map((numbers) => ({
      sql: `SELECT value_no, value FROM search_facet_value WHERE value_no IN (${placeholders(numbers)})`,
      parameters: numbers,
    })),
  );
  const values = new Map(valueResults.flat().map(([valueNumber, value]) => [Number(valueNumber), String(value)]));
  const result: SearchResult['facets'] = {};
  for (const [facet, codes] of listed) {
    const listedCounts: FacetCount[] = codes
      .filter((code) => values.has(valueNumberOfCode(code)))
      .map((code) => ({ value: values.get(valueNumberOfCode(code)) as string, count: tally[code] as number }));
    listedCounts.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    result[facet] = listedCounts.slice(0, FACET_SIZE);
  }
  return result;
}
