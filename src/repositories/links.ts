/**
 * Queries on `asset_link`: every reference between assets, one row per (source, field, target).
 * Inverse fields (is_part_of, relevant_to) are the same rows read from the target's side.
 */
import type { Executor } from '../database/dialect.ts';

/** Removes every link from and to an asset (it was deleted: it vanishes from all relations). */
export async function deleteLinksOf(executor: Executor, identifier: string): Promise<void> {
  await executor.deleteFrom('asset_link').where('source', '=', identifier).execute();
  await executor.deleteFrom('asset_link').where('target', '=', identifier).execute();
}

/** Replaces the outgoing links of `source` in `fields` with `links` (field → targets in order). */
export async function replaceOutgoingLinks(
  executor: Executor,
  source: string,
  fields: string[],
  links: Array<{ field: string; targets: string[] }>,
): Promise<void> {
  if (fields.length > 0) {
    await executor.deleteFrom('asset_link').where('source', '=', source).where('field', 'in', fields).execute();
  }
  const rows = links.flatMap(({ field, targets }) =>
    targets.map((target, position) => ({ source, field, target, position })),
  );
  if (rows.length > 0) await executor.insertInto('asset_link').values(rows).execute();
}

/**
 * Makes `sources` exactly the assets whose `field` points at `target` (writing X.is_part_of
 * rewrites the has_part rows that point at X). New rows go to the end of each source's list.
 */
export async function replaceIncomingLinks(
  executor: Executor,
  target: string,
  field: string,
  sources: string[],
): Promise<void> {
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
  if (added.length === 0) return;
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
}
