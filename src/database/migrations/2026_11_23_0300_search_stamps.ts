/**
 * Stamps (database/stamps.ts) on the search index rows a search process keeps copies of: a set
 * stamp per search term and type, written with every change of the term's entry sets of that type
 * (search/doc-set-cache.ts), and a stamp per facet block, written with the block
 * (search/facet-counts.ts). A search reads the terms' rows anyway, and the blocks' stamps from an
 * index alone, so it knows which copies are current without reading what they hold. Existing
 * rows get stamp 0; their next change gives them a random one.
 */
import type { Kysely } from 'kysely';
import { isSqlite } from './schema-helpers.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('search_term').addColumn('set_stamp', 'bigint', (column) => column.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('search_facet_block').addColumn('stamp', 'bigint', (column) => column.notNull().defaultTo(0)).execute();
  // The blocks' stamps without their codes (which SQLite stores before the stamp, in overflow pages).
  await db.schema.createIndex('search_facet_block_stamps').on('search_facet_block').columns(['block_no', 'stamp']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const drop = db.schema.dropIndex('search_facet_block_stamps');
  // MySQL names the index's table; SQLite's index names are the schema's own.
  await (isSqlite(db) ? drop : drop.on('search_facet_block')).execute();
  await db.schema.alterTable('search_facet_block').dropColumn('stamp').execute();
  await db.schema.alterTable('search_term').dropColumn('set_stamp').execute();
}
