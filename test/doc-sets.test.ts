/** The stored blocks of the search index's entry sets: both encodings, and the set operations. */
import { describe, expect, it } from 'vitest';
import {
  addMember,
  BITMAP_BYTES,
  BLOCK_SIZE,
  blockOf,
  combineInto,
  countCommon,
  countMembers,
  decodeBlock,
  emptyBlock,
  encodeBlock,
  removeMember,
} from '../src/search/doc-sets.ts';

const blockWith = (docIds: number[]) => {
  const bits = emptyBlock();
  for (const docId of docIds) addMember(bits, docId);
  return bits;
};

const membersOf = (bits: Uint32Array) => Array.from({ length: BLOCK_SIZE }, (_, offset) => offset).filter((offset) => (bits[offset >>> 5] as number) & (1 << (offset & 31)));

describe('entry set blocks', () => {
  it('store few members as 16-bit offsets and many as a bitmap, and read both back', () => {
    const few = [0, 1, 31, 32, 4095];
    const stored = encodeBlock(blockWith(few.map((offset) => 3 * BLOCK_SIZE + offset)));
    expect(stored?.byteLength).toBe(few.length * 2);
    expect(membersOf(decodeBlock(stored as Buffer))).toEqual(few);

    const most = Array.from({ length: 255 }, (_, index) => index * 16);
    expect(encodeBlock(blockWith(most))?.byteLength).toBe(510);
    const many = [...most, 4095];
    const bitmap = encodeBlock(blockWith(many)) as Buffer;
    expect(bitmap.byteLength).toBe(BITMAP_BYTES);
    expect(membersOf(decodeBlock(bitmap))).toEqual(many);
    expect(countMembers(decodeBlock(bitmap))).toBe(256);
  });

  it('is not stored once empty', () => {
    const bits = blockWith([5, 4000]);
    removeMember(bits, 5);
    removeMember(bits, BLOCK_SIZE + 4000);
    expect(encodeBlock(bits)).toBeUndefined();
  });

  it('intersects, unites and counts what two sets share', () => {
    const a = blockWith([1, 2, 3, 100, 4095]);
    const b = blockWith([2, 3, 4, 4095]);
    expect(countCommon(a, b)).toBe(3);
    const union = blockWith([1, 2, 3, 100, 4095]);
    combineInto(union, b, false);
    expect(membersOf(union)).toEqual([1, 2, 3, 4, 100, 4095]);
    combineInto(a, b, true);
    expect(membersOf(a)).toEqual([2, 3, 4095]);
  });

  it('numbers blocks by doc id', () => {
    expect([0, BLOCK_SIZE - 1, BLOCK_SIZE, 10 * BLOCK_SIZE + 7].map(blockOf)).toEqual([0, 0, 1, 10]);
  });
});
