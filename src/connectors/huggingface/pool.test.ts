import { describe, expect, it } from 'vitest';
import { pool } from './pool.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('pool', () => {
  it('runs at most `concurrency` tasks at once and gives outcomes in item order', async () => {
    let running = 0;
    let most = 0;
    const { outcomes } = pool([5, 1, 4, 2, 3], 2, async (item) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, item * 3));
      running--;
      if (item === 4) throw new Error('four');
      return item * 10;
    });
    const results = await Promise.all(outcomes);
    expect(most).toBe(2);
    expect(results.map((outcome) => (outcome.ok ? outcome.value : (outcome.error as Error).message))).toEqual([50, 10, 'four', 20, 30]);
  });

  it('starts nothing more once stopped', async () => {
    const started: number[] = [];
    const { stop } = pool([1, 2, 3, 4], 1, async (item) => {
      started.push(item);
      await tick();
    });
    stop();
    await tick();
    await tick();
    expect(started).toEqual([1]);
  });
});
