/**
 * Render stamps: every write of an asset's renderings or render version stores a new random
 * stamp (the asset table's `render_stamp`), so whoever keeps a copy of a rendering can tell from
 * the stamp alone whether it is still current (repositories/rendered-row-cache.ts). Random rather
 * than counted: replicas write without coordinating, and a repeat is a 1 in 2^48 chance.
 */
import { randomInt } from 'node:crypto';

const STAMP_RANGE = 2 ** 48;

/** A new stamp, never 0 (the stamp of rows stored before stamps existed). */
export function newRenderStamp(): number {
  return randomInt(1, STAMP_RANGE);
}

/** The column changes that mark an asset's renderings stale (rendered on read until refreshed). */
export function staleRendering(): { render_version: null; render_stamp: number } {
  return { render_version: null, render_stamp: newRenderStamp() };
}
