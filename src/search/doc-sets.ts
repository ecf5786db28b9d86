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
 * impacts are 16-bit integers in the members' order (impacts are 1 to ~2,200, never 0).
 */

/** Doc ids per block. */
export const BLOCK_SIZE = 4096;
const WORDS_PER_BITMAP = BLOCK_SIZE / 32;
export const BITMAP_BYTES = BLOCK_SIZE / 8;
/** Members stored as offsets at most (2 bytes each, below BITMAP_BYTES). */
const ARRAY_LIMIT = BITMAP_BYTES / 2 - 1;

/** A block's members as a bitmap of 32-bit words, the form every operation works on. */
export type BlockBits = Uint32Array;

export const blockOf = (docId: number): number => Math.floor(docId / BLOCK_SIZE);

export const emptyBlock = (): BlockBits => new Uint32Array(WORDS_PER_BITMAP);

export function decodeBlock(stored: Uint8Array): BlockBits {
  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  const bits = emptyBlock();
  if (stored.byteLength === BITMAP_BYTES) {
    for (let word = 0; word < WORDS_PER_BITMAP; word++) bits[word] = view.getUint32(word * 4, true);
    return bits;
  }
  for (let at = 0; at + 1 < stored.byteLength; at += 2) {
    const offset = view.getUint16(at, true);
    bits[offset >>> 5] = (bits[offset >>> 5] as number) | (1 << (offset & 31));
  }
  return bits;
}

/** The offsets of a stored block's members, ascending (the order of its impacts). */
export function memberOffsets(stored: Uint8Array): number[] {
  if (stored.byteLength !== BITMAP_BYTES) {
    const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
    return Array.from({ length: stored.byteLength >>> 1 }, (_, index) => view.getUint16(index * 2, true));
  }
  const offsets: number[] = [];
  decodeBlock(stored).forEach((word, index) => {
    for (let remaining = word; remaining !== 0; remaining &= remaining - 1) offsets.push(index * 32 + (31 - Math.clz32(remaining & -remaining)));
  });
  return offsets;
}

/** A block as every offset's impact (0: not a member), the form it is changed in. */
export type BlockImpacts = Uint16Array;

export function decodeImpacts(members: Uint8Array, impacts: Uint8Array): BlockImpacts {
  const block = new Uint16Array(BLOCK_SIZE);
  const view = new DataView(impacts.buffer, impacts.byteOffset, impacts.byteLength);
  memberOffsets(members).forEach((offset, index) => {
    block[offset] = view.getUint16(index * 2, true);
  });
  return block;
}

/** The stored form of a block (members and impacts); undefined when it has no members. */
export function encodeImpacts(block: BlockImpacts): { members: Buffer; impacts: Buffer } | undefined {
  const bits = emptyBlock();
  const impacts: number[] = [];
  block.forEach((impact, offset) => {
    if (impact === 0) return;
    bits[offset >>> 5] = (bits[offset >>> 5] as number) | (1 << (offset & 31));
    impacts.push(impact);
  });
  const members = encodeBlock(bits);
  if (!members) return undefined;
  const stored = Buffer.alloc(impacts.length * 2);
  impacts.forEach((impact, index) => stored.writeUInt16LE(impact, index * 2));
  return { members, impacts: stored };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Stored little-endian 16-bit integers as an array: a view when aligned, else a copy. */
export function uint16sOf(stored: Uint8Array): Uint16Array {
  if (LITTLE_ENDIAN && stored.byteOffset % 2 === 0) return new Uint16Array(stored.buffer, stored.byteOffset, stored.byteLength >>> 1);
  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  return Uint16Array.from({ length: stored.byteLength >>> 1 }, (_, index) => view.getUint16(index * 2, true));
}

/**
 * Adds `weight` × each member's impact to `scores` at its offset, and counts the member in
 * `matched`: the inner loop of ranking from the sets, kept free of allocations.
 */
export function addWeightedImpacts(members: Uint8Array, impacts: Uint8Array, weight: number, scores: Float64Array, matched: Uint8Array): void {
  const values = uint16sOf(impacts);
  if (members.byteLength !== BITMAP_BYTES) {
    const offsets = uint16sOf(members);
    for (let index = 0; index < offsets.length; index++) {
      const offset = offsets[index] as number;
      scores[offset] = (scores[offset] as number) + weight * (values[index] as number);
      matched[offset] = (matched[offset] as number) + 1;
    }
    return;
  }
  const bits = decodeBlock(members);
  let index = 0;
  for (let word = 0; word < bits.length; word++) {
    for (let remaining = bits[word] as number; remaining !== 0; remaining &= remaining - 1) {
      const offset = word * 32 + (31 - Math.clz32(remaining & -remaining));
      scores[offset] = (scores[offset] as number) + weight * (values[index] as number);
      matched[offset] = (matched[offset] as number) + 1;
      index += 1;
    }
  }
}

/** A doc id's place in its block. */
export const offsetInBlock = (docId: number): number => docId % BLOCK_SIZE;

/** The stored members of a block; undefined when it has none. */
export function encodeBlock(bits: BlockBits): Buffer | undefined {
  const members = countMembers(bits);
  if (members === 0) return undefined;
  if (members > ARRAY_LIMIT) {
    const stored = Buffer.alloc(BITMAP_BYTES);
    bits.forEach((word, index) => stored.writeUInt32LE(word, index * 4));
    return stored;
  }
  const stored = Buffer.alloc(members * 2);
  let at = 0;
  bits.forEach((word, index) => {
    for (let remaining = word; remaining !== 0; remaining &= remaining - 1) {
      stored.writeUInt16LE(index * 32 + (31 - Math.clz32(remaining & -remaining)), at);
      at += 2;
    }
  });
  return stored;
}

function bitCount(word: number): number {
  let value = word - ((word >>> 1) & 0x55555555);
  value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
  return (((value + (value >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function countMembers(bits: BlockBits): number {
  let members = 0;
  for (const word of bits) members += bitCount(word);
  return members;
}

/** `into` becomes its intersection (every) or union (any) with `other`. */
export function combineInto(into: BlockBits, other: BlockBits, every: boolean): void {
  for (let word = 0; word < WORDS_PER_BITMAP; word++) {
    into[word] = every ? (into[word] as number) & (other[word] as number) : (into[word] as number) | (other[word] as number);
  }
}

