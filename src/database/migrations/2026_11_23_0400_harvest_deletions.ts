/**
 * Deleted assets in date_deleted order, for harvesting (OAI-PMH, repositories/harvestable-assets.ts):
 * an incremental harvest reads the deletions since its last run a page at a time. Live assets are
 * harvested through the listing indexes, one type at a time: an index over every type's live
 * assets by date_modified would compete with them, and MariaDB picks it for list pages it does
 * not cover (half the pages per second on the bench).
 */
import type { Kysely } from 'kysely';
import { isSqlite } from './schema-helpers.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('asset_harvest_by_deleted').on('asset').columns(['date_deleted', 'identifier']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const drop = db.schema.dropIndex('asset_harvest_by_deleted');
  // MySQL names the index's table; SQLite's index names are the schema's own.
  await (isSqlite(db) ? drop : drop.on('asset')).execute();
}
