/**
 * DDL helpers shared by migrations. Frozen like the migrations themselves: a migration must build
 * the same schema forever, so these never change behaviour; new needs get new helpers.
 * Migrations use Kysely<any> and import nothing from src/ outside this folder.
 */
import { sql, type ColumnDataType, type CreateTableBuilder, type Expression, type Kysely, SqliteAdapter } from 'kysely';

export function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** Tables on MySQL/MariaDB: InnoDB, 4-byte UTF-8, binary collation (identifiers are case-sensitive). */
export function withTableOptions<T extends string, C extends string>(
  db: Kysely<any>,
  builder: CreateTableBuilder<T, C>,
): CreateTableBuilder<T, C> {
  return isSqlite(db) ? builder : builder.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
}

/**
 * A table stored in primary-key order. InnoDB always clusters by primary key; SQLite needs
 * WITHOUT ROWID, which saves a rowid lookup per row for small rows such as links and terms.
 */
export function withClusteredTableOptions<T extends string, C extends string>(
  db: Kysely<any>,
  builder: CreateTableBuilder<T, C>,
): CreateTableBuilder<T, C> {
  return isSqlite(db) ? builder.modifyEnd(sql`WITHOUT ROWID`) : withTableOptions(db, builder);
}

/** Unbounded text: TEXT on SQLite, LONGTEXT (4 GB) on MySQL where TEXT stops at 64 KB. */
export function longText(db: Kysely<any>): ColumnDataType | Expression<unknown> {
  return isSqlite(db) ? 'text' : sql`longtext`;
}

/** A 64-bit auto-increment key; SQLite's INTEGER PRIMARY KEY is already 64-bit. */
export function bigSerial(db: Kysely<any>): 'integer' | 'bigint' {
  return isSqlite(db) ? 'integer' : 'bigint';
}
