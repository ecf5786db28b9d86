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
