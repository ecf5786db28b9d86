/**
 * Asset hits: how often each asset was read successfully by its own route (AIoD's access
 * statistics, `/stats/top/...`). One counter row per asset, incremented in batches by the API
 * processes (services/asset-hits.ts), instead of AIoD's row per request.
 */
import type { Kysely } from 'kysely';
import { withTableOptions } from './schema-helpers.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema
      .createTable('asset_hit')
      .addColumn('asset', 'varchar(64)', (column) => column.primaryKey())
      .addColumn('hits', 'bigint', (column) => column.notNull()),
  ).execute();
  // The most read first: a top-N walks this index and stops.
  await db.schema.createIndex('asset_hit_by_hits').on('asset_hit').columns(['hits desc', 'asset']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('asset_hit').ifExists().execute();
}
