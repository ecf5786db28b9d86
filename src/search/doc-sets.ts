/**
 * Which entries hold a term, and its impact in each (postings.ts), as blocks of doc ids stored
 * in `search_doc_set`: a count of entries matching several words is an AND (every word) or OR
 * (any word) of a few small blocks and a population count, and a ranking of all matches reads a
 * few rows per word, instead of one index row or probe per entry.
 *
 * A block covers BLOCK_SIZE consecutive doc ids. Its members are stored in one of two encodings,
 * told apart by length: a bitmap of BITMAP_BYTES bytes when it holds many, else their offsets in
 * the block as sorted 16-bit integers (at most ARRAY_LIMIT of them: always shorter than a
 * bitmap); terms in a handful of entries, most of a catalogue's vocabulary, take a few bytes. The
 * impacts are 16-bit integers in the members' order (impacts are 1 to ~2,200, never 0). Stored
 * integers are little-endian.
 *
 * Each platform's entries are a set too, under a term no word can be (platformTerm), with impact
 * 1: a platform filter is then one more set to intersect.
 */

import { storedBytes, uint16sOf, uint32sOf } from './stored-integers.ts';

/** Doc ids per block. */
export const BLOCK_SIZE = 4096;
const WORDS_PER_BITMAP = BLOCK_SIZE / 32;
export const BITMAP_BYTES = BLOCK_SIZE / 8;
/** Members stored as offsets at most (2 bytes each, below BITMAP_BYTES). */
const ARRAY_LIMIT = BITMAP_BYTES / 2 - 1;

/** A block's members as a bitmap of 32-bit words, the form set operations work on. */
export type BlockBits = Uint32Array;

/** The set term of a platform's entries: words are letters and digits only, so none is one. */
export const platformTerm = (platform: string): string => `@platform:${platform}`;

export const blockOf = (docId: number): number => Math.floor(docId / BLOCK_SIZE);
/** A doc id's place in its block. */
export const offsetInBlock = (docId: number): number => docId % BLOCK_SIZE;

export const emptyBlock = (): BlockBits => new Uint32Array(WORDS_PER_BITMAP);

export function decodeBlock(stored: Uint8Array): BlockBits {
  const bits = emptyBlock();
  if (stored.byteLength === BITMAP_BYTES) {
    const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
    for (let word = 0; word < WORDS_PER_BITMAP; word++) bits[word] = view.getUint32(word * 4, true);
    return bits;
  }
  const offsets = uint16sOf(stored);
  for (let index = 0; index < offsets.length; index++) {
    const offset = offsets[index] as number;
    bits[offset >>> 5] = (bits[offset >>> 5] as number) | (1 << (offset & 31));
  }
  return bits;
}

/** The offsets of a stored block's members, ascending (the order of its impacts). */
export function memberOffsets(stored: Uint8Array): Uint16Array {
  if (stored.byteLength !== BITMAP_BYTES) return uint16sOf(stored);
  const bits = decodeBlock(stored);
  const offsets = new Uint16Array(countMembers(bits));
  let index = 0;
  for (let word = 0; word < WORDS_PER_BITMAP; word++) {
    for (let remaining = bits[word] as number; remaining !== 0; remaining &= remaining - 1) {
      offsets[index++] = word * 32 + (31 - Math.clz32(remaining & -remaining));
    }
  }
  return offsets;
}

/** A block as stored: its members (offsets or bitmap) and their impacts. */
export interface StoredBlock {
  members: Uint8Array;
  impacts: Uint8Array;
}

/** The stored form of members at these ascending offsets with these impacts; undefined when none. */
function encode(offsets: Uint16Array, impacts: Uint16Array): { members: Buffer; impacts: Buffer } | undefined {
  if (offsets.length === 0) return undefined;
  if (offsets.length <= ARRAY_LIMIT) return { members: storedBytes(offsets), impacts: storedBytes(impacts) };
  const bits = emptyBlock();
  for (let index = 0; index < offsets.length; index++) {
    const offset = offsets[index] as number;
    bits[offset >>> 5] = (bits[offset >>> 5] as number) | (1 << (offset & 31));
  }
  return { members: storedBytes(bits), impacts: storedBytes(impacts) };
}

/**
 * A block after `changes` (offset → impact; 0: the member leaves); undefined when none is left.
 * Entries get ever larger doc ids, so most changes add members after the last: those are
 * appended without reading the block's members one by one. Other changes are merged with the
 * members in one pass.
 */
export function changeBlock(stored: StoredBlock | undefined, changes: Map<number, number>): { members: Buffer; impacts: Buffer } | undefined {
  const sorted = [...changes].sort((a, b) => a[0] - b[0]);
  const offsets = stored ? memberOffsets(stored.members) : new Uint16Array(0);
  const impacts = stored ? uint16sOf(stored.impacts) : new Uint16Array(0);
  const last = offsets.length > 0 ? (offsets[offsets.length - 1] as number) : -1;
  const appended = sorted.filter(([, impact]) => impact > 0);
  if (appended.length === sorted.length && (sorted[0]?.[0] ?? 0) > last) {
    const joined = new Uint16Array(offsets.length + appended.length);
    const joinedImpacts = new Uint16Array(joined.length);
    joined.set(offsets);
    joinedImpacts.set(impacts);
    appended.forEach(([offset, impact], index) => {
      joined[offsets.length + index] = offset;
      joinedImpacts[offsets.length + index] = impact;
    });
    return encode(joined, joinedImpacts);
  }
  const merged = new Uint16Array(offsets.length + sorted.length);
  const mergedImpacts = new Uint16Array(merged.length);
  let count = 0;
  let next = 0;
  const emit = (offset: number, impact: number) => {
    if (impact === 0) return;
    merged[count] = offset;
    mergedImpacts[count] = impact;
    count += 1;
  };
  for (let index = 0; index < offsets.length; index++) {
    const offset = offsets[index] as number;
    for (; next < sorted.length && (sorted[next] as [number, number])[0] < offset; next++) emit(...(sorted[next] as [number, number]));
    if (next < sorted.length && (sorted[next] as [number, number])[0] === offset) emit(...(sorted[next++] as [number, number]));
    else emit(offset, impacts[index] as number);
  }
  for (; next < sorted.length; next++) emit(...(sorted[next] as [number, number]));
  return encode(merged.subarray(0, count), mergedImpacts.subarray(0, count));
}

/**
 * Adds `weight` × each member's impact to `scores` at its offset, for the members in `only`
 * when given (entries that match every word): the inner loop of ranking from the sets.
 */
export function addWeightedImpacts(members: Uint8Array, impacts: Uint8Array, weight: number, scores: Float64Array, only?: BlockBits): void {
  const values = uint16sOf(impacts);
  if (members.byteLength !== BITMAP_BYTES) {
    const offsets = uint16sOf(members);
    for (let index = 0; index < offsets.length; index++) {
      const offset = offsets[index] as number;
      if (only && (((only[offset >>> 5] as number) >>> (offset & 31)) & 1) === 0) continue;
      scores[offset] = (scores[offset] as number) + weight * (values[index] as number);
    }
    return;
  }
  // A bitmap: its members in order, straight from the bits (no list of offsets built); a
  // member's impact is at its rank among the members. Every member, or only the matches, in
  // loops of their own: the hottest loop of ranking, a quarter faster without the test per member.
  const words = uint32sOf(members);
  if (!only) {
    let rank = 0;
    for (let word = 0; word < WORDS_PER_BITMAP; word++) {
      const base = word * 32;
      for (let remaining = words[word] as number; remaining !== 0; remaining &= remaining - 1) {
        const offset = base + 31 - Math.clz32(remaining & -remaining);
        scores[offset] = (scores[offset] as number) + weight * (values[rank++] as number);
      }
    }
    return;
  }
  let rank = 0;
  for (let word = 0; word < WORDS_PER_BITMAP; word++) {
    const bits = words[word] as number;
    for (let remaining = bits & (only[word] as number); remaining !== 0; remaining &= remaining - 1) {
      const lowest = remaining & -remaining;
      const offset = word * 32 + (31 - Math.clz32(lowest));
      // Members below this one in the word: the bits under its own.
      const index = rank + bitCount(bits & (lowest - 1));
      scores[offset] = (scores[offset] as number) + weight * (values[index] as number);
    }
    rank += bitCount(bits);
  }
}

function bitCount(word: number): number {
  let value = word - ((word >>> 1) & 0x55555555);
  value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
  return (((value + (value >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The members of a bitmap of any length (a block's, or a facet block's). */
export function countMembers(bits: Uint32Array): number {
  let members = 0;
  for (let word = 0; word < bits.length; word++) members += bitCount(bits[word] as number);
  return members;
}

/** `into` becomes its intersection (every) or union (any) with `other`. */
export function combineInto(into: BlockBits, other: BlockBits, every: boolean): void {
  for (let word = 0; word < WORDS_PER_BITMAP; word++) {
    into[word] = every ? (into[word] as number) & (other[word] as number) : (into[word] as number) | (other[word] as number);
  }
}
