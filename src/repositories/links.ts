/**
 * Queries on `asset_link`: every reference between assets, one row per (source, field, target).
 * Inverse fields (is_part_of, relevant_to) are the same rows read from the target's side.
 */
import { sql } from 'kysely';
import type { Executor } from '../database/dialect.ts';

/** A reference as seen from its owner, with what the reader needs to know about the other end. */
export interface LoadedLink {
  owner: string;
  /** The stored field name; `inverse` tells whether the owner is the target of the stored row. */
  field: string;
  inverse: boolean;
  other: string;
  position: number;
  otherType: string;
  otherStatus: string;
  /** For links in `embedField` only: the other asset's row, to embed it. */
  otherPlatform: string | null;
  otherPlatformResourceIdentifier: string | null;
  otherName: string | null;
  otherDateCreated: string | null;
  otherDateModified: string | null;
  otherDoc: string | null;
}

/**
 * All links of `owners`, in one statement: outgoing links, incoming links of `inverseFields`, and
 * the outgoing links of assets embedded through `embedField` (contacts) so they can be rendered too.
 * Links to deleted assets are left out: a deleted asset vanishes from every relation.
 */
export async function loadLinks(
  executor: Executor,
  owners: string[],
  inverseFields: string[],
  embedField: string,
): Promise<LoadedLink[]> {
  if (owners.length === 0) return [];
  const ownerList = sql.join(owners);
  const embedded = sql`CASE WHEN l.field = ${embedField} AND l.source IN (${ownerList})`;
  const outgoing = sql`
    SELECT l.source AS owner, l.field AS field, 0 AS inverse, l.target AS other, l.position AS position,
           t.type AS other_type, t.status AS other_status,
           ${embedded} THEN t.platform END AS other_platform,
           ${embedded} THEN t.platform_resource_identifier END AS other_pid,
           ${embedded} THEN t.name END AS other_name,
           ${embedded} THEN t.date_created END AS other_date_created,
           ${embedded} THEN t.date_modified END AS other_date_modified,
           ${embedded} THEN t.doc END AS other_doc
    FROM asset_link l JOIN asset t ON t.identifier = l.target
    WHERE t.live = 1 AND (l.source IN (${ownerList})
       OR l.source IN (SELECT e.target FROM asset_link e WHERE e.source IN (${ownerList}) AND e.field = ${embedField}))`;
  const query =
    inverseFields.length === 0
      ? outgoing
      : sql`${outgoing}
    UNION ALL
    SELECT l.target AS owner, l.field AS field, 1 AS inverse, l.source AS other, l.position AS position,
           s.type AS other_type, s.status AS other_status,
           NULL AS other_platform, NULL AS other_pid, NULL AS other_name,
           NULL AS other_date_created, NULL AS other_date_modified, NULL AS other_doc
    FROM asset_link l JOIN asset s ON s.identifier = l.source
    WHERE s.live = 1 AND l.target IN (${ownerList}) AND l.field IN (${sql.join(inverseFields)})`;
  const { rows } = await query.execute(executor);
  return (rows as Array<Record<string, unknown>>).map((row) => ({
    owner: row.owner as string,
    field: row.field as string,
    inverse: Number(row.inverse) === 1,
    other: row.other as string,
    position: Number(row.position),
    otherType: row.other_type as string,
    otherStatus: row.other_status as string,
    otherPlatform: (row.other_platform as string | null) ?? null,
    otherPlatformResourceIdentifier: (row.other_pid as string | null) ?? null,
    otherName: (row.other_name as string | null) ?? null,
    otherDateCreated: (row.other_date_created as string | null) ?? null,
    otherDateModified: (row.other_date_modified as string | null) ?? null,
    otherDoc: (row.other_doc as string | null) ?? null,
  }));
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
