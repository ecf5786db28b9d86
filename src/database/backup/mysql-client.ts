/**
 * Running the MySQL/MariaDB command-line clients against a mysql:// DATABASE_URL. The password
 * travels in MYSQL_PWD, never as an argument, so it does not show up in `ps` on a shared host.
 */
import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { BackupError } from './backup-error.ts';

export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export function mysqlTarget(url: string): MysqlTarget {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database.length === 0) throw new BackupError('DATABASE_URL names no database (mysql://user:password@host:port/database)');
  return {
    host: parsed.hostname || '127.0.0.1',
    port: Number(parsed.port || 3306),
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    database,
  };
}

/** Connection arguments shared by mysqldump and mysql (the database name is added by the caller). */
export function connectionArguments(target: MysqlTarget): string[] {
  return [`--host=${target.host}`, `--port=${target.port}`, `--user=${target.user}`, '--protocol=TCP'];
}

/** The child's environment: ours plus MYSQL_PWD (both client families read it). */
export function clientEnvironment(target: MysqlTarget): NodeJS.ProcessEnv {
  return { ...process.env, MYSQL_PWD: target.password };
}

/**
 * MySQL ships `mysqldump`/`mysql`; MariaDB 11 may ship only `mariadb-dump`/`mariadb`. Starts the
 * first of the names that exists on PATH.
 */
export async function spawnFirst(names: string[], args: string[], options: SpawnOptions): Promise<ChildProcess> {
  for (const name of names) {
    const child = spawn(name, args, options);
    const started = await new Promise<boolean>((resolve) => {
      child.once('spawn', () => resolve(true));
      child.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') resolve(false);
      });
    });
    if (started) return child;
  }
  throw new BackupError(`none of ${names.join(', ')} is installed (install the MySQL or MariaDB client)`);
}

/** Resolves with the exit code; rejects if the process could not run. */
export function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Collects what a child writes to stderr (for error messages), up to a limit. */
export function collectStderr(child: ChildProcess, limit = 64 * 1024): () => string {
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (text.length < limit) text += chunk.toString('utf8');
  });
  return () => text.trim();
}
