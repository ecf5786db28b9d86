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
