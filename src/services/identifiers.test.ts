import { describe, expect, it } from 'vitest';
import { IDENTIFIER_PATTERN, newIdentifier } from './identifiers.ts';

const TIME_LENGTH = 7;

describe('identifiers', () => {
  it('are <prefix>_ plus 24 characters of [A-Za-z0-9]', () => {
    for (let index = 0; index < 1000; index += 1) {
      const identifier = newIdentifier('data');
      expect(identifier).toMatch(/^data_[A-Za-z0-9]{24}$/);
      expect(IDENTIFIER_PATTERN.test(identifier)).toBe(true);
    }
  });

  it('sort in creation order, byte by byte, across every digit of the time', () => {
    const times = [0, 1, 61, 62, 3_843, 3_844, Date.UTC(2026, 10, 23), Date.UTC(2026, 10, 23) + 1, Date.UTC(2400, 0, 1)];
    const identifiers = times.map((time) => newIdentifier('data', time));
    const byteOrder = [...identifiers].sort((left, right) => Buffer.compare(Buffer.from(left), Buffer.from(right)));
    expect(byteOrder).toEqual(identifiers);
    for (const identifier of identifiers) expect(identifier).toMatch(IDENTIFIER_PATTERN);
  });

  it('carry 17 random characters that use the whole alphabet evenly enough and do not repeat', () => {
    const seen = new Set<string>();
    const characters = new Map<string, number>();
    const now = Date.now();
    for (let index = 0; index < 5000; index += 1) {
      // The same millisecond for all: only the random part tells them apart.
      const identifier = newIdentifier('x', now);
      seen.add(identifier);
      for (const character of identifier.slice(2 + TIME_LENGTH)) characters.set(character, (characters.get(character) ?? 0) + 1);
    }
    expect(seen.size).toBe(5000);
    expect(characters.size).toBe(62);
    const expected = (5000 * 17) / 62;
    for (const count of characters.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.15);
  });
});
