/**
 * Rendered rows kept in memory for list pages, each under the render stamp it was read with
 * (database/stamped-cache.ts).
 *
 * A list page first reads its identifiers and render stamps from the listing index alone, then
 * only the rows this cache does not hold at those stamps (asset-snapshots.ts `renderedPage`).
 * The stamp changes with every write of a rendering (services/render-stamps.ts), so a cached row
 * is used only while it is exactly what the database holds.
 */
import { StampedCache } from '../database/stamped-cache.ts';
import type { RenderedRow, RenderingVariant } from './asset-snapshots.ts';

/** What a row costs besides its text: the entry, the row object and its strings. */
const ROW_OVERHEAD_BYTES = 400;

export class RenderedRowCache {
  private readonly rows: StampedCache<RenderedRow>;

  /** `budgetBytes` 0 turns the cache off. */
  constructor(budgetBytes: number) {
    this.rows = new StampedCache(budgetBytes);
  }

  get enabled(): boolean {
    return this.rows.enabled;
  }

  /** Bytes held (texts and an estimate of the rest). */
  get size(): number {
    return this.rows.size;
  }

  /** Look-ups answered from the cache and not, since start (for /metrics). */
  get lookups(): { hit: number; miss: number } {
    return this.rows.lookups;
  }

  /** The row of this variant when cached at exactly this stamp. */
  get(identifier: string, variant: RenderingVariant, stamp: number): RenderedRow | undefined {
    return this.rows.get(`${variant}:${identifier}`, stamp);
  }

  /** Keeps a row read at `stamp`; its text is copied (driver buffers often share one large packet). */
  set(row: RenderedRow, variant: RenderingVariant, stamp: number): void {
    if (!this.enabled) return;
    const text = row.text === null ? null : new Uint8Array(row.text);
    this.rows.set(`${variant}:${row.identifier}`, stamp, { ...row, text }, (text?.byteLength ?? 0) + ROW_OVERHEAD_BYTES);
  }
}
