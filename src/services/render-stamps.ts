/**
 * Render stamps: every write of an asset's renderings or render version stores a new stamp
 * (database/stamps.ts) in the asset table's `render_stamp`, so whoever keeps a copy of a
 * rendering can tell from the stamp alone whether it is still current
 * (repositories/rendered-row-cache.ts).
 */
import { newStamp } from '../database/stamps.ts';

/** The column changes that mark an asset's renderings stale (rendered on read until refreshed). */
export function staleRendering(): { render_version: null; render_stamp: number } {
  return { render_version: null, render_stamp: newStamp() };
}
