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

/** Tables of counter rows: a key and a number that writers add to. */
type CounterTable = 'asset_count' | 'asset_hit' | 'search_term';

/**
 * Adds each row's `counter` to the row with the same `key`, creating missing rows: an upsert
 * that increments, so many writers keep counts without reading them first.
 */
export async function addToCounters<T extends CounterTable>(
  executor: Executor,
  dialect: DialectName,
  table: T,
  key: Array<keyof Tables[T] & string>,
  counter: keyof Tables[T] & string,
  rows: Array<Tables[T]>,
): Promise<void> {
  if (rows.length === 0) return;
  // Typed loosely: Kysely cannot check a column chosen by a parameter.
  const insert = (executor as unknown as Kysely<any>).insertInto(table as string).values(rows);
  if (dialect === 'sqlite') {
    const sum: Record<string, unknown> = { [counter]: sql`${sql.ref(`${table}.${counter}`)} + ${sql.ref(`excluded.${counter}`)}` };
    await insert.onConflict((conflict) => conflict.columns(key).doUpdateSet(sum)).execute();
  } else {
    const sum: Record<string, unknown> = { [counter]: sql`${sql.ref(counter)} + VALUES(${sql.ref(counter)})` };
    await insert.onDuplicateKeyUpdate(sum).execute();
  }
}

/** Writes rows, replacing `columns` of the rows whose `key` already exists. */
export async function replaceRows<T extends keyof Tables & string>(
  executor: Executor,
  dialect: DialectName,
  table: T,
  key: Array<keyof Tables[T] & string>,
  columns: Array<keyof Tables[T] & string>,
  rows: Array<Tables[T]>,
): Promise<void> {
  if (rows.length === 0) return;
  // Typed loosely: Kysely cannot check a column chosen by a parameter.
  const insert = (executor as unknown as Kysely<any>).insertInto(table as string).values(rows);
  const replacement = (value: (column: string) => unknown) => Object.fromEntries(columns.map((column) => [column, value(column)]));
  if (dialect === 'sqlite') {
    const excluded = replacement((column) => sql.ref(`excluded.${column}`));
    await insert.onConflict((conflict) => conflict.columns(key).doUpdateSet(excluded)).execute();
  } else {
    await insert.onDuplicateKeyUpdate(replacement((column) => sql`VALUES(${sql.ref(column)})`)).execute();
  }
}

/** Adds `delta` to a counter row, creating it when missing. */
export async function incrementCount(
  executor: Executor,
  dialect: DialectName,
  key: { type: string; platform: string; status: string },
  delta: number,
): Promise<void> {
  await addToCounters(executor, dialect, 'asset_count', ['type', 'platform', 'status'], 'n', [{ ...key, n: delta }]);
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
  await addToCounters(executor, dialect, 'search_term', ['term', 'type_no'], 'entries', rows);
}
