/**
 * Keeps `search_facet_block` (facet-blocks.ts) in step with the entries, inside the index
 * writer's transaction: the writer notes each entry's facet values when it is written and that it
 * has none when it is removed, and `applyFacetChanges` numbers new values in
 * `search_facet_value` and rewrites each touched block once, with a new stamp (facet-counts.ts
 * keeps blocks in memory under theirs). Index writes are serialized by the
 * indexer's position lock, so no other writer changes a block or the numbering in between.
 * Numbers are never reused: a value no entry has any more keeps its row (a few bytes) and is
 * simply never counted.
 */
import type { DialectName } from '../database/db.ts';
import { type Executor, insertIgnoringDuplicates, upsertRows } from '../database/dialect.ts';
import { inListChunks } from '../database/in-lists.ts';
import { newStamp } from '../database/stamps.ts';
import type { FacetName } from './document.ts';
import { decodeFacetBlock, encodeFacetBlock, facetBlockOf, facetCode, offsetInFacetBlock } from './facet-blocks.ts';

/** Blocks per write: a few hundred kilobytes at most, far below MySQL's packet limit. */
const BLOCKS_PER_STATEMENT = 4;

export interface FacetValue {
  facet: FacetName;
  value: string;
}

/** Per doc id, its facet values from now on (none: the entry is gone). */
export type FacetChanges = Map<number, FacetValue[]>;

const valueKey = (facet: string, value: string): string => `${facet}\u0000${value}`;

async function storedNumbers(executor: Executor, facet: string, values: string[], into: Map<string, number>): Promise<void> {
  for (const chunk of inListChunks(values)) {
    const rows = await executor
      .selectFrom('search_facet_value')
      .select(['value_no', 'value'])
      .where('facet', '=', facet)
      .where('value', 'in', chunk)
      .execute();
    for (const row of rows) into.set(valueKey(facet, row.value), Number(row.value_no));
  }
}

/** The number of each facet value ("facet\0value" → value_no), numbering values seen for the first time. */
async function valueNumbers(executor: Executor, dialect: DialectName, values: FacetValue[]): Promise<Map<string, number>> {
  const byFacet = new Map<string, Set<string>>();
  for (const { facet, value } of values) {
    let facetValues = byFacet.get(facet);
    if (!facetValues) byFacet.set(facet, (facetValues = new Set()));
    facetValues.add(value);
  }
  const numbers = new Map<string, number>();
  for (const [facet, facetValues] of byFacet) {
    await storedNumbers(executor, facet, [...facetValues], numbers);
    const missing = [...facetValues].filter((value) => !numbers.has(valueKey(facet, value)));
    if (missing.length === 0) continue;
    for (const chunk of inListChunks(missing)) {
      await insertIgnoringDuplicates(executor, dialect, 'search_facet_value')
        .values(chunk.map((value) => ({ facet, value })))
        .execute();
    }
    await storedNumbers(executor, facet, missing, numbers);
  }
  return numbers;
}

/** Entry `docId` has these facet values from now on (none: it leaves the index). */
export function noteFacets(changes: FacetChanges, docId: number, values: FacetValue[]): void {
  changes.set(docId, values);
}

export async function applyFacetChanges(executor: Executor, dialect: DialectName, changes: FacetChanges): Promise<void> {
  if (changes.size === 0) return;
  const numbers = await valueNumbers(executor, dialect, [...changes.values()].flat());
  const byBlock = new Map<number, Map<number, Uint32Array>>();
  for (const [docId, values] of changes) {
    const blockNumber = facetBlockOf(docId);
    let block = byBlock.get(blockNumber);
    if (!block) byBlock.set(blockNumber, (block = new Map()));
    const codes = new Set(values.map(({ facet, value }) => facetCode(numbers.get(valueKey(facet, value)) as number, facet)));
    block.set(offsetInFacetBlock(docId), Uint32Array.from(codes));
  }
  for (const blockNumbers of inListChunks([...byBlock.keys()])) {
    const stored = await executor.selectFrom('search_facet_block').select(['block_no', 'codes']).where('block_no', 'in', blockNumbers).execute();
    const current = new Map(stored.map((row) => [Number(row.block_no), row.codes]));
    const written: Array<{ block_no: number; codes: Buffer; stamp: number }> = [];
    const stamp = newStamp();
    const emptied: number[] = [];
    for (const blockNumber of blockNumbers) {
      const entries = decodeFacetBlock(current.get(blockNumber));
      for (const [offset, codes] of byBlock.get(blockNumber) as Map<number, Uint32Array>) entries[offset] = codes.length > 0 ? codes : undefined;
      const codes = encodeFacetBlock(entries);
      if (codes) written.push({ block_no: blockNumber, codes, stamp });
      else if (current.has(blockNumber)) emptied.push(blockNumber);
    }
    for (const rows of inListChunks(written, BLOCKS_PER_STATEMENT)) {
      await upsertRows(executor, dialect, 'search_facet_block', ['block_no'], { codes: 'replace', stamp: 'replace' }, rows);
    }
    if (emptied.length > 0) await executor.deleteFrom('search_facet_block').where('block_no', 'in', emptied).execute();
  }
}
