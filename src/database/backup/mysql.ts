/**
 * MySQL/MariaDB backups with the server's own tools: `mysqldump --single-transaction` reads every
 * table in one consistent snapshot (InnoDB MVCC) without locking writers out, so a dump taken while
 * the API and the connectors run holds the catalogue, its links and the connector state as of one
 * instant. A restore pipes the dump into `mysql`.
 */
import { Transform } from 'node:stream';
import { collectStderr, connectionArguments, clientEnvironment, exitOf, type MysqlTarget, spawnFirst } from './mysql-client.ts';
import { BackupError } from './backup-error.ts';
import { readBackupFileInto, writeBackupFile } from './files.ts';

/**
 * The dump options; scripts/backup.sh uses the same ones in its compose mode (a test keeps them
 * equal). --no-tablespaces: MySQL 8 would otherwise need the PROCESS privilege; --hex-blob keeps
 * binary columns byte-exact; no CREATE DATABASE, so a dump restores into a database of any name.
 */
export const MYSQLDUMP_OPTIONS = [
  '--single-transaction',
  '--quick',
  '--routines',
  '--triggers',
  '--hex-blob',
  '--no-tablespaces',
  '--default-character-set=utf8mb4',
];

/** mysqldump ends every complete dump with this comment; a dump cut short does not have it. */
export const DUMP_TRAILER = '-- Dump completed';

/** Passes data through and remembers whether the stream ended with mysqldump's trailer. */
function trailerWatcher(): { transform: Transform; complete: () => boolean } {
  let tail = '';
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      tail = (tail + chunk.toString('latin1')).slice(-512);
      callback(null, chunk);
    },
  });
  return { transform, complete: () => tail.includes(DUMP_TRAILER) };
}

export async function backupMysql(target: MysqlTarget, file: string): Promise<number> {
  const child = await spawnFirst(['mysqldump', 'mariadb-dump'], [...MYSQLDUMP_OPTIONS, ...connectionArguments(target), target.database], {
    env: clientEnvironment(target),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = collectStderr(child);
  const exited = exitOf(child);
  const watcher = trailerWatcher();
  if (!child.stdout) throw new Error('mysqldump: no output stream');
  return writeBackupFile(file, child.stdout, {
    transforms: [watcher.transform],
    verify: async () => {
      const code = await exited;
      if (code !== 0) throw new BackupError(`mysqldump failed (exit ${code}): ${stderr()}`);
      if (!watcher.complete()) throw new BackupError('mysqldump stopped before the end of the dump');
    },
  });
}

/** Loads a dump into the (empty) target database. */
export async function restoreMysql(target: MysqlTarget, file: string): Promise<void> {
  const child = await spawnFirst(
    ['mysql', 'mariadb'],
    [...connectionArguments(target), '--default-character-set=utf8mb4', '--batch', target.database],
    { env: clientEnvironment(target), stdio: ['pipe', 'ignore', 'pipe'] },
  );
  const stderr = collectStderr(child);
  const exited = exitOf(child);
  if (!child.stdin) throw new Error('mysql: no input stream');
  let feedError: unknown;
  // If mysql stops early (a bad statement), writing to its stdin fails with EPIPE; its own exit
  // code and message say more, so they win.
  await readBackupFileInto(file, child.stdin).catch((error: unknown) => {
    feedError = error;
  });
  const code = await exited;
  if (code !== 0) throw new BackupError(`mysql failed (exit ${code}) while loading ${file}: ${stderr()}`);
  if (feedError) throw feedError;
}
