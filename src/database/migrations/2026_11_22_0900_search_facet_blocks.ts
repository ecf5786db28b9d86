/**
 * Facet values by doc id in blocks (src/search/facet-blocks.ts) in place of a row per entry and
 * value: `search_facet_value` numbers the values, `search_facet_block` holds each block's codes.
 * Counting the facets of a broad query reads a row per block instead of joining a row per entry
 * and value. Existing entries are dropped (their blocks would be missing): the indexer rebuilds
 * the index when it finds no position.
 */
import { type Kysely, sql } from 'kysely';
import { isSqlite, withClusteredTableOptions, withTableOptions } from './schema-helpers.ts';

/** Empties the search index (its position included): the indexer rebuilds it from the catalogue. */
async function emptySearchIndex(db: Kysely<any>): Promise<void> {
  for (const table of ['search_posting', 'search_term', 'search_doc_set', 'search_entry', 'search_position']) {
    await db.deleteFrom(table).execute();
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await emptySearchIndex(db);
  await db.schema.dropTable('search_facet').execute();
  await withTableOptions(
    db,
    db.schema
      .createTable('search_facet_value')
      .addColumn('value_no', 'integer', (column) => column.primaryKey().autoIncrement())
      .addColumn('facet', 'varchar(16)', (column) => column.notNull())
      .addColumn('value', 'varchar(256)', (column) => column.notNull()),
  ).execute();
  await db.schema.createIndex('search_facet_value_unique').on('search_facet_value').columns(['facet', 'value']).unique().execute();
  await withClusteredTableOptions(
    db,
    db.schema
      .createTable('search_facet_block')
      .addColumn('block_no', 'integer', (column) => column.primaryKey())
      // 2 or 4 bytes per entry and value: beyond MySQL's 64 KB BLOB when entries have many keywords.
      .addColumn('codes', isSqlite(db) ? 'blob' : sql`mediumblob`, (column) => column.notNull()),
  ).execute();
}

/** Back to a facet row per entry and value; the index is emptied again, for the indexer to rebuild. */
export async function down(db: Kysely<any>): Promise<void> {
  await emptySearchIndex(db);
  await db.schema.dropTable('search_facet_block').ifExists().execute();
  await db.schema.dropTable('search_facet_value').ifExists().execute();
  await withTableOptions(
    db,
    db.schema
      .createTable('search_facet')
      .addColumn('identifier', 'varchar(30)', (column) => column.notNull())
      .addColumn('facet', 'varchar(16)', (column) => column.notNull())
      .addColumn('value', 'varchar(256)', (column) => column.notNull())
      .addPrimaryKeyConstraint('search_facet_primary_key', ['identifier', 'facet', 'value']),
  ).execute();
}
