/**
 * Gaps in the change log's sequence, as the search indexer meets them. On MySQL/MariaDB a change
 * takes its seq when it is written but is seen only when its transaction commits, so a later seq
 * can be seen first; a rolled-back write leaves its seqs unused for good. The indexer must not
 * move its position past a seq that may still appear, or that change is never indexed.
 *
 * So it takes the changes up to the first gap. A gap still open after the grace period (a second:
 * a write commits milliseconds after it logs its change) is taken for a rolled-back write and
 * passed, but remembered for ten minutes: if its changes commit after all (a slow transaction),
 * they are still indexed then. The passed gaps are stored with the index's position (`stored`,
 * `restore`), so a restart, or another replica's indexer, still looks into them. SQLite has one
 * writer and no such gaps.
 */

/** Passed gaps are looked for again this long. */
const LATE_WINDOW_MS = 10 * 60_000;
/** At most this many passed gaps are remembered (the oldest are forgotten first). */
const MAX_REMEMBERED = 1000;

export interface SeqRange {
  from: number;
  to: number;
}

export class ChangeGaps {
  /** Open gaps: first seq of the gap → when it was first seen. */
  private readonly openSince = new Map<number, number>();
  /** Passed gaps, oldest first, with when they were passed and the late seqs already taken from them. */
  private passed: Array<SeqRange & { at: number; taken: Set<number> }> = [];

  constructor(private readonly graceMs: number) {}

  /**
   * Of `changes` (in seq order, all after `position`), those before the first gap still within its
   * grace period; and the position after them.
   */
  takeContiguous<T extends { seq: number | bigint | string }>(changes: readonly T[], position: number, now: number): { taken: T[]; position: number } {
    // Every gap of the batch starts its grace period now, not only once the ones before it passed:
    // under many rolled-back writes the grace periods then run together instead of one after another.
    let next = position + 1;
    for (const change of changes) {
      const seq = Number(change.seq);
      if (seq > next && !this.openSince.has(next)) this.openSince.set(next, now);
      next = seq + 1;
    }
    const taken: T[] = [];
    let expected = position + 1;
    for (const change of changes) {
      const seq = Number(change.seq);
      if (seq > expected) {
        const since = this.openSince.get(expected) ?? now;
        if (now - since < this.graceMs) break;
        this.openSince.delete(expected);
        this.passed.push({ from: expected, to: seq - 1, at: now, taken: new Set() });
      }
      taken.push(change);
      expected = seq + 1;
    }
    for (const start of this.openSince.keys()) if (start < expected) this.openSince.delete(start);
    return { taken, position: expected - 1 };
  }

  /**
   * Takes the passed gaps as stored with the position (`stored`'s JSON): they are the truth, shared
   * by every process that follows this index. Unreadable text counts as none.
   */
  restore(text: string | null | undefined): void {
    let stored: unknown;
    try {
      stored = text ? JSON.parse(text) : [];
    } catch {
      stored = [];
    }
    const isGap = (value: unknown): value is [number, number, number, number[]] =>
      Array.isArray(value) && value.length === 4 && value.slice(0, 3).every(Number.isFinite) && Array.isArray(value[3]);
    this.passed = (Array.isArray(stored) ? stored.filter(isGap) : []).map(([from, to, at, taken]) => ({ from, to, at, taken: new Set(taken) }));
  }

  /** The passed gaps as JSON to store with the position; null when there are none. */
  stored(): string | null {
    if (this.passed.length === 0) return null;
    return JSON.stringify(this.passed.map((gap) => [gap.from, gap.to, gap.at, [...gap.taken]]));
  }

  /** Passed gaps still worth looking into. */
  remembered(now: number): SeqRange[] {
    this.passed = this.passed.filter((gap) => now - gap.at < LATE_WINDOW_MS).slice(-MAX_REMEMBERED);
    return this.passed.map(({ from, to }) => ({ from, to }));
  }

  /** Of changes found in passed gaps, those not taken before (each late change is indexed once). */
  takeLate<T extends { seq: number | bigint | string }>(changes: readonly T[]): T[] {
    return changes.filter((change) => {
      const seq = Number(change.seq);
      const gap = this.passed.find((candidate) => seq >= candidate.from && seq <= candidate.to);
      if (!gap || gap.taken.has(seq)) return false;
      gap.taken.add(seq);
      return true;
    });
  }
}
