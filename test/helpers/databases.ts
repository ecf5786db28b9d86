/**
 * Fresh databases for tests: a temporary SQLite file always, and a new MariaDB/MySQL database per
 * call when AIOD_TEST_MYSQL_URL is set (CI sets it). Nothing depends on leftovers of earlier runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DialectName } from '../../src/database/db.ts';

export const MYSQL_URL = process.env.AIOD_TEST_MYSQL_URL;

/** The dialects every database test runs on. */
export const dialects: DialectName[] = MYSQL_URL ? ['sqlite', 'mysql'] : ['sqlite'];

export interface TestDatabase {
  dialect: DialectName;
  url: string;
  drop(): Promise<void>;
}

async function mysqlAdmin(url: URL) {
  const admin = new URL(url.toString());
  admin.pathname = '/';
  return createConnection({ uri: admin.toString(), multipleStatements: false });
}

export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const directory = mkdtempSync(join(tmpdir(), 'aiod-test-'));
    return {
      dialect,
      url: join(directory, 'catalogue.sqlite'),
      drop: async () => rmSync(directory, { recursive: true, force: true }),
    };
  }
  if (!MYSQL_URL) throw new Error('AIOD_TEST_MYSQL_URL is not set');
  const base = new URL(MYSQL_URL);
  const name = `aiod_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = await mysqlAdmin(base);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    drop: async () => {
      const connection = await mysqlAdmin(base);
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}
