/**
 * The database's own search index (the default search backend) and the indexer's position.
 *
 * Both dialects index one text per asset: its searchable fields as "tagged tokens" (the field's
 * two-letter code glued to each lower-cased, diacritic-free token: `na` + `ai` = `naai`), built by
 * the application (src/search/tokens.ts). Tagging lets one index answer `search_fields`, type and
 * platform filters; on InnoDB it also lifts every token to at least three characters (its
 * `innodb_ft_min_token_size`, a server setting) and keeps stopwords ("the", "it") out of the way, so
 * "AI", "ML" and "3D" are found.
 *  - SQLite: `search_entry` rows plus a contentless FTS5 table (`search_text`, rowid = doc_id) with
 *    the unicode61 tokenizer; `contentless_delete` lets rows be replaced without keeping the text;
 *    `search_vocab` exposes its document frequencies.
 *  - MySQL/MariaDB: `search_entry` carries the tokens itself, under an InnoDB FULLTEXT index.
 * `search_facet` holds the facet values of each entry (type, platform, license, keyword);
 * `search_position` the last change_log seq each index consumer has applied.
 */
import { type Kysely, sql } from 'kysely';
import { bigSerial, isSqlite, longText, withClusteredTableOptions, withTableOptions } from './schema-helpers.ts';

const IDENTIFIER = 'varchar(30)';
const TYPE = 'varchar(40)';
const PLATFORM = 'varchar(64)';
const TIMESTAMP = 'varchar(24)';

export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = isSqlite(db);
  let entry = db.schema
    .createTable('search_entry')
    .addColumn('doc_id', bigSerial(db), (column) => column.primaryKey().autoIncrement())
    .addColumn('identifier', IDENTIFIER, (column) => column.notNull())
    .addColumn('type', TYPE, (column) => column.notNull())
    .addColumn('platform', PLATFORM, (column) => column.notNull())
    .addColumn('date_modified', TIMESTAMP, (column) => column.notNull())
    .addColumn('revision', 'integer', (column) => column.notNull())
    // The reduced read object served when get_all=false, as JSON.
    .addColumn('summary', longText(db), (column) => column.notNull());
  if (!sqlite) entry = entry.addColumn('tokens', longText(db), (column) => column.notNull());
  await withTableOptions(db, entry).execute();
  if (!sqlite) {
    // Created on the empty table: InnoDB adds its hidden FTS_DOC_ID column now, not by rebuilding a filled one.
    await sql`CREATE FULLTEXT INDEX search_entry_tokens ON search_entry (tokens)`.execute(db);
  }
  await db.schema.createIndex('search_entry_identifier_unique').on('search_entry').column('identifier').unique().execute();
  // Newest-first and by-identifier pages walk these in order (per type, or across all types).
  await db.schema
    .createIndex('search_entry_by_type_date')
    .on('search_entry')
    .columns(['type', 'date_modified', 'identifier'])
    .execute();
  await db.schema
    .createIndex('search_entry_by_date')
    .on('search_entry')
    .columns(['date_modified', 'identifier'])
    .execute();

  if (sqlite) {
    await sql`CREATE VIRTUAL TABLE search_text USING fts5(
      tokens, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
    )`.execute(db);
    // Document frequencies per token: relevance ranking skips terms too common to weigh anything.
    await sql`CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_text, row)`.execute(db);
  }

  await withClusteredTableOptions(
    db,
    db.schema
      .createTable('search_facet')
      .addColumn('identifier', IDENTIFIER, (column) => column.notNull())
      .addColumn('facet', 'varchar(16)', (column) => column.notNull())
      .addColumn('value', 'varchar(256)', (column) => column.notNull())
      .addPrimaryKeyConstraint('search_facet_primary_key', ['identifier', 'facet', 'value']),
  ).execute();

  await withTableOptions(
    db,
    db.schema
      .createTable('search_position')
      .addColumn('consumer', 'varchar(128)', (column) => column.primaryKey())
      .addColumn('position', 'bigint', (column) => column.notNull())
      // Fingerprint of the indexed fields: a different one means the index must be rebuilt.
      .addColumn('schema_version', 'varchar(40)', (column) => column.notNull())
      .addColumn('updated_at', TIMESTAMP, (column) => column.notNull()),
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['search_position', 'search_facet', 'search_vocab', 'search_text', 'search_entry']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
