/**
 * The database search index becomes an impact-ordered inverted index in plain tables, the same on
 * both dialects, replacing SQLite's FTS5 table and InnoDB's FULLTEXT index.
 *
 * Why: a full-text engine that scores and counts every match answers a word found in most entries
 * slowly (InnoDB needs ~5 s for a token in 80,000 of 100,000 entries, FTS5 ~0.3 s to rank them).
 * Here each (word, entry) pair is one `search_posting` row carrying a precomputed relevance
 * weight (`impact`), indexed per word and type in descending impact order: the best entries for a
 * word are the first rows of an index range, whatever the number of matches, and `search_term`
 * keeps each word's entry count per type, so a one-word total is a lookup.
 *  - `fields`: a bit mask of the fields the word occurs in (search_fields filters on it);
 *  - `type_no`: the searchable type's number (src/search/schema.ts);
 *  - `search_entry.terms`: the entry's words, so replacing an entry finds its posting rows
 *    through the primary key instead of a second index on doc_id.
 * Existing entries are dropped: the indexer rebuilds the index when it finds no position.
 */
import { type Kysely, sql } from 'kysely';
import { isSqlite, longText, withClusteredTableOptions } from './schema-helpers.ts';

/** Words are cut at 80 characters (src/search/tokens.ts). */
const TERM = 'varchar(80)';

export async function up(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) {
    await sql`DROP TABLE IF EXISTS search_vocab`.execute(db);
    await sql`DROP TABLE IF EXISTS search_text`.execute(db);
  } else {
    await sql`DROP INDEX search_entry_tokens ON search_entry`.execute(db);
    await sql`ALTER TABLE search_entry DROP COLUMN tokens`.execute(db);
  }
  await db.deleteFrom('search_facet').execute();
  await db.deleteFrom('search_entry').execute();
  await db.deleteFrom('search_position').execute();
  await db.schema.alterTable('search_entry').addColumn('terms', longText(db)).execute();

  await withClusteredTableOptions(
    db,
    db.schema
      .createTable('search_posting')
      .addColumn('term', TERM, (column) => column.notNull())
      .addColumn('doc_id', 'bigint', (column) => column.notNull())
      .addColumn('type_no', 'smallint', (column) => column.notNull())
      .addColumn('fields', 'integer', (column) => column.notNull())
      .addColumn('impact', 'integer', (column) => column.notNull())
      .addPrimaryKeyConstraint('search_posting_primary_key', ['term', 'doc_id']),
  ).execute();
  // A word's entries of a type, best first; fields is carried so filtered scans read no table rows.
  await sql`CREATE INDEX search_posting_by_impact ON search_posting (term, type_no, impact DESC, doc_id, fields)`.execute(db);

  await withClusteredTableOptions(
    db,
    db.schema
      .createTable('search_term')
      .addColumn('term', TERM, (column) => column.notNull())
      .addColumn('type_no', 'smallint', (column) => column.notNull())
      .addColumn('entries', 'integer', (column) => column.notNull())
      .addPrimaryKeyConstraint('search_term_primary_key', ['term', 'type_no']),
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_term').ifExists().execute();
  await db.schema.dropTable('search_posting').ifExists().execute();
}
