/**
 * `database-shell`: an interactive SQL shell on DATABASE_URL (sqlite3, or the mysql/mariadb client
 * with the password passed in MYSQL_PWD), for operators; scripts/database-connect.sh wraps it.
 */
import { parseDatabaseUrl } from '../location.ts';
import { clientEnvironment, connectionArguments, exitOf, mysqlTarget, spawnFirst } from './mysql-client.ts';

export async function openDatabaseShell(databaseUrl: string, extraArguments: string[] = []): Promise<number> {
  const location = parseDatabaseUrl(databaseUrl);
  if (location.dialect === 'sqlite') {
    const child = await spawnFirst(['sqlite3'], [location.target, ...extraArguments], { stdio: 'inherit' });
    return exitOf(child);
  }
  const target = mysqlTarget(location.target);
  const child = await spawnFirst(
    ['mysql', 'mariadb'],
    [...connectionArguments(target), '--default-character-set=utf8mb4', ...extraArguments, target.database],
    { env: clientEnvironment(target), stdio: 'inherit' },
  );
  return exitOf(child);
}
