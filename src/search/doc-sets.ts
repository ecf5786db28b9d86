/**
 * Which entries hold a term, as sets of doc ids stored in blocks (`search_doc_set`): a count of
 * entries matching several words is then an AND (every word) or OR (any word) of a few small
 * blocks and a population count, instead of one index probe per entry of the rarest word.
 *
 * A block covers BLOCK_SIZE consecutive doc ids and is stored in one of two encodings, told apart
 * by length: a bitmap of BITMAP_BYTES bytes when it holds many members, else the members' offsets
 * in the block as sorted 16-bit integers (at most ARRAY_LIMIT of them: always shorter than a
 * bitmap). Terms in a handful of entries, most of a catalogue's vocabulary, take a few bytes.
 */

/** Doc ids per block: 2^12. */
export const BLOCK_SHIFT = 12;
export const BLOCK_SIZE = 1 << BLOCK_SHIFT;
const WORDS_PER_BITMAP = BLOCK_SIZE / 32;
export const BITMAP_BYTES = BLOCK_SIZE / 8;
/** Members stored as offsets at most (2 bytes each, below BITMAP_BYTES). */
const ARRAY_LIMIT = BITMAP_BYTES / 2 - 1;

/** A block's members as a bitmap of 32-bit words, the form every operation works on. */
export type BlockBits = Uint32Array;

export const blockOf = (docId: number): number => Math.floor(docId / BLOCK_SIZE);
const offsetOf = (docId: number): number => docId % BLOCK_SIZE;

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

/** The stored form of a block; undefined when it has no members (its row is deleted). */
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

export function addMember(bits: BlockBits, docId: number): void {
  const offset = offsetOf(docId);
  bits[offset >>> 5] = (bits[offset >>> 5] as number) | (1 << (offset & 31));
}

export function removeMember(bits: BlockBits, docId: number): void {
  const offset = offsetOf(docId);
  bits[offset >>> 5] = (bits[offset >>> 5] as number) & ~(1 << (offset & 31));
}

/** `into` becomes its intersection (every) or union (any) with `other`. */
export function combineInto(into: BlockBits, other: BlockBits, every: boolean): void {
  for (let word = 0; word < WORDS_PER_BITMAP; word++) {
    into[word] = every ? (into[word] as number) & (other[word] as number) : (into[word] as number) | (other[word] as number);
  }
}

/** Members of `bits` that are also in `other`. */
export function countCommon(bits: BlockBits, other: BlockBits): number {
  let members = 0;
  for (let word = 0; word < WORDS_PER_BITMAP; word++) members += bitCount((bits[word] as number) & (other[word] as number));
  return members;
}
