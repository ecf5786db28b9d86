/** The stored blocks of entries' facet value codes: both code widths, the cap per entry, counting. */
import { describe, expect, it } from 'vitest';
import {
  blockTotals,
  codeLimit,
  countFacetCodes,
  decodeFacetBlock,
  encodeFacetBlock,
  FACET_BLOCK_SIZE,
  type FacetBlockEntries,
  facetCode,
  MAX_CODES,
  valueNumberOfCode,
} from '../src/search/facet-blocks.ts';

function entriesWith(values: Record<number, number[]>): FacetBlockEntries {
  const entries: FacetBlockEntries = new Array(FACET_BLOCK_SIZE).fill(undefined);
  for (const [offset, codes] of Object.entries(values)) entries[Number(offset)] = Uint32Array.from(codes);
  return entries;
}

const plain = (entries: FacetBlockEntries) => entries.map((entry) => (entry ? [...entry] : undefined));

const bitmapOf = (offsets: number[]) => {
  const bits = new Uint32Array(FACET_BLOCK_SIZE / 32);
  for (const offset of offsets) bits[offset >>> 5] = (bits[offset >>> 5] as number) | (1 << (offset & 31));
  return bits;
};

describe('facet blocks', () => {
  it('round-trip entries with 2-byte codes, and with 4-byte codes once a code needs them', () => {
    const small = entriesWith({ 0: [facetCode(1, 'type'), facetCode(2, 'platform')], 5: [facetCode(3, 'keyword')], 1023: [facetCode(4, 'license')] });
    const stored = encodeFacetBlock(small) as Buffer;
    expect(stored[0]).toBe(2);
    expect(plain(decodeFacetBlock(stored))).toEqual(plain(small));
    const large = entriesWith({ 7: [facetCode(1, 'type'), facetCode(70_000, 'keyword')], 8: [facetCode(2, 'platform')] });
    const wide = encodeFacetBlock(large) as Buffer;
    expect(wide[0]).toBe(4);
    expect(plain(decodeFacetBlock(wide))).toEqual(plain(large));
    expect(valueNumberOfCode(facetCode(70_000, 'keyword'))).toBe(70_000);
  });

  it('store nothing for a block without values, and keep at most MAX_CODES values per entry', () => {
    expect(encodeFacetBlock(entriesWith({}))).toBeUndefined();
    expect(encodeFacetBlock(entriesWith({ 3: [] }))).toBeUndefined();
    const many = Array.from({ length: MAX_CODES + 40 }, (_, index) => facetCode(index + 1, 'keyword'));
    const decoded = decodeFacetBlock(encodeFacetBlock(entriesWith({ 9: many, 10: [facetCode(1, 'type')] })));
    expect([...(decoded[9] as Uint32Array)]).toEqual(many.slice(0, MAX_CODES));
    expect([...(decoded[10] as Uint32Array)]).toEqual([facetCode(1, 'type')]);
  });

  it('count the requested facets of the member entries', () => {
    const zenodo = facetCode(1, 'platform');
    const openml = facetCode(2, 'platform');
    const mit = facetCode(3, 'license');
    const audio = facetCode(4, 'keyword');
    const stored = encodeFacetBlock(entriesWith({ 0: [zenodo, mit, audio], 40: [openml, audio], 41: [zenodo, audio], 1000: [openml, mit] })) as Buffer;
    // Unaligned, as MySQL's driver may hand a blob out.
    const unaligned = new Uint8Array(stored.length + 1).subarray(1);
    unaligned.set(stored);
    for (const block of [stored, unaligned]) {
      const tally = new Uint32Array(codeLimit(4));
      countFacetCodes(block, bitmapOf([0, 40, 1000]), 0b0101, tally);
      // platform (bit 0) and keyword (bit 2); the license and the non-member at 41 are not counted.
      expect([tally[zenodo], tally[openml], tally[mit], tally[audio]]).toEqual([1, 2, 0, 2]);
      const everything = new Uint32Array(codeLimit(4));
      countFacetCodes(block, bitmapOf([0, 40, 41, 1000]), 0b1111, everything);
      expect([everything[zenodo], everything[openml], everything[mit], everything[audio]]).toEqual([2, 2, 2, 3]);
    }
  });

  it('count the same from a block’s totals less the non-members as member by member', () => {
    let state = 11;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const codes = Array.from({ length: 40 }, (_, index) => facetCode(index + 1, (['platform', 'license', 'keyword'] as const)[index % 3] as 'platform'));
    const entries = entriesWith(
      Object.fromEntries(
        Array.from({ length: FACET_BLOCK_SIZE }, (_, offset) => [offset, codes.filter(() => random() < 0.15)] as const).filter(([offset]) => offset % 7 !== 3),
      ),
    );
    const stored = encodeFacetBlock(entries) as Buffer;
    const totals = blockTotals(stored);
    // Few members (counted one by one), most (counted as totals less the rest), and all.
    for (const share of [0.1, 0.8, 1]) {
      const members = bitmapOf(Array.from({ length: FACET_BLOCK_SIZE }, (_, offset) => offset).filter(() => random() < share));
      for (const mask of [0b0001, 0b0101, 0b1111]) {
        const oneByOne = new Uint32Array(codeLimit(41));
        countFacetCodes(stored, members, mask, oneByOne);
        const fromTotals = new Uint32Array(codeLimit(41));
        countFacetCodes(stored, members, mask, fromTotals, totals);
        expect(fromTotals, `share ${share}, mask ${mask}`).toEqual(oneByOne);
        expect(oneByOne.some((count) => count > 0)).toBe(true);
      }
    }
  });
});
