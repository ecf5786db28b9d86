/**
 * Opens the catalogue's database: embedded SQLite (better-sqlite3, WAL, foreign keys on) or
 * MySQL/MariaDB (mysql2 pool). Everything above this file sees one `Database` value and a Kysely
 * instance; dialect differences live here and in `dialect.ts`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, MysqlDialect, SqliteDialect } from 'kysely';
import { createPool } from 'mysql2';
import { bytesOf, type FollowUp, mysqlReader, type RawReader, type RawRow, type RawStatement, sqliteReader } from './raw-reader.ts';
import { withStatementCache } from './statement-cache.ts';
import type { Tables } from './tables.ts';
import { type DialectName, describeLocation, parseDatabaseUrl } from './location.ts';

export type { DialectName } from './location.ts';


export interface Database {
  kysely: Kysely<Tables>;
  /** Array-row reads for the hot GET/list path (see raw-reader.ts). */
  reader: RawReader;
  dialect: DialectName;
  /** Connection target without credentials, for logs and /health. */
  description: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  poolSize?: number;
  /** Called with the SQL of every executed query (tests count queries with it). */
  onQuery?: (sql: string, milliseconds?: number) => void;
}

function openSqlite(path: string, options: OpenOptions): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  // WAL with synchronous=NORMAL survives a crash of the process; only a power loss can drop the
  // last committed transactions. That is the usual trade-off for an embedded server database.
  raw.pragma('synchronous = NORMAL');
  raw.pragma('busy_timeout = 5000');
  const onQuery = options.onQuery;
  const kysely = new Kysely<Tables>({
    dialect: new SqliteDialect({ database: withStatementCache(raw) }),
    ...(onQuery ? { log: (event) => onQuery(event.query.sql, event.queryDurationMillis) } : {}),
  });
  // An in-memory database exists only on its own connection, so it cannot have a separate reader.
  const reader = path === ':memory:' ? sqliteReaderOn(raw, onQuery) : sqliteReader(path, onQuery);
  return {
    kysely,
    reader,
    dialect: 'sqlite',
    description: `sqlite:${path}`,
    close: async () => {
      reader.close();
      await kysely.destroy();
    },
  };
}

function openMysql(url: string, options: OpenOptions): Database {
  const pool = createPool({
    uri: url,
    connectionLimit: options.poolSize ?? 10,
    charset: 'utf8mb4',
    timezone: 'Z',
    dateStrings: true,
    supportBigNumbers: true,
    // The hot reads run as server-side prepared statements (raw-reader.ts). Each connection keeps
    // its most recent ones and closes the rest, so a pool stays far below the server's global
    // max_prepared_stmt_count (16,382 by default) whatever shapes of IN lists are read.
    maxPreparedStatements: 128,
    // Keep the pool small-footprint but ready: idle connections are closed after a minute.
    maxIdle: options.poolSize ?? 10,
    idleTimeout: 60_000,
  });
  const onQuery = options.onQuery;
  const kysely = new Kysely<Tables>({
    dialect: new MysqlDialect({ pool }),
    ...(onQuery ? { log: (event) => onQuery(event.query.sql, event.queryDurationMillis) } : {}),
  });
  return {
    kysely,
    reader: mysqlReader(pool, onQuery),
    dialect: 'mysql',
    description: describeLocation({ dialect: 'mysql', target: url }),
    close: () => kysely.destroy(),
  };
}

/** A reader on the writer's own connection (for :memory: databases). */
function sqliteReaderOn(database: BetterSqlite3.Database, onQuery?: (sql: string) => void) {
  return {
    read: async (statements: RawStatement[], followUp?: FollowUp) => {
      const runAll = (list: RawStatement[]) =>
        list.map((statement) => {
          onQuery?.(statement.sql);
          return database.prepare(statement.sql).raw(true).all(...statement.parameters) as RawRow[];
        });
      const results = runAll(statements);
      return followUp ? [...results, ...runAll(followUp(results))] : results;
    },
    asBytes: bytesOf('sqlite'),
    close: () => {},
  } satisfies RawReader;
}

export function openDatabase(url: string, options: OpenOptions = {}): Database {
  const location = parseDatabaseUrl(url);
  return location.dialect === 'sqlite' ? openSqlite(location.target, options) : openMysql(location.target, options);
}
