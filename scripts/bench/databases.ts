/** A fresh database for a bench run: a temporary SQLite file, or a new MariaDB/MySQL database. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DialectName } from '../../src/database/db.ts';

export async function prepareBenchDatabase(dialect: DialectName, mysqlUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const directory = mkdtempSync(join(tmpdir(), 'aiod-bench-'));
    return { url: join(directory, 'bench.sqlite'), drop: async () => rmSync(directory, { recursive: true, force: true }) };
  }
  const base = new URL(mysqlUrl);
  base.pathname = '/';
  const name = `aiod_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = await createConnection({ uri: base.toString() });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const connection = await createConnection({ uri: base.toString() });
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}

/**
 * Makes the MySQL/MariaDB server's InnoDB buffer pool at least `megabytes` for the bench (a
 * server left at its 128 MB default reads most of a 100,000-dataset catalogue from disk, which
 * measures the disk cache rather than the catalogue); returns the size used and a function that
 * puts the old size back. The size is a global setting: it needs an administrator account.
 */
export async function sizeBufferPool(mysqlUrl: string, megabytes: number): Promise<{ megabytes: number; restore: () => Promise<void> }> {
  const base = new URL(mysqlUrl);
  base.pathname = '/';
  const admin = await createConnection({ uri: base.toString() });
  try {
    const [rows] = await admin.query('SELECT @@innodb_buffer_pool_size AS size');
    const before = Number((rows as Array<{ size: number | string }>)[0]?.size);
    const wanted = megabytes * 1024 * 1024;
    if (megabytes <= 0 || before >= wanted) return { megabytes: Math.round(before / 1024 / 1024), restore: async () => {} };
    await admin.query('SET GLOBAL innodb_buffer_pool_size = ?', [wanted]);
    return {
      megabytes,
      restore: async () => {
        const connection = await createConnection({ uri: base.toString() });
        await connection.query('SET GLOBAL innodb_buffer_pool_size = ?', [before]);
        await connection.end();
      },
    };
  } finally {
    await admin.end();
  }
}

/**
 * Lets the database finish the background work a bulk load leaves behind before anything is
 * measured: SQLite folds its write-ahead log into the database file, and MariaDB/MySQL flushes the
 * dirty pages of its buffer pool (after building a 2 GB search index, its page cleaner otherwise
 * competes with the measured reads for minutes). A serving catalogue is not bulk-loading gigabytes
 * just before its readers arrive.
 */
export async function settleDatabase(dialect: DialectName, url: string, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  if (dialect === 'sqlite') {
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const database = new BetterSqlite3(url);
    database.pragma('wal_checkpoint(TRUNCATE)');
    database.close();
    log(`   write-ahead log checkpointed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return;
  }
  const admin = await createConnection({ uri: url });
  const dirtyPages = async () => {
    const [rows] = await admin.query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'");
    return Number((rows as Array<{ Value: string }>)[0]?.Value ?? 0);
  };
  try {
    const [rows] = await admin.query('SELECT @@innodb_max_dirty_pages_pct AS pct');
    const before = Number((rows as Array<{ pct: number | string }>)[0]?.pct);
    try {
      await admin.query('SET GLOBAL innodb_max_dirty_pages_pct = 0');
    } catch {
      log('   the buffer pool cannot be flushed (a global setting: it needs an administrator account); measuring anyway');
      return;
    }
    try {
      const deadline = Date.now() + 300_000;
      while ((await dirtyPages()) > 100 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      await admin.query('SET GLOBAL innodb_max_dirty_pages_pct = ?', [before]);
    }
    log(`   buffer pool flushed in ${((Date.now() - started) / 1000).toFixed(1)} s (${await dirtyPages()} dirty pages left)`);
  } finally {
    await admin.end();
  }
}
