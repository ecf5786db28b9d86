/**
 * Facet counts of the database search backend: the matching entries as bitmaps per block of doc
 * ids (from the words' entry sets, or from the posting rows when a query restricts fields or
 * filters by date), then each matching entry's facet value codes read from its facet block
 * (facet-blocks.ts) and counted. A platform filter is applied to the codes themselves, so
 * narrowing a broad query to a platform, as faceted browsing does, stays as fast as the query.
 * The values are looked up only for the codes listed.
 */
import type { RawReader } from '../database/raw-reader.ts';
import { inListChunks } from '../database/in-lists.ts';
import { FACET_SIZE, type FacetCount, type SearchResult } from './backend.ts';
import { BLOCK_SIZE } from './doc-sets.ts';
import { matchingBlocks } from './doc-set-count.ts';
import { FACETS, type FacetName } from './document.ts';
import { matchingDocIds } from './database-statements.ts';
import {
  CodeCounts,
  countFacetCodes,
  FACET_BLOCK_SIZE,
  facetBlockOf,
  facetCode,
  offsetInFacetBlock,
  valueNumberOfCode,
} from './facet-blocks.ts';
import { placeholders, type QueryPlan } from './query-plan.ts';

const WORDS_PER_FACET_BLOCK = FACET_BLOCK_SIZE / 32;

/** Per facet block, the offsets of the matching entries as a bitmap. */
type FacetBlockMembers = Map<number, Uint32Array>;

function membersOf(members: FacetBlockMembers, facetBlock: number): Uint32Array {
  let bits = members.get(facetBlock);
  if (!bits) members.set(facetBlock, (bits = new Uint32Array(WORDS_PER_FACET_BLOCK)));
  return bits;
}

/**
 * The entries matching the plan, or with `byPlatform` the entries matching its words and date
 * filters, whose platforms the caller checks.
 */
async function matchingMembers(reader: RawReader, plan: QueryPlan, driver: string, byPlatform: boolean): Promise<FacetBlockMembers> {
  const members: FacetBlockMembers = new Map();
  const blocks = await matchingBlocks(reader, plan, { ignoringEntryFilters: byPlatform });
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
function topCodes(counts: CodeCounts, facet: FacetName): number[] {
  const codes: number[] = [];
  for (let code = FACETS.indexOf(facet); code < counts.counts.length; code += FACETS.length) {
    if ((counts.counts[code] as number) > 0) codes.push(code);
  }
  codes.sort((a, b) => (counts.counts[b] as number) - (counts.counts[a] as number));
  if (codes.length <= FACET_SIZE) return codes;
  const last = counts.counts[codes[FACET_SIZE - 1] as number] as number;
  return codes.filter((code, index) => index < FACET_SIZE || counts.counts[code] === last);
}

/** The codes of these platforms (those no entry has are left out). */
async function platformCodes(reader: RawReader, platforms: string[]): Promise<Set<number>> {
  const [rows] = await reader.read([
    { sql: `SELECT value_no FROM search_facet_value WHERE facet = 'platform' AND value IN (${placeholders(platforms)})`, parameters: platforms },
  ]);
  return new Set((rows ?? []).map(([valueNumber]) => facetCode(Number(valueNumber), 'platform')));
}

export async function facetCounts(reader: RawReader, plan: QueryPlan, driver: string, facets: FacetName[]): Promise<SearchResult['facets']> {
  const { platforms, dateModifiedAfter, dateModifiedBefore } = plan.query;
  // The platform filter is checked on the codes when the sets can tell the rest.
  const byPlatform = (platforms?.length ?? 0) > 0 && dateModifiedAfter === undefined && dateModifiedBefore === undefined && plan.mask === undefined;
  const [members, platformFilter] = await Promise.all([
    matchingMembers(reader, plan, driver, byPlatform),
    byPlatform ? platformCodes(reader, platforms as string[]) : undefined,
  ]);
  const facetMask = facets.reduce((mask, facet) => mask | (1 << FACETS.indexOf(facet)), 0);
  const counts = new CodeCounts();
  const blockResults = await reader.read(
    inListChunks([...members.keys()]).map((blockNumbers) => ({
      sql: `SELECT block_no, codes FROM search_facet_block WHERE block_no IN (${placeholders(blockNumbers)})`,
      parameters: blockNumbers,
    })),
  );
  for (const [blockNumber, codes] of blockResults.flat()) {
    countFacetCodes(codes as Uint8Array, members.get(Number(blockNumber)) as Uint32Array, facetMask, counts, platformFilter);
  }
  const listed = new Map(facets.map((facet) => [facet, topCodes(counts, facet)]));
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
      .map((code) => ({ value: values.get(valueNumberOfCode(code)) as string, count: counts.counts[code] as number }));
    listedCounts.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    result[facet] = listedCounts.slice(0, FACET_SIZE);
  }
  return result;
}
