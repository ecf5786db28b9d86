/**
 * Opens the catalogue's database: embedded SQLite (better-sqlite3, WAL, foreign keys on) or
 * MySQL/MariaDB (mysql2 pool). Everything above this file sees one `Database` value and a Kysely
 * instance; dialect differences live here and in `dialect.ts`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, MysqlDialect, SqliteDialect, type LogEvent } from 'kysely';
import { createPool } from 'mysql2';
import { withStatementCache } from './statement-cache.ts';
import type { Tables } from './tables.ts';

export type DialectName = 'sqlite' | 'mysql';

export interface Database {
  kysely: Kysely<Tables>;
  dialect: DialectName;
  /** Connection target without credentials, for logs and /health. */
  description: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  poolSize?: number;
  /** Called for every executed query (tests count queries with it). */
  onQuery?: (event: LogEvent) => void;
}

export interface DatabaseLocation {
  dialect: DialectName;
  /** SQLite file path, or the mysql:// URL. */
  target: string;
}

export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) {
    return { dialect: 'mysql', target: url.replace(/^mariadb:/, 'mysql:') };
  }
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  if (path.length === 0) throw new Error('DATABASE_URL: empty SQLite path');
  return { dialect: 'sqlite', target: path };
}

export function describeLocation(location: DatabaseLocation): string {
  if (location.dialect === 'sqlite') return `sqlite:${location.target}`;
  const url = new URL(location.target);
  return `mysql://${url.hostname}:${url.port || 3306}${url.pathname}`;
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
  const kysely = new Kysely<Tables>({
    dialect: new SqliteDialect({ database: withStatementCache(raw) }),
    log: options.onQuery,
  });
  return {
    kysely,
    dialect: 'sqlite',
    description: `sqlite:${path}`,
    close: () => kysely.destroy(),
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
    // Keep the pool small-footprint but ready: idle connections are closed after a minute.
    maxIdle: options.poolSize ?? 10,
    idleTimeout: 60_000,
  });
  const kysely = new Kysely<Tables>({ dialect: new MysqlDialect({ pool }), log: options.onQuery });
  return {
    kysely,
    dialect: 'mysql',
    description: describeLocation({ dialect: 'mysql', target: url }),
    close: () => kysely.destroy(),
  };
}

export function openDatabase(url: string, options: OpenOptions = {}): Database {
  const location = parseDatabaseUrl(url);
  return location.dialect === 'sqlite' ? openSqlite(location.target, options) : openMysql(location.target, options);
}
