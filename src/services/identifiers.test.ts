import { describe, expect, it } from 'vitest';
import { IDENTIFIER_PATTERN, newIdentifier } from './identifiers.ts';

describe('identifiers', () => {
  it('are <prefix>_ plus 24 characters of [A-Za-z0-9]', () => {
    for (let index = 0; index < 1000; index += 1) {
      const identifier = newIdentifier('data');
      expect(identifier).toMatch(/^data_[A-Za-z0-9]{24}$/);
      expect(IDENTIFIER_PATTERN.test(identifier)).toBe(true);
    }
  });

  it('use the whole alphabet evenly enough and do not repeat', () => {
    const seen = new Set<string>();
    const characters = new Map<string, number>();
    for (let index = 0; index < 5000; index += 1) {
      const identifier = newIdentifier('x');
      seen.add(identifier);
      for (const character of identifier.slice(2)) characters.set(character, (characters.get(character) ?? 0) + 1);
    }
    expect(seen.size).toBe(5000);
    expect(characters.size).toBe(62);
    const expected = (5000 * 24) / 62;
    for (const count of characters.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.15);
  });
});
