/**
 * How many values one `IN (...)` list may hold. MySQL/MariaDB estimate an IN list of fewer than
 * `eq_range_index_dive_limit` (200) values by looking into the index, and longer ones from table
 * statistics; while a table grows fast (a first harvest into an empty catalogue) those statistics
 * lag behind and the optimizer scans the whole index instead of 200 ranges, which makes every
 * batch slower than the last. Lists of at most 100 values always get the index dives.
 */
export const IN_LIST_LIMIT = 100;

/** Ranges one indexed condition may span and still be estimated by index dives (below 200). */
const RANGE_LIMIT = 190;

/**
 * The IN list limit when the same index condition also has an IN list of `otherValues` values:
 * `a IN (x, y) AND b IN (p, q, r)` spans 2 × 3 ranges.
 */
export function inListLimitWith(otherValues: number): number {
  return Math.max(1, Math.min(IN_LIST_LIMIT, Math.floor(RANGE_LIMIT / Math.max(1, otherValues))));
}

/** `items` in chunks of at most IN_LIST_LIMIT. */
export function inListChunks<T>(items: readonly T[], size = IN_LIST_LIMIT): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
