/** Queries on `asset_permission`: per-asset read/write/admin levels of users. */
import { type Executor, upsertRows } from '../database/dialect.ts';
import type { DialectName } from '../database/location.ts';
import type { PermissionLevel } from '../database/tables.ts';

export async function permissionsOf(
  executor: Executor,
  subject: string,
  assets: string[],
): Promise<Map<string, PermissionLevel>> {
  if (assets.length === 0) return new Map();
  const rows = await executor
    .selectFrom('asset_permission')
    .select(['asset', 'level'])
    .where('subject', '=', subject)
    .where('asset', 'in', assets)
    .execute();
  return new Map(rows.map((row) => [row.asset, row.level]));
}

/** One statement: two grants at once cannot collide, and the user never has no permission in between. */
export async function setPermission(executor: Executor, dialect: DialectName, asset: string, subject: string, level: PermissionLevel): Promise<void> {
  await upsertRows(executor, dialect, 'asset_permission', ['asset', 'subject'], { level: 'replace' }, [{ asset, subject, level }]);
}

export async function removePermission(executor: Executor, asset: string, subject: string): Promise<void> {
  await executor.deleteFrom('asset_permission').where('asset', '=', asset).where('subject', '=', subject).execute();
}

/** Everyone holding a permission on an asset, with the username learned from their tokens. */
export async function permissionsOnAsset(executor: Executor, asset: string) {
  return executor
    .selectFrom('asset_permission')
    .innerJoin('app_user', 'app_user.subject', 'asset_permission.subject')
    .select(['app_user.username as name', 'asset_permission.level as permission', 'asset_permission.subject'])
    .where('asset_permission.asset', '=', asset)
    .orderBy('app_user.username')
    .execute();
}

/** A page of the live assets on which a user holds `level` (admin for /user/resources). */
export async function assetsWithPermission(
  executor: Executor,
  subject: string,
  level: PermissionLevel,
  page: { sort: 'date_created' | 'date_modified'; direction: 'asc' | 'desc'; offset: number; limit: number | undefined },
) {
  let query = executor
    .selectFrom('asset_permission')
    .innerJoin('asset', 'asset.identifier', 'asset_permission.asset')
    .select(['asset.identifier', 'asset.type'])
    .where('asset_permission.subject', '=', subject)
    .where('asset_permission.level', '=', level)
    .where('asset.live', '=', 1)
    .orderBy(`asset.${page.sort}`, page.direction)
    .orderBy('asset.identifier', page.direction)
    .offset(page.offset);
  // MySQL cannot OFFSET without LIMIT; "everything" is the largest limit it accepts.
  query = query.limit(page.limit ?? Number.MAX_SAFE_INTEGER);
  return query.execute();
}
