/** Queries on the `asset` table. Functions take the executor (database or transaction) first. */
import { inListChunks } from '../database/in-lists.ts';
import { type Executor, sharedLock } from '../database/dialect.ts';
import type { AssetRow, NewAssetRow } from '../database/tables.ts';

export interface AssetListFilter {
  type: string;
  platform?: string;
  statuses: string[];
  dateModifiedAfter?: string;
  dateModifiedBefore?: string;
}

export interface AssetPage {
  sort: 'date_created' | 'date_modified';
  direction: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export async function findAsset(executor: Executor, identifier: string): Promise<AssetRow | undefined> {
  return executor.selectFrom('asset').selectAll().where('identifier', '=', identifier).executeTakeFirst();
}

export async function findLiveAssetByPlatformIdentifier(
  executor: Executor,
  type: string,
  platform: string,
  platformResourceIdentifier: string,
): Promise<AssetRow | undefined> {
  return executor
    .selectFrom('asset')
    .selectAll()
    .where('type', '=', type)
    .where('platform', '=', platform)
    .where('platform_resource_identifier', '=', platformResourceIdentifier)
    .where('live', '=', 1)
    .executeTakeFirst();
}

/** The live assets among `identifiers`, with their types (for reference checks). */
export async function liveAssetTypes(executor: Executor, identifiers: string[]): Promise<Map<string, string>> {
  const types = new Map<string, string>();
  for (const chunk of inListChunks(identifiers)) {
    const rows = await executor.selectFrom('asset').select(['identifier', 'type']).where('identifier', 'in', chunk).where('live', '=', 1).execute();
    for (const row of rows) types.set(row.identifier, row.type);
  }
  return types;
}

/**
 * Those of `identifiers` that are deleted, read with a shared lock (MySQL/MariaDB) so that the
 * answer holds until the caller's transaction ends.
 */
export async function deletedAmong(executor: Executor, identifiers: readonly string[]): Promise<string[]> {
  const deleted: string[] = [];
  for (const chunk of inListChunks([...new Set(identifiers)])) {
    const rows = await executor.selectFrom('asset').select('identifier').where('identifier', 'in', chunk).where('live', 'is', null).modifyEnd(sharedLock(executor)).execute();
    deleted.push(...rows.map((row) => row.identifier));
  }
  return deleted;
}

export async function insertAsset(executor: Executor, row: NewAssetRow): Promise<void> {
  await executor.insertInto('asset').values(row).execute();
}

/**
 * Updates an asset only if it is still at `expectedRevision` (optimistic concurrency).
 * Returns false when another write got there first.
 */
export async function updateAssetAtRevision(
  executor: Executor,
  identifier: string,
  expectedRevision: number,
  changes: Partial<Omit<NewAssetRow, 'identifier' | 'type'>>,
): Promise<boolean> {
  const result = await executor
    .updateTable('asset')
    .set(changes)
    .where('identifier', '=', identifier)
    .where('revision', '=', expectedRevision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
