/**
 * The places where SQLite and MySQL/MariaDB differ at run time, each decided here once:
 * constraint-error codes, upserts, and insert ids (MySQL has no RETURNING; Kysely gives a bigint).
 */
import { type InsertResult, type Kysely, sql, type Transaction } from 'kysely';
import type { DialectName } from './db.ts';
import type { Tables } from './tables.ts';

export type Executor = Kysely<Tables> | Transaction<Tables>;

interface DriverError {
  code?: string;
  errno?: number;
}

/** A unique or primary-key violation. SQLite: SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY; MySQL: ER_DUP_ENTRY. */
export function isUniqueViolation(error: unknown): boolean {
  const { code, errno } = (error ?? {}) as DriverError;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || errno === 1062;
}

/** A foreign-key violation. MySQL: 1451 (row is referenced), 1452 (reference missing). */
export function isForeignKeyViolation(error: unknown): boolean {
  const { code, errno } = (error ?? {}) as DriverError;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || errno === 1451 || errno === 1452;
}

export function insertedId(result: InsertResult): number {
  if (result.insertId === undefined) throw new Error('the database returned no insert id');
  return Number(result.insertId);
}

/** Adds `delta` to a counter row, creating it when missing. */
export async function incrementCount(
  executor: Executor,
  dialect: DialectName,
  key: { type: string; platform: string; status: string },
  delta: number,
): Promise<void> {
  const insert = executor.insertInto('asset_count').values({ ...key, n: delta });
  if (dialect === 'sqlite') {
    await insert.onConflict((conflict) =>
      conflict.columns(['type', 'platform', 'status']).doUpdateSet((eb) => ({ n: eb('asset_count.n', '+', delta) })),
    ).execute();
  } else {
    await insert.onDuplicateKeyUpdate((eb) => ({ n: eb('n', '+', delta) })).execute();
  }
}

/** Inserts rows, silently skipping those whose key already exists. */
export function insertIgnoringDuplicates<T extends keyof Tables & string>(
  executor: Executor,
  dialect: DialectName,
  table: T,
) {
  const insert = executor.insertInto(table);
  return dialect === 'sqlite' ? insert.orIgnore() : insert.ignore();
}

/** Adds each row's `entries` to the search_term row of its (term, type_no), creating missing rows. */
export async function addSearchTermCounts(
  executor: Executor,
  dialect: DialectName,
  rows: Array<{ term: string; type_no: number; entries: number }>,
): Promise<void> {
  if (rows.length === 0) return;
  const insert = executor.insertInto('search_term').values(rows);
  if (dialect === 'sqlite') {
    await insert
      .onConflict((conflict) =>
        conflict.columns(['term', 'type_no']).doUpdateSet((eb) => ({ entries: eb('search_term.entries', '+', eb.ref('excluded.entries')) })),
      )
      .execute();
  } else {
    await insert.onDuplicateKeyUpdate({ entries: sql<number>`entries + VALUES(entries)` }).execute();
  }
}
