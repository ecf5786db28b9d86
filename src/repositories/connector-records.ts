/**
 * What a connector harvested: per live asset of its platform, the content hash of the last body
 * stored and the last run that saw the record upstream.
 */
import type { DialectName } from '../database/db.ts';
import type { Executor } from '../database/dialect.ts';
import { inListChunks } from '../database/in-lists.ts';
import type { AssetContentRow } from '../database/tables.ts';

/** An asset's own columns: its stored renderings (several KB) are not needed to write it. */
const ASSET_CONTENT_COLUMNS = [
  'asset.identifier',
  'asset.type',
  'asset.platform',
  'asset.platform_resource_identifier',
  'asset.name',
  'asset.status',
  'asset.date_created',
  'asset.date_modified',
  'asset.date_deleted',
  'asset.live',
  'asset.revision',
  'asset.doc',
] as const;

export interface HarvestedAsset {
  identifier: string;
  contentHash: string | null;
}

/**
 * The live assets of `type` on `platform` with these platform ids, keyed by platform id: only
 * their identifiers and content hashes, which is all an unchanged record needs (most records of
 * a re-scan); the rows of those that change are read with `assetContentRows`.
 */
export async function harvestedAssets(
  executor: Executor,
  type: string,
  platform: string,
  platformIds: string[],
): Promise<Map<string, HarvestedAsset>> {
  const found = new Map<string, HarvestedAsset>();
  for (const chunk of inListChunks(platformIds)) {
    const rows = await executor
      .selectFrom('asset')
      .leftJoin('connector_record', 'connector_record.asset', 'asset.identifier')
      .select(['asset.identifier', 'asset.platform_resource_identifier', 'connector_record.content_hash'])
      .where('asset.type', '=', type)
      .where('asset.platform', '=', platform)
      .where('asset.platform_resource_identifier', 'in', chunk)
      .where('asset.live', '=', 1)
      .execute();
    for (const row of rows) {
      found.set(row.platform_resource_identifier, { identifier: row.identifier, contentHash: row.content_hash });
    }
  }
  return found;
}

/** The own columns of these assets (without their renderings), keyed by identifier. */
export async function assetContentRows(executor: Executor, identifiers: string[]): Promise<Map<string, AssetContentRow>> {
  const found = new Map<string, AssetContentRow>();
  for (const chunk of inListChunks(identifiers)) {
    const rows = await executor.selectFrom('asset').select(ASSET_CONTENT_COLUMNS).where('asset.identifier', 'in', chunk).execute();
    for (const row of rows) found.set(row.identifier, row);
  }
  return found;
}

export async function recordHarvest(
  executor: Executor,
  dialect: DialectName,
  records: Array<{ asset: string; connector: string; contentHash: string; run: number }>,
): Promise<void> {
  if (records.length === 0) return;
  const values = records.map((record) => ({
    asset: record.asset,
    connector: record.connector,
    content_hash: record.contentHash,
    seen_run: record.run,
  }));
  const insert = executor.insertInto('connector_record').values(values);
  if (dialect === 'sqlite') {
    await insert
      .onConflict((conflict) =>
        conflict.column('asset').doUpdateSet((eb) => ({
          connector: eb.ref('excluded.connector'),
          content_hash: eb.ref('excluded.content_hash'),
          seen_run: eb.ref('excluded.seen_run'),
        })),
      )
      .execute();
  } else {
    await insert
      .onDuplicateKeyUpdate((eb) => ({
        connector: eb.fn('VALUES', [eb.ref('connector')]),
        content_hash: eb.fn('VALUES', [eb.ref('content_hash')]),
        seen_run: eb.fn('VALUES', [eb.ref('seen_run')]),
      }))
      .execute();
  }
}

/** Marks assets as seen by `run` without changing their hash (unchanged or failing records). */
export async function markSeen(executor: Executor, assets: string[], run: number): Promise<void> {
  for (const chunk of inListChunks(assets)) {
    await executor.updateTable('connector_record').set({ seen_run: run }).where('asset', 'in', chunk).execute();
  }
}

/**
 * Live assets of the platform's types that no run since `run` saw: what the platform no longer lists.
 * Assets of the platform the connector never recorded (made by hand, or by an older catalogue)
 * count as unseen too.
 */
export async function unseenAssets(
  executor: Executor,
  platform: string,
  types: string[],
  run: number,
  limit: number,
): Promise<AssetContentRow[]> {
  return executor
    .selectFrom('asset')
    .leftJoin('connector_record', 'connector_record.asset', 'asset.identifier')
    .select(ASSET_CONTENT_COLUMNS)
    .where('asset.platform', '=', platform)
    .where('asset.type', 'in', types)
    .where('asset.live', '=', 1)
    .where((eb) => eb.or([eb('connector_record.seen_run', 'is', null), eb('connector_record.seen_run', '<', run)]))
    .orderBy('asset.identifier')
    .limit(limit)
    .execute();
}
