/**
 * Each entry's facet values, stored by doc id in blocks (`search_facet_block`), so counting the
 * facets of a query reads one row per FACET_BLOCK_SIZE doc ids and walks only the matching
 * entries' values, where joining a row per entry and value took seconds for broad queries.
 *
 * A facet value is a code: its number in `search_facet_value` shifted left by FACET_SHIFT bits,
 * which hold its facet's index in FACETS, so the facet is known without looking the value up.
 * A stored block is one byte giving the width of its codes (2 bytes while every code in it fits,
 * else 4), one byte per entry giving its number of codes (at most MAX_CODES), padding to a
 * multiple of 4 bytes, then the codes of every entry in doc id order, little-endian. Entries
 * typically have a handful of values: a block of 1,024 is ~20 KB.
 */
import { countMembers } from './doc-sets.ts';
import { FACETS, type FacetName } from './document.ts';
import { uint16sOf, uint32sOf } from './stored-integers.ts';

/** Doc ids per block: a block is rewritten whole when one of its entries changes. */
export const FACET_BLOCK_SIZE = 1024;
/** Values an entry can be counted under; beyond, its last keywords are left out. */
export const MAX_CODES = 255;
const CODES_START = Math.ceil((1 + FACET_BLOCK_SIZE) / 4) * 4;

export const facetBlockOf = (docId: number): number => Math.floor(docId / FACET_BLOCK_SIZE);
export const offsetInFacetBlock = (docId: number): number => docId % FACET_BLOCK_SIZE;

/** Bits of a code holding its facet: room for four facets. */
const FACET_SHIFT = 2;
const FACET_BITS = (1 << FACET_SHIFT) - 1;
if (FACETS.length > 1 << FACET_SHIFT) throw new Error('facet codes need a larger FACET_SHIFT');

export const facetCode = (valueNumber: number, facet: FacetName): number => valueNumber * (1 << FACET_SHIFT) + FACETS.indexOf(facet);
export const valueNumberOfCode = (code: number): number => Math.floor(code / (1 << FACET_SHIFT));
/** Codes are below this when value numbers are at most `largestValueNumber`. */
export const codeLimit = (largestValueNumber: number): number => (largestValueNumber + 1) * (1 << FACET_SHIFT);
/** The first code of a facet; its next codes follow every (1 << FACET_SHIFT). */
export const firstCodeOf = (facet: FacetName): number => FACETS.indexOf(facet);
export const CODE_STEP = 1 << FACET_SHIFT;

/** A block's codes as integers. */
function codesOf(stored: Uint8Array): Uint16Array | Uint32Array {
  const bytes = stored.subarray(CODES_START);
  return stored[0] === 2 ? uint16sOf(bytes) : uint32sOf(bytes);
}

/** A block as each offset's codes (undefined: no entry there), the form it is changed in. */
export type FacetBlockEntries = Array<Uint32Array | undefined>;

export function decodeFacetBlock(stored: Uint8Array | undefined): FacetBlockEntries {
  const entries: FacetBlockEntries = new Array(FACET_BLOCK_SIZE).fill(undefined);
  if (!stored) return entries;
  const codes = codesOf(stored);
  let next = 0;
  for (let offset = 0; offset < FACET_BLOCK_SIZE; offset++) {
    const count = stored[1 + offset] as number;
    if (count > 0) entries[offset] = Uint32Array.from(codes.subarray(next, next + count));
    next += count;
  }
  return entries;
}

/** The stored form of a block; undefined when no entry in it has a value. */
export function encodeFacetBlock(entries: FacetBlockEntries): Buffer | undefined {
  let total = 0;
  let largest = 0;
  for (const entry of entries) {
    if (!entry) continue;
    total += Math.min(entry.length, MAX_CODES);
    for (const code of entry.subarray(0, MAX_CODES)) largest = Math.max(largest, code);
  }
  if (total === 0) return undefined;
  const width = largest < 0x10000 ? 2 : 4;
  const stored = Buffer.alloc(CODES_START + total * width);
  stored[0] = width;
  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  let at = CODES_START;
  entries.forEach((entry, offset) => {
    const codes = entry?.subarray(0, MAX_CODES) ?? [];
    stored[1 + offset] = codes.length;
    for (const code of codes) {
      if (width === 2) view.setUint16(at, code, true);
      else view.setUint32(at, code, true);
      at += width;
    }
  });
  return stored;
}

/** Every code of a block and how many of its entries have it: what the block adds when every entry matches. */
export interface BlockTotals {
  codes: Uint32Array;
  counts: Uint32Array;
}

export function blockTotals(stored: Uint8Array): BlockTotals {
  const counted = new Map<number, number>();
  for (const code of codesOf(stored)) counted.set(code, (counted.get(code) ?? 0) + 1);
  return { codes: Uint32Array.from(counted.keys()), counts: Uint32Array.from(counted.values()) };
}

/**
 * Adds to `tally` (per code; room for every code in the block) the codes of the facets in
 * `facetMask` (bit i: FACETS[i]) of the block's entries whose offsets are set in `members` (a
 * bitmap of FACET_BLOCK_SIZE bits as 32-bit words). Given the block's `totals`, a block where
 * most entries are members is counted as its totals less the entries that are not: a broad
 * query then walks a fraction of the codes.
 */
export function countFacetCodes(
  stored: Uint8Array,
  members: Uint32Array,
  facetMask: number,
  tally: Uint32Array,
  totals?: BlockTotals,
): void {
  const complement = totals !== undefined && countMembers(members) > FACET_BLOCK_SIZE / 2;
  if (complement) {
    for (let index = 0; index < totals.codes.length; index++) {
      const code = totals.codes[index] as number;
      if ((facetMask >>> (code & FACET_BITS)) & 1) tally[code] = (tally[code] as number) + (totals.counts[index] as number);
    }
  }
  // The entries to add (members), or to take away again (the others: never below 0, as the
  // totals hold every entry's codes).
  const step = complement ? -1 : 1;
  const codes = codesOf(stored);
  let next = 0;
  for (let word = 0; word < FACET_BLOCK_SIZE / 32; word++) {
    const bits = complement ? ~(members[word] as number) : (members[word] as number);
    for (let bit = 0; bit < 32; bit++) {
      const start = next;
      next += stored[1 + word * 32 + bit] as number;
      if (((bits >>> bit) & 1) === 0) continue;
      for (let index = start; index < next; index++) {
        const code = codes[index] as number;
        if ((facetMask >>> (code & FACET_BITS)) & 1) tally[code] = (tally[code] as number) + step;
      }
    }
  }
}
