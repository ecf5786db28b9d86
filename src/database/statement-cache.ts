/**
 * better-sqlite3 parses SQL on every `prepare`; Kysely's SQLite driver prepares per query. These
 * helpers keep prepared statements by SQL text so hot queries are parsed once.
 */
import type BetterSqlite3 from 'better-sqlite3';

const MAX_CACHED_STATEMENTS = 500;

/** Prepared statements by SQL text, oldest dropped first when full. */
export class StatementCache {
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(
    private readonly database: BetterSqlite3.Database,
    private readonly configure: (statement: BetterSqlite3.Statement) => void = () => {},
  ) {}

  get(sql: string): BetterSqlite3.Statement {
    const cached = this.#statements.get(sql);
    // A statement still being iterated (a streamed query) cannot run again: prepare a fresh one.
    if (cached && !cached.busy) return cached;
    const statement = this.database.prepare(sql);
    this.configure(statement);
    if (this.#statements.size >= MAX_CACHED_STATEMENTS) {
      const oldest = this.#statements.keys().next().value;
      if (oldest !== undefined) this.#statements.delete(oldest);
    }
    this.#statements.set(sql, statement);
    return statement;
  }
}

/** The database handed to Kysely: identical, except that `prepare` reuses statements. */
export function withStatementCache(database: BetterSqlite3.Database): BetterSqlite3.Database {
  const cache = new StatementCache(database);
  const prepare = (sql: string) => cache.get(sql);
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
