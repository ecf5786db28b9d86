/**
 * `search_doc_set`: the entries of each term and type, with the term's impact in each, as blocks
 * of doc ids (src/search/doc-sets.ts), so the total and the ranking of a query over several words
 * read a few rows per word instead of one index row or probe per entry. Existing entries are
 * dropped (their sets would be missing): the indexer rebuilds the index when it finds no position.
 */
import { type Kysely, sql } from 'kysely';
import { isSqlite, withClusteredTableOptions } from './schema-helpers.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('search_posting').execute();
  await db.deleteFrom('search_term').execute();
  await db.deleteFrom('search_facet').execute();
  await db.deleteFrom('search_entry').execute();
  await db.deleteFrom('search_position').execute();
  await withClusteredTableOptions(
    db,
    db.schema
      .createTable('search_doc_set')
      .addColumn('term', 'varchar(80)', (column) => column.notNull())
      .addColumn('type_no', 'smallint', (column) => column.notNull())
      .addColumn('block_no', 'integer', (column) => column.notNull())
      // A 512-byte bitmap at most (src/search/doc-sets.ts, BITMAP_BYTES).
      .addColumn('members', isSqlite(db) ? 'blob' : sql`varbinary(512)`, (column) => column.notNull())
      // Two bytes per member: 8 KB at most.
      .addColumn('impacts', 'blob', (column) => column.notNull())
      .addPrimaryKeyConstraint('search_doc_set_primary_key', ['term', 'type_no', 'block_no']),
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_doc_set').ifExists().execute();
}
