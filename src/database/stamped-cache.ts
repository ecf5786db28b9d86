/**
 * Copies of database rows kept in memory, each under the stamp (stamps.ts) it was read with. A
 * reader first learns a row's current stamp from a cheap read (an index, a small table), then
 * uses its copy only when the stamps are equal: the copy is then exactly what the database holds,
 * whichever process or replica wrote it. A copy whose stamp moved is dropped and read again.
 * Least recently used copies go first once the cache holds more than its budget of bytes.
 */

interface Entry<V> {
  stamp: number;
  value: V;
  bytes: number;
}

export class StampedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private bytes = 0;
  /** Look-ups answered from the cache and not, since start (for /metrics). */
  readonly lookups = { hit: 0, miss: 0 };

  /** `budgetBytes` 0 turns the cache off. */
  constructor(private readonly budgetBytes: number) {}

  get enabled(): boolean {
    return this.budgetBytes > 0;
  }

  /** Bytes held, as the callers of `set` estimated them. */
  get size(): number {
    return this.bytes;
  }

  /** The value kept under `key` at exactly this stamp. */
  get(key: string, stamp: number): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.stamp !== stamp) {
      if (entry !== undefined) this.remove(key, entry);
      this.lookups.miss += 1;
      return undefined;
    }
    this.lookups.hit += 1;
    // Map order is the recency order: move the entry to the end.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /**
   * Keeps `value`, read at `stamp`, costing about `bytes` of memory. The value must be the
   * cache's own: copy driver buffers first (they often share one large packet).
   */
  set(key: string, stamp: number, value: V, bytes: number): void {
    if (!this.enabled) return;
    const previous = this.entries.get(key);
    if (previous !== undefined) this.remove(key, previous);
    if (bytes > this.budgetBytes) return;
    this.entries.set(key, { stamp, value, bytes });
    this.bytes += bytes;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.remove(oldest, old);
    }
  }

  private remove(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
