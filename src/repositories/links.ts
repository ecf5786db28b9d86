/**
 * Queries on `asset_link`: every reference between assets, one row per (source, field, target).
 * Inverse fields (is_part_of, relevant_to) are the same rows read from the target's side.
 */
import type { Executor } from '../database/dialect.ts';
import { inListChunks, inListLimitWith } from '../database/in-lists.ts';

/** Removes every link from and to an asset (it was deleted: it vanishes from all relations). */
export async function deleteLinksOf(executor: Executor, identifier: string): Promise<void> {
  await executor.deleteFrom('asset_link').where('source', '=', identifier).execute();
  await executor.deleteFrom('asset_link').where('target', '=', identifier).execute();
}

/** Removes the links of `sources` in `fields` (their replacements are inserted after). */
export async function deleteOutgoingLinks(executor: Executor, sources: readonly string[], fields: readonly string[]): Promise<void> {
  if (fields.length === 0) return;
  for (const chunk of inListChunks(sources, inListLimitWith(fields.length))) {
    await executor.deleteFrom('asset_link').where('source', 'in', chunk).where('field', 'in', fields).execute();
  }
}

/** Removes every link in `field` that points at one of `targets` (their inverse field was emptied). */
export async function deleteIncomingLinks(executor: Executor, targets: readonly string[], field: string): Promise<void> {
  for (const chunk of inListChunks(targets)) {
    await executor.deleteFrom('asset_link').where('target', 'in', chunk).where('field', '=', field).execute();
  }
}

/**
 * Makes `sources` exactly the assets whose `field` points at `target` (writing X.is_part_of
 * rewrites the has_part rows that point at X). New rows go to the end of each source's list.
 * Returns the sources whose links changed (removed or added).
 */
export async function replaceIncomingLinks(
  executor: Executor,
  target: string,
  field: string,
  sources: string[],
): Promise<string[]> {
  const existing = await executor
    .selectFrom('asset_link')
    .select('source')
    .where('target', '=', target)
    .where('field', '=', field)
    .execute();
  const existingSources = new Set(existing.map((row) => row.source));
  const wanted = new Set(sources);
  const removed = [...existingSources].filter((source) => !wanted.has(source));
  if (removed.length > 0) {
    await executor
      .deleteFrom('asset_link')
      .where('target', '=', target)
      .where('field', '=', field)
      .where('source', 'in', removed)
      .execute();
  }
  const added = sources.filter((source) => !existingSources.has(source));
  if (added.length === 0) return removed;
  const ends = await executor
    .selectFrom('asset_link')
    .select(['source', (eb) => eb.fn.max('position').as('last')])
    .where('source', 'in', added)
    .where('field', '=', field)
    .groupBy('source')
    .execute();
  const lastPosition = new Map(ends.map((row) => [row.source, Number(row.last)]));
  await executor
    .insertInto('asset_link')
    .values(added.map((source) => ({ source, field, target, position: (lastPosition.get(source) ?? -1) + 1 })))
    .execute();
  return [...removed, ...added];
}
