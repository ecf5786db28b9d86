/**
 * SQLite backups with SQLite's online backup API (through better-sqlite3): safe while the API is
 * serving and writing, unlike copying the file, which can catch a half-checkpointed WAL.
 */
import { chmodSync, createWriteStream, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { BackupError } from './backup-error.ts';
import { compressInto, isGzipFile, isGzipName, partialName, prepareDirectory, readBackupFileInto } from './files.ts';

/**
 * Copying every page in one step keeps one read transaction open for the whole copy, which is one
 * consistent snapshot; in WAL mode writers carry on meanwhile. (Smaller steps would let a writer
 * in between and make SQLite start the copy over.)
 */
const ALL_PAGES_AT_ONCE = () => 0x7fffffff;

function checkIntegrity(file: string): void {
  let result: unknown;
  try {
    const database = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      result = database.pragma('quick_check', { simple: true });
    } finally {
      database.close();
    }
  } catch (error) {
    result = (error as Error).message;
  }
  if (result !== 'ok') throw new BackupError(`${file} is not a whole SQLite database (integrity check: ${String(result)})`);
}

async function copyDatabase(sourceFile: string, destinationFile: string): Promise<void> {
  const source = new BetterSqlite3(sourceFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(destinationFile, { progress: ALL_PAGES_AT_ONCE });
  } finally {
    source.close();
  }
}

/**
 * A copy of a WAL database is a WAL database too: opening it (the integrity check, a restore)
 * would leave `-wal` and `-shm` files beside it. A rollback journal keeps the backup one file.
 */
function asOneFile(file: string): void {
  const database = new BetterSqlite3(file, { fileMustExist: true });
  try {
    database.pragma('journal_mode = DELETE');
  } finally {
    database.close();
  }
}

/** Removes a database file and the files SQLite may have put beside it. */
function removeDatabaseFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

export async function backupSqlite(databaseFile: string, file: string): Promise<number> {
  prepareDirectory(file);
  if (!isGzipName(file)) {
    const partial = partialName(file);
    removeDatabaseFile(partial);
    try {
      await copyDatabase(databaseFile, partial);
      asOneFile(partial);
      checkIntegrity(partial);
      // Backups hold e-mail addresses and drafts: readable by their owner only, as the .gz ones.
      chmodSync(partial, 0o600);
      renameSync(partial, file);
    } catch (error) {
      removeDatabaseFile(partial);
      throw error;
    }
    return statSync(file).size;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'aiod-backup-'));
  try {
    const plain = join(scratch, 'catalogue.sqlite');
    await copyDatabase(databaseFile, plain);
    asOneFile(plain);
    checkIntegrity(plain);
    return await compressInto(file, plain);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function decompressTo(file: string, plainFile: string): Promise<void> {
  await readBackupFileInto(file, createWriteStream(plainFile));
}

/** Writes the backup's pages into the database file through SQLite (the target may exist). */
export async function restoreSqlite(databaseFile: string, file: string): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'aiod-restore-'));
  try {
    let source = file;
    if (isGzipFile(file)) {
      source = join(scratch, 'catalogue.sqlite');
      await decompressTo(file, source);
    }
    checkIntegrity(source);
    prepareDirectory(databaseFile);
    await copyDatabase(source, databaseFile);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
