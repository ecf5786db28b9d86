/**
 * Which entries match, and how many, from the words' entry sets (doc-sets.ts): per block of doc
 * ids, each word's members (over the searched types), intersected (exact_match) or united (any
 * word), then intersected with the platforms' members when the query names platforms, and
 * counted. Reads a few rows per word and block whatever the number of matches (and none for the
 * sets held in memory, doc-set-cache.ts), where counting through the posting rows probes every
 * entry of the rarest word.
 */
import { type BlockBits, combineInto, countMembers, decodeBlock, emptyBlock } from './doc-sets.ts';
import type { DocSetRow, DocSetSource } from './doc-set-cache.ts';
import { entrySetsAnswer, platformTermsOf, type QueryPlan, type WordStats } from './query-plan.ts';

/** The entries of one block (rows of any of the searched types) that match the plan. */
export function blockMatches(rows: Array<Pick<DocSetRow, 'term' | 'members'>>, plan: QueryPlan, platformTerms: Set<string>): BlockBits {
  const words = new Map<string, BlockBits>();
  let platforms: BlockBits | undefined;
  for (const { term, members } of rows) {
    const bits = decodeBlock(members);
    if (platformTerms.has(term)) {
      if (platforms) combineInto(platforms, bits, false);
      else platforms = bits;
      continue;
    }
    const word = words.get(term);
    if (word) combineInto(word, bits, false);
    else words.set(term, bits);
  }
  // Every word must have members in a block for any entry of it to match them all.
  if ((plan.all && words.size < plan.words.length) || words.size === 0) return emptyBlock();
  const [first, ...others] = [...words.values()] as [BlockBits, ...BlockBits[]];
  for (const other of others) combineInto(first, other, plan.all);
  if (platformTerms.size > 0) combineInto(first, platforms ?? emptyBlock(), true);
  return first;
}

/** The matching entries of one type in one block of doc ids. */
export interface MatchingBlock {
  blockNumber: number;
  bits: BlockBits;
}

/**
 * The entries that match the plan, block by block, or undefined when the sets cannot tell: they
 * know neither which field a word is in (a field mask) nor an entry's date (entrySetsAnswer).
 */
export async function matchingBlocks(sets: DocSetSource, plan: QueryPlan, stats: WordStats): Promise<MatchingBlock[] | undefined> {
  if (!entrySetsAnswer(plan)) return undefined;
  const byBlock = new Map<string, { blockNumber: number; rows: DocSetRow[] }>();
  for (const row of await sets.rows(plan, stats)) {
    const key = `${row.typeNumber} ${row.blockNumber}`;
    let block = byBlock.get(key);
    if (!block) byBlock.set(key, (block = { blockNumber: row.blockNumber, rows: [] }));
    block.rows.push(row);
  }
  const platformTerms = new Set(platformTermsOf(plan));
  return [...byBlock.values()].map(({ blockNumber, rows: blockRows }) => ({ blockNumber, bits: blockMatches(blockRows, plan, platformTerms) }));
}

/** How many entries match the plan, or undefined when the sets cannot tell (matchingBlocks). */
export async function docSetCount(sets: DocSetSource, plan: QueryPlan, stats: WordStats): Promise<number | undefined> {
  const blocks = await matchingBlocks(sets, plan, stats);
  return blocks?.reduce((total, block) => total + countMembers(block.bits), 0);
}
