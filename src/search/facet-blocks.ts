/**
 * Each entry's facet values, stored by doc id in blocks (`search_facet_block`), so counting the
 * facets of a query reads one row per FACET_BLOCK_SIZE doc ids and walks only the matching
 * entries' values, where joining a row per entry and value took seconds for broad queries.
 *
 * A facet value is a code: its number in `search_facet_value` times FACETS.length plus its
 * facet's index in FACETS, so the facet is known without looking the value up. A stored block is
 * little-endian 32-bit integers: FACET_BLOCK_SIZE + 1 starts, then the codes of every entry in
 * doc id order; the codes of the entry at offset i are codes[starts[i] .. starts[i + 1]).
 */
import { FACETS, type FacetName } from './document.ts';

/** Doc ids per block: a few tens of kilobytes per block, rewritten whole when an entry changes. */
export const FACET_BLOCK_SIZE = 1024;
const HEADER_LENGTH = FACET_BLOCK_SIZE + 1;

export const facetBlockOf = (docId: number): number => Math.floor(docId / FACET_BLOCK_SIZE);
export const offsetInFacetBlock = (docId: number): number => docId % FACET_BLOCK_SIZE;

export const facetCode = (valueNumber: number, facet: FacetName): number => valueNumber * FACETS.length + FACETS.indexOf(facet);
export const valueNumberOfCode = (code: number): number => Math.floor(code / FACETS.length);

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Stored bytes as 32-bit integers: a view when aligned, else a view of a copy (MySQL's driver hands out unaligned slices). */
function uint32sOf(stored: Uint8Array): Uint32Array {
  if (LITTLE_ENDIAN) {
    const aligned = stored.byteOffset % 4 === 0 ? stored : new Uint8Array(stored);
    return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >>> 2);
  }
  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  return Uint32Array.from({ length: stored.byteLength >>> 2 }, (_, index) => view.getUint32(index * 4, true));
}

/** A block as each offset's codes (undefined: no entry there), the form it is changed in. */
export type FacetBlockEntries = Array<Uint32Array | undefined>;

export function decodeFacetBlock(stored: Uint8Array | undefined): FacetBlockEntries {
  const entries: FacetBlockEntries = new Array(FACET_BLOCK_SIZE).fill(undefined);
  if (!stored) return entries;
  const values = uint32sOf(stored);
  for (let offset = 0; offset < FACET_BLOCK_SIZE; offset++) {
    const start = values[offset] as number;
    const end = values[offset + 1] as number;
    if (end > start) entries[offset] = values.subarray(HEADER_LENGTH + start, HEADER_LENGTH + end);
  }
  return entries;
}

/** The stored form of a block; undefined when no entry in it has a value. */
export function encodeFacetBlock(entries: FacetBlockEntries): Buffer | undefined {
  const codes = entries.reduce((sum, entry) => sum + (entry?.length ?? 0), 0);
  if (codes === 0) return undefined;
  const values = new Uint32Array(HEADER_LENGTH + codes);
  let next = 0;
  for (let offset = 0; offset < FACET_BLOCK_SIZE; offset++) {
    values[offset] = next;
    const entry = entries[offset];
    if (entry) {
      values.set(entry, HEADER_LENGTH + next);
      next += entry.length;
    }
  }
  values[FACET_BLOCK_SIZE] = next;
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  return LITTLE_ENDIAN ? bytes : bytes.swap32();
}

/** Per code, how many matching entries have it; grows as larger codes turn up. */
export class CodeCounts {
  counts = new Uint32Array(1024);

  add(code: number): void {
    if (code >= this.counts.length) {
      const grown = new Uint32Array(Math.max(code + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[code] = (this.counts[code] as number) + 1;
  }
}

const PLATFORM = FACETS.indexOf('platform');

/** Whether one of the codes from `start` to `end` is a platform code in `platforms`. */
function onPlatform(values: Uint32Array, start: number, end: number, platforms: Set<number>): boolean {
  for (let index = start; index < end; index++) {
    const code = values[index] as number;
    if (code % FACETS.length === PLATFORM && platforms.has(code)) return true;
  }
  return false;
}

/**
 * Counts the codes of the facets in `facetMask` (bit i: FACETS[i]) of the block's entries whose
 * offsets are set in `members` (a bitmap of FACET_BLOCK_SIZE bits as 32-bit words) and, when
 * `platforms` (codes) are given, that are on one of them.
 */
export function countFacetCodes(
  stored: Uint8Array,
  members: Uint32Array,
  facetMask: number,
  counts: CodeCounts,
  platforms?: Set<number>,
): void {
  const values = uint32sOf(stored);
  for (let word = 0; word < members.length; word++) {
    for (let remaining = members[word] as number; remaining !== 0; remaining &= remaining - 1) {
      const offset = word * 32 + (31 - Math.clz32(remaining & -remaining));
      const start = HEADER_LENGTH + (values[offset] as number);
      const end = HEADER_LENGTH + (values[offset + 1] as number);
      if (platforms && !onPlatform(values, start, end, platforms)) continue;
      for (let index = start; index < end; index++) {
        const code = values[index] as number;
        if ((facetMask >>> (code % FACETS.length)) & 1) counts.add(code);
      }
    }
  }
}
