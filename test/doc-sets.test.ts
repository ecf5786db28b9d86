/** The stored blocks of the search index's entry sets: both encodings, impacts, changes, set operations. */
import { describe, expect, it } from 'vitest';
import {
  addWeightedImpacts,
  BITMAP_BYTES,
  BLOCK_SIZE,
  blockOf,
  changeBlock,
  combineInto,
  countMembers,
  decodeBlock,
  memberOffsets,
  offsetInBlock,
  type StoredBlock,
} from '../src/search/doc-sets.ts';

/** A stored block whose members are `offsets`, each with impact offset + 1. */
const stored = (offsets: number[]) => changeBlock(undefined, new Map(offsets.map((offset) => [offset, offset + 1]))) as StoredBlock;

/** A stored block as offset → impact. */
function contents(block: StoredBlock | undefined): Map<number, number> {
  if (!block) return new Map();
  const view = new DataView(block.impacts.buffer, block.impacts.byteOffset, block.impacts.byteLength);
  return new Map([...memberOffsets(block.members)].map((offset, index) => [offset, view.getUint16(index * 2, true)]));
}

const membersOf = (bits: Uint32Array) => Array.from({ length: BLOCK_SIZE }, (_, offset) => offset).filter((offset) => (bits[offset >>> 5] as number) & (1 << (offset & 31)));

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('entry set blocks', () => {
  it('store few members as 16-bit offsets and many as a bitmap, with their impacts', () => {
    const few = [0, 1, 31, 32, 4095];
    const small = stored(few);
    expect(small.members.byteLength).toBe(few.length * 2);
    expect(small.impacts.byteLength).toBe(few.length * 2);
    expect([...memberOffsets(small.members)]).toEqual(few);
    expect(membersOf(decodeBlock(small.members))).toEqual(few);
    expect(contents(small)).toEqual(new Map(few.map((offset) => [offset, offset + 1])));

    const most = Array.from({ length: 255 }, (_, index) => index * 16);
    expect(stored(most).members.byteLength).toBe(510);
    const many = [...most, 4095];
    const large = stored(many);
    expect(large.members.byteLength).toBe(BITMAP_BYTES);
    expect([...memberOffsets(large.members)]).toEqual(many);
    expect(countMembers(decodeBlock(large.members))).toBe(256);
    expect(contents(large)).toEqual(new Map(many.map((offset) => [offset, offset + 1])));
  });

  it('change by appending, updating, inserting and removing members, switching encodings as they grow and shrink', () => {
    const most = Array.from({ length: 255 }, (_, index) => index * 8);
    let block = changeBlock(stored(most), new Map([[4000, 7]])) as StoredBlock;
    expect(block.members.byteLength).toBe(BITMAP_BYTES);
    block = changeBlock(block, new Map([[8, 0], [9, 3], [16, 99], [4000, 0]])) as StoredBlock;
    expect(block.members.byteLength).toBe(255 * 2);
    const expected = new Map(most.map((offset) => [offset, offset + 1]));
    expected.delete(8);
    expected.set(9, 3);
    expected.set(16, 99);
    expect(contents(block)).toEqual(new Map([...expected].sort((a, b) => a[0] - b[0])));
    expect(changeBlock(stored([5, 4000]), new Map([[5, 0], [4000, 0]]))).toBeUndefined();
    expect(changeBlock(undefined, new Map([[5, 0]]))).toBeUndefined();
  });

  it('hold exactly what a model of the changes holds, over many random batches', () => {
    const random = seeded(11);
    const model = new Map<number, number>();
    let block: StoredBlock | undefined;
    for (let batch = 0; batch < 300; batch++) {
      const changes = new Map<number, number>();
      const size = 1 + Math.floor(random() * (random() < 0.2 ? 600 : 8));
      // Mostly appends past the last member, as the index writes them; sometimes anything.
      const appending = random() < 0.5;
      const last = Math.max(-1, ...model.keys());
      for (let change = 0; change < size; change++) {
        const offset = appending && last < BLOCK_SIZE - 1 ? last + 1 + Math.floor(random() * (BLOCK_SIZE - 1 - last)) : Math.floor(random() * BLOCK_SIZE);
        changes.set(offset, appending || random() < 0.6 ? 1 + Math.floor(random() * 2200) : 0);
      }
      block = changeBlock(block, changes);
      for (const [offset, impact] of changes) {
        if (impact === 0) model.delete(offset);
        else model.set(offset, impact);
      }
      expect(contents(block)).toEqual(new Map([...model].sort((a, b) => a[0] - b[0])));
      expect(block === undefined ? 0 : block.members.byteLength === BITMAP_BYTES).toBe(model.size === 0 ? 0 : model.size > 255);
    }
  });

  it('intersect and unite members', () => {
    const b = decodeBlock(stored([2, 3, 4, 4095]).members);
    const union = decodeBlock(stored([1, 2, 3, 100, 4095]).members);
    combineInto(union, b, false);
    expect(membersOf(union)).toEqual([1, 2, 3, 4, 100, 4095]);
    const intersection = decodeBlock(stored([1, 2, 3, 100, 4095]).members);
    combineInto(intersection, b, true);
    expect(membersOf(intersection)).toEqual([2, 3, 4095]);
  });

  it('add weighted impacts of every member, or only of those given, in both encodings', () => {
    const random = seeded(5);
    for (const size of [0, 1, 40, 255, 256, 3000, BLOCK_SIZE]) {
      const offsets = [...new Set(Array.from({ length: size }, () => Math.floor(random() * BLOCK_SIZE)))];
      if (size === BLOCK_SIZE) offsets.splice(0, offsets.length, ...Array.from({ length: BLOCK_SIZE }, (_, offset) => offset));
      const block = changeBlock(undefined, new Map(offsets.map((offset) => [offset, 1 + Math.floor(random() * 2200)])));
      const only = new Uint32Array(BLOCK_SIZE / 32).map(() => Math.floor(random() * 2 ** 32));
      for (const restricted of [undefined, only]) {
        const scores = new Float64Array(BLOCK_SIZE).fill(1);
        if (block) addWeightedImpacts(block.members, block.impacts, 0.5, scores, restricted);
        const expected = new Float64Array(BLOCK_SIZE).fill(1);
        for (const [offset, impact] of contents(block)) {
          if (!restricted || ((restricted[offset >>> 5] as number) >>> (offset & 31)) & 1) expected[offset] = 1 + 0.5 * impact;
        }
        expect(scores, `${size} members${restricted ? ', restricted' : ''}`).toEqual(expected);
      }
    }
  });

  it('place doc ids in blocks', () => {
    expect([0, BLOCK_SIZE - 1, BLOCK_SIZE, 10 * BLOCK_SIZE + 7].map(blockOf)).toEqual([0, 0, 1, 10]);
    expect(offsetInBlock(10 * BLOCK_SIZE + 7)).toBe(7);
  });
});
