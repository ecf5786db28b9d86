/**
 * Rendered rows kept in memory for list pages, each under the render stamp it was read with.
 *
 * A list page first reads its identifiers and render stamps from the listing index alone, then
 * only the rows this cache does not hold at those stamps (asset-snapshots.ts `renderedPage`).
 * The stamp changes with every write of a rendering (services/render-stamps.ts), so a cached row
 * is used only while it is exactly what the database holds, whichever process or replica wrote
 * it; a row whose stamp moved is read again. Least recently used rows go first once the cache
 * holds more than its budget of bytes.
 */
import type { RenderedRow, RenderingVariant } from './asset-snapshots.ts';

interface Entry {
  stamp: number;
  row: RenderedRow;
  bytes: number;
}

/** What a row costs besides its text: the entry, the row object and its strings. */
const ROW_OVERHEAD_BYTES = 400;

export class RenderedRowCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** Look-ups answered from the cache and not, since start (for /metrics). */
  readonly lookups = { hit: 0, miss: 0 };

  /** `budgetBytes` 0 turns the cache off. */
  constructor(private readonly budgetBytes: number) {}

  get enabled(): boolean {
    return this.budgetBytes > 0;
  }

  /** Bytes held (texts and an estimate of the rest). */
  get size(): number {
    return this.bytes;
  }

  /** The row of this variant when cached at exactly this stamp. */
  get(identifier: string, variant: RenderingVariant, stamp: number): RenderedRow | undefined {
    const key = `${variant}:${identifier}`;
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
    return entry.row;
  }

  /** Keeps a row read at `stamp`; its text is copied (driver buffers often share one large packet). */
  set(row: RenderedRow, variant: RenderingVariant, stamp: number): void {
    if (!this.enabled) return;
    const key = `${variant}:${row.identifier}`;
    const previous = this.entries.get(key);
    if (previous !== undefined) this.remove(key, previous);
    const text = row.text === null ? null : new Uint8Array(row.text);
    const entry: Entry = { stamp, row: { ...row, text }, bytes: (text?.byteLength ?? 0) + ROW_OVERHEAD_BYTES };
    if (entry.bytes > this.budgetBytes) return;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.remove(oldest, old);
    }
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
