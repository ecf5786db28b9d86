/**
 * The places where SQLite and MySQL/MariaDB differ at run time, each decided here once:
 * constraint-error codes, lost races, upserts, and insert ids (MySQL has no RETURNING; Kysely gives a bigint).
 */
import { type InsertResult, type Kysely, sql, SqliteAdapter, type Transaction } from 'kysely';
import type { DialectName } from './location.ts';
import type { Tables } from './tables.ts';

export type Executor = Kysely<Tables> | Transaction<Tables>;

/** The dialect an executor (database or transaction) speaks. */
export function dialectOf(executor: Executor): DialectName {
  return executor.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'mysql';
}

/**
 * Marks a SELECT as a locking read on MySQL/MariaDB: the rows read stay as read until the
 * transaction ends (others wait to change or delete them). SQLite has one writer at a time, so
 * there is nothing to lock.
 */
export function sharedLock(executor: Executor) {
  return dialectOf(executor) === 'mysql' ? sql`lock in share mode` : sql``;
}

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

/**
 * The database gave up on a transaction that lost a race, and rolled it back whole: MySQL/MariaDB
 * chose it as a deadlock victim (1213) or its lock wait timed out (1205), or a cascade of a
 * platform rename met the assets of another rename still under way (1761, 1762: a duplicate in a
 * child table); SQLite stayed busy past its busy timeout. Running the same work again is safe.
 */
export function isLostRace(error: unknown): boolean {
  const { code, errno } = (error ?? {}) as DriverError;
  return errno === 1213 || errno === 1205 || errno === 1761 || errno === 1762 || (code?.startsWith('SQLITE_BUSY') ?? false);
}

export function insertedId(result: InsertResult): number {
  if (result.insertId === undefined) throw new Error('the database returned no insert id');
  return Number(result.insertId);
}

/** What an upsert does to a column of a row whose key exists: take the new value, or add it. */
type OnExisting = 'replace' | 'add';

/**
 * Writes rows, and where a row's `key` exists already, changes the `changed` columns: replaced by
 * the new row's value, or incremented by it (counters: many writers add without reading first).
 */
export async function upsertRows<T extends keyof Tables & string>(
  executor: Executor,
  dialect: DialectName,
  table: T,
  key: Array<keyof Tables[T] & string>,
  changed: Partial<Record<keyof Tables[T] & string, OnExisting>>,
  rows: Array<Tables[T]>,
): Promise<void> {
  if (rows.length === 0) return;
  const sqlite = dialect === 'sqlite';
  // The stored value and the incoming one, as each dialect names them in an upsert.
  const stored = (column: string) => sql.ref(sqlite ? `${table}.${column}` : column);
  const incoming = (column: string) => (sqlite ? sql.ref(`excluded.${column}`) : sql`VALUES(${sql.ref(column)})`);
  const set = Object.fromEntries(
    (Object.entries(changed) as Array<[string, OnExisting]>).map(([column, onExisting]) => [
      column,
      onExisting === 'add' ? sql`${stored(column)} + ${incoming(column)}` : incoming(column),
    ]),
  );
  // Typed loosely: Kysely cannot check columns chosen by a parameter.
  const insert = (executor as unknown as Kysely<any>).insertInto(table as string).values(rows);
  if (sqlite) await insert.onConflict((conflict) => conflict.columns(key).doUpdateSet(set)).execute();
  else await insert.onDuplicateKeyUpdate(set).execute();
}

/** Adds `delta` to a counter row, creating it when missing. */
export async function incrementCount(
  executor: Executor,
  dialect: DialectName,
  key: { type: string; platform: string; status: string },
  delta: number,
): Promise<void> {
  await upsertRows(executor, dialect, 'asset_count', ['type', 'platform', 'status'], { n: 'add' }, [{ ...key, n: delta }]);
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

/**
 * Adds each row's `entries` to the search_term row of its (term, type_no), creating missing rows,
 * and stores its new set stamp.
 */
export async function addSearchTermCounts(
  executor: Executor,
  dialect: DialectName,
  rows: Array<{ term: string; type_no: number; entries: number; set_stamp: number }>,
): Promise<void> {
  await upsertRows(executor, dialect, 'search_term', ['term', 'type_no'], { entries: 'add', set_stamp: 'replace' }, rows);
}
