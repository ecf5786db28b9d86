import { describe, expect, it } from 'vitest';
import { ChangeGaps } from './change-gaps.ts';

const changes = (...seqs: number[]) => seqs.map((seq) => ({ seq }));

describe('change-log gaps', () => {
  it('takes changes up to the first gap still within its grace period', () => {
    const gaps = new ChangeGaps(1000);
    expect(gaps.takeContiguous(changes(11, 12, 14, 15), 10, 0)).toEqual({ taken: changes(11, 12), position: 12 });
    // Seq 13 appears (its write committed): everything is taken.
    expect(gaps.takeContiguous(changes(13, 14, 15), 12, 500)).toEqual({ taken: changes(13, 14, 15), position: 15 });
    expect(gaps.remembered(500)).toEqual([]);
  });

  it('passes every gap of a batch once its grace period is over, all at once, and remembers them', () => {
    const gaps = new ChangeGaps(1000);
    expect(gaps.takeContiguous(changes(12, 14, 17), 10, 0).position).toBe(10);
    expect(gaps.takeContiguous(changes(12, 14, 17), 10, 999).position).toBe(10);
    expect(gaps.takeContiguous(changes(12, 14, 17), 10, 1000)).toEqual({ taken: changes(12, 14, 17), position: 17 });
    expect(gaps.remembered(1000)).toEqual([
      { from: 11, to: 11 },
      { from: 13, to: 13 },
      { from: 15, to: 16 },
    ]);
    // A write that commits late is taken once, then forgotten with its gap after ten minutes.
    expect(gaps.takeLate(changes(15))).toEqual(changes(15));
    expect(gaps.takeLate(changes(15, 16))).toEqual(changes(16));
    expect(gaps.takeLate(changes(18))).toEqual([]);
    expect(gaps.remembered(1000 + 10 * 60_000)).toEqual([]);
  });

  it('carries its passed gaps, and the late changes taken from them, over to another process through what it stores', () => {
    const first = new ChangeGaps(0);
    first.takeContiguous(changes(12, 15), 10, 100);
    expect(first.takeLate(changes(13))).toEqual(changes(13));
    const stored = first.stored();

    const next = new ChangeGaps(0);
    next.restore(stored);
    expect(next.remembered(200)).toEqual([
      { from: 11, to: 11 },
      { from: 13, to: 14 },
    ]);
    // 13 was taken before the hand-over; 14 and 11 are still to come.
    expect(next.takeLate(changes(11, 13, 14))).toEqual(changes(11, 14));
    expect(next.remembered(100 + 10 * 60_000)).toEqual([]);
    expect(next.stored()).toBeNull();
  });

  it('takes unreadable stored gaps as none', () => {
    const gaps = new ChangeGaps(0);
    for (const text of [null, '', 'not json', '{"a":1}', '[[1,2]]', '[["x",2,3,[]]]']) {
      gaps.restore(text);
      expect(gaps.remembered(0)).toEqual([]);
    }
  });

  it('never waits with no grace period (a settled log, as in tests)', () => {
    expect(new ChangeGaps(0).takeContiguous(changes(20, 30), 10, 0)).toEqual({ taken: changes(20, 30), position: 30 });
  });
});
