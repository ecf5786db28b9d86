/**
 * `backup <file>` and `restore <file>`: a consistent copy of the whole catalogue database (assets,
 * links, terms, governance, change log, connector state: every table) with the dialect's own
 * online tool, and the way back into an empty database. scripts/backup.sh and restore.sh wrap these.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { openDatabase, type Database } from '../db.ts';
import { type DialectName, parseDatabaseUrl } from '../location.ts';
import { dropAllTables, pendingMigrations } from '../migrate.ts';
import { BackupError } from './backup-error.ts';
import { isGzipFile } from './files.ts';
import { backupMysql, DUMP_TRAILER, restoreMysql } from './mysql.ts';
import { mysqlTarget } from './mysql-client.ts';
import { backupSqlite, restoreSqlite } from './sqlite.ts';

export interface BackupReport {
  dialect: DialectName;
  file: string;
  bytes: number;
}

export interface RestoreReport {
  dialect: DialectName;
  file: string;
  tables: number;
  assets: number;
  /** Migrations newer than the backup; `migrate` applies them. */
  pendingMigrations: string[];
}

export async function backupDatabase(databaseUrl: string, file: string): Promise<BackupReport> {
  const location = parseDatabaseUrl(databaseUrl);
  if (location.dialect === 'sqlite' && !existsSync(location.target)) throw new BackupError(`no SQLite database at ${location.target}`);
  const bytes =
    location.dialect === 'sqlite' ? await backupSqlite(location.target, file) : await backupMysql(mysqlTarget(location.target), file);
  return { dialect: location.dialect, file, bytes };
}

async function tablesOf(database: Database): Promise<string[]> {
  const tables = await database.kysely.introspection.getTables({ withInternalKyselyTables: true });
  return tables.filter((table) => !table.isView).map((table) => table.name);
}

/** Reads the whole dump once before loading it, so a truncated file is refused, not half loaded. */
async function checkDumpComplete(file: string): Promise<void> {
  let tail = '';
  const stream = isGzipFile(file) ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  for await (const chunk of stream as AsyncIterable<Buffer>) tail = (tail + chunk.toString('latin1')).slice(-512);
  if (!tail.includes(DUMP_TRAILER)) throw new BackupError(`${file} is not a complete mysqldump file (its last line should start "${DUMP_TRAILER}")`);
}

async function countAssets(database: Database): Promise<number> {
  const row = await database.kysely
    .selectFrom('asset')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Loads a backup into DATABASE_URL. The target must be empty (no tables) unless `force`, which
 * replaces whatever is there. Stop the API, the indexer and the connectors first: a restore under
 * a running writer would mix two catalogues.
 */
export async function restoreDatabase(databaseUrl: string, file: string, options: { force: boolean }): Promise<RestoreReport> {
  const location = parseDatabaseUrl(databaseUrl);
  if (!existsSync(file)) throw new BackupError(`no backup file at ${file}`);
  if (location.dialect === 'mysql') await checkDumpComplete(file);
  const target = openDatabase(databaseUrl, { poolSize: 1 });
  try {
    const existing = await tablesOf(target);
    if (existing.length > 0 && !options.force) {
      throw new BackupError(
        `the target database is not empty (${existing.length} tables); restore into an empty database, or give --force to replace its content`,
      );
    }
    if (existing.length > 0 && location.dialect === 'mysql') await dropAllTables(target);
  } finally {
    await target.close();
  }
  if (location.dialect === 'sqlite') await restoreSqlite(location.target, file);
  else await restoreMysql(mysqlTarget(location.target), file);

  const restored = openDatabase(databaseUrl, { poolSize: 1 });
  try {
    return {
      dialect: location.dialect,
      file,
      tables: (await tablesOf(restored)).length,
      assets: await countAssets(restored),
      pendingMigrations: await pendingMigrations(restored),
    };
  } finally {
    await restored.close();
  }
}

export { BackupError } from './backup-error.ts';
