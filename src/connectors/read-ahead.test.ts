import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** A source of 0..count-1 that records how far it was pulled and whether it was closed. */
function counting(count: number, failAt?: number) {
  const seen = { pulled: 0, closed: false };
  async function* source() {
    try {
      for (let item = 0; item < count; item++) {
        await tick();
        if (item === failAt) throw new Error(`failed at ${item}`);
        seen.pulled = item + 1;
        yield item;
      }
    } finally {
      seen.closed = true;
    }
  }
  return { source: source(), seen };
}

describe('readAhead', () => {
  it('yields every item in order, pulling ahead of a slow consumer but never more than its size', async () => {
    const { source, seen } = counting(20);
    const received: number[] = [];
    const ahead: number[] = [];
    for await (const item of readAhead(source, 5)) {
      received.push(item);
      // The consumer is slow (a batch being written): the source goes on meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 40));
      ahead.push(seen.pulled - received.length);
    }
    expect(received).toEqual(Array.from({ length: 20 }, (_, item) => item));
    expect(Math.max(...ahead)).toBe(5);
    expect(Math.min(...ahead.slice(0, 10))).toBeGreaterThan(0);
  });

  it('delivers a failure after every item read before it', async () => {
    const { source } = counting(10, 6);
    const received: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(source, 4)) received.push(item);
      })(),
    ).rejects.toThrow('failed at 6');
    expect(received).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('closes the source when the consumer stops early', async () => {
    const { source, seen } = counting(100);
    for await (const item of readAhead(source, 3)) {
      if (item === 4) break;
    }
    expect(seen.closed).toBe(true);
    expect(seen.pulled).toBeLessThan(100);
  });
});
