/**
 * Exact totals from the words' entry sets (doc-sets.ts): per block of doc ids, the words' sets
 * intersected (exact_match) or united (any word) and counted. Reads a few rows per word and block
 * whatever the number of matches, where counting through the posting rows probes every entry of
 * the rarest word.
 */
import type { RawReader } from '../database/raw-reader.ts';
import { type BlockBits, combineInto, countMembers, decodeBlock } from './doc-sets.ts';
import { docSetRows } from './database-statements.ts';
import { type QueryPlan, searchesWholeEntries } from './query-plan.ts';

/** The matching entries of one type in one block of doc ids. */
export interface MatchingBlock {
  blockNumber: number;
  bits: BlockBits;
}

/**
 * The entries that match the plan, block by block, or undefined when the sets cannot tell: they
 * know neither which field a word is in (a field mask) nor an entry's platform or date (entry
 * filters). With `ignoringEntryFilters`, the entries that match the words (the caller filters).
 */
export async function matchingBlocks(
  reader: RawReader,
  plan: QueryPlan,
  options: { ignoringEntryFilters?: boolean } = {},
): Promise<MatchingBlock[] | undefined> {
  if (plan.mask !== undefined || (!options.ignoringEntryFilters && !searchesWholeEntries(plan))) return undefined;
  const [rows] = await reader.read([docSetRows(plan, 'type_no, block_no, members')]);
  // Per "type_no block_no": the combined members and how many of the words have some there.
  const blocks = new Map<string, { blockNumber: number; bits: BlockBits; words: number }>();
  for (const [typeNumber, blockNumber, members] of rows ?? []) {
    const key = `${typeNumber} ${blockNumber}`;
    const bits = decodeBlock(members as Uint8Array);
    const block = blocks.get(key);
    if (!block) blocks.set(key, { blockNumber: Number(blockNumber), bits, words: 1 });
    else {
      combineInto(block.bits, bits, plan.all);
      block.words += 1;
    }
  }
  // Every word must have members in a block for any entry of it to match them all.
  return [...blocks.values()].filter((block) => !plan.all || block.words === plan.words.length);
}

/** How many entries match the plan, or undefined when the sets cannot tell (matchingBlocks). */
export async function docSetCount(reader: RawReader, plan: QueryPlan): Promise<number | undefined> {
  const blocks = await matchingBlocks(reader, plan);
  return blocks?.reduce((total, block) => total + countMembers(block.bits), 0);
}
