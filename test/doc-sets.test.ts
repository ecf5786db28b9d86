/** The stored blocks of the search index's entry sets: both encodings, impacts, and set operations. */
import { describe, expect, it } from 'vitest';
import {
  BITMAP_BYTES,
  BLOCK_SIZE,
  blockOf,
  combineInto,
  countMembers,
  decodeBlock,
  decodeImpacts,
  encodeImpacts,
  memberOffsets,
  offsetInBlock,
} from '../src/search/doc-sets.ts';

/** A block whose members are `offsets`, each with impact offset + 1. */
function blockWith(offsets: number[]): Uint16Array {
  const block = new Uint16Array(BLOCK_SIZE);
  for (const offset of offsets) block[offset] = offset + 1;
  return block;
}

const stored = (offsets: number[]) => encodeImpacts(blockWith(offsets)) as { members: Buffer; impacts: Buffer };
const membersOf = (bits: Uint32Array) => Array.from({ length: BLOCK_SIZE }, (_, offset) => offset).filter((offset) => (bits[offset >>> 5] as number) & (1 << (offset & 31)));

describe('entry set blocks', () => {
  it('store few members as 16-bit offsets and many as a bitmap, with their impacts, and read both back', () => {
    const few = [0, 1, 31, 32, 4095];
    const small = stored(few);
    expect(small.members.byteLength).toBe(few.length * 2);
    expect(small.impacts.byteLength).toBe(few.length * 2);
    expect(memberOffsets(small.members)).toEqual(few);
    expect(membersOf(decodeBlock(small.members))).toEqual(few);
    expect(decodeImpacts(small.members, small.impacts)).toEqual(blockWith(few));

    const most = Array.from({ length: 255 }, (_, index) => index * 16);
    expect(stored(most).members.byteLength).toBe(510);
    const many = [...most, 4095];
    const large = stored(many);
    expect(large.members.byteLength).toBe(BITMAP_BYTES);
    expect(memberOffsets(large.members)).toEqual(many);
    expect(countMembers(decodeBlock(large.members))).toBe(256);
    expect(decodeImpacts(large.members, large.impacts)).toEqual(blockWith(many));
  });

  it('is not stored once empty', () => {
    const block = blockWith([5, 4000]);
    block[5] = 0;
    block[4000] = 0;
    expect(encodeImpacts(block)).toBeUndefined();
  });

  it('intersects and unites members', () => {
    const b = decodeBlock(stored([2, 3, 4, 4095]).members);
    const union = decodeBlock(stored([1, 2, 3, 100, 4095]).members);
    combineInto(union, b, false);
    expect(membersOf(union)).toEqual([1, 2, 3, 4, 100, 4095]);
    const intersection = decodeBlock(stored([1, 2, 3, 100, 4095]).members);
    combineInto(intersection, b, true);
    expect(membersOf(intersection)).toEqual([2, 3, 4095]);
  });

  it('places doc ids in blocks', () => {
    expect([0, BLOCK_SIZE - 1, BLOCK_SIZE, 10 * BLOCK_SIZE + 7].map(blockOf)).toEqual([0, 0, 1, 10]);
    expect(offsetInBlock(10 * BLOCK_SIZE + 7)).toBe(7);
  });
});
