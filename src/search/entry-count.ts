/**
 * How many entries the database index holds, counted at most every few seconds per reader: it only
 * steers how a query is evaluated (which terms are too common to rank, whether to walk an index),
 * never what it returns.
 */
import type { RawReader } from '../database/raw-reader.ts';

const TTL_MS = 5000;
const counts = new WeakMap<RawReader, { entries: number; at: number }>();

export async function entryCount(reader: RawReader): Promise<number> {
  const cached = counts.get(reader);
  if (cached && Date.now() - cached.at < TTL_MS) return cached.entries;
  const [rows] = await reader.read([{ sql: 'SELECT COUNT(*) FROM search_entry', parameters: [] }]);
  const entries = Number(rows?.[0]?.[0] ?? 0);
  counts.set(reader, { entries, at: Date.now() });
  return entries;
}
