/**
 * Every row of every table of a database, in a comparable form: tables are found by introspection
 * (so tables added later, such as the connectors' and search's, are covered without a change here)
 * and rows are serialised with sorted keys and sorted per table.
 */
import { sql } from 'kysely';
import type { Database } from '../../src/database/db.ts';

export type TableSnapshot = Record<string, string[]>;

function comparable(value: unknown): unknown {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return value;
}

function rowText(row: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(row).sort().map((column) => [column, comparable(row[column])]));
}

export async function tableNames(database: Database): Promise<string[]> {
  const query =
    database.dialect === 'sqlite'
      ? // sqlite_sequence holds AUTOINCREMENT counters: a restore must keep them too.
        sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND (name NOT LIKE 'sqlite_%' OR name = 'sqlite_sequence')`
      : sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'`;
  const rows = (await query.execute(database.kysely)).rows;
  return rows.map((row) => row.name).sort();
}

export async function snapshotTables(database: Database): Promise<TableSnapshot> {
  const snapshot: TableSnapshot = {};
  for (const table of await tableNames(database)) {
    const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(database.kysely)).rows;
    snapshot[table] = rows.map(rowText).sort();
  }
  return snapshot;
}
