/**
 * Indexes for harvesting (OAI-PMH, repositories/harvestable-assets.ts): published live assets of
 * every type in date_modified order, and deleted assets in date_deleted order, each read a page
 * at a time from where the last page ended. The listing indexes start with the type, so they
 * serve a harvest of one type (an OAI set) but not of all types at once.
 */
import type { Kysely } from 'kysely';
import { isSqlite } from './schema-helpers.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('asset_harvest_by_modified').on('asset').columns(['live', 'status', 'date_modified', 'identifier']).execute();
  await db.schema.createIndex('asset_harvest_by_deleted').on('asset').columns(['date_deleted', 'identifier']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['asset_harvest_by_deleted', 'asset_harvest_by_modified']) {
    const drop = db.schema.dropIndex(name);
    // MySQL names the index's table; SQLite's index names are the schema's own.
    await (isSqlite(db) ? drop : drop.on('asset')).execute();
  }
}
