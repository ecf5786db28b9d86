/**
 * better-sqlite3 parses SQL on every `prepare`; Kysely's SQLite driver prepares per query. This
 * wrapper hands Kysely a database whose `prepare` reuses statements by SQL text, so hot queries are
 * parsed once. A statement still being iterated (a streamed query) cannot be shared, so a busy one is
 * replaced by a fresh statement.
 */
import type BetterSqlite3 from 'better-sqlite3';

const MAX_CACHED_STATEMENTS = 500;

export function withStatementCache(database: BetterSqlite3.Database): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string) => {
    const cached = cache.get(sql);
    if (cached && !cached.busy) return cached;
    const statement = database.prepare(sql);
    if (cache.size >= MAX_CACHED_STATEMENTS) {
      // Map iteration order is insertion order: drop the oldest entry.
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(sql, statement);
    return statement;
  };
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
