/**
 * Where the catalogue's database is, from DATABASE_URL: a SQLite file (a path, or `sqlite:<path>`)
 * or a MySQL/MariaDB server (`mysql://` or `mariadb://`, naming the database). Kept apart from
 * the drivers so that settings can check the URL before anything is opened.
 */
export type DialectName = 'sqlite' | 'mysql';

export interface DatabaseLocation {
  dialect: DialectName;
  /** SQLite file path, or the mysql:// URL. */
  target: string;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const SERVER_SCHEMES = new Set(['mysql', 'mariadb']);

/** Why DATABASE_URL cannot be used; undefined when it can. */
export function databaseUrlProblem(url: string): string | undefined {
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === 'sqlite') {
    return url.replace(/^sqlite:(\/\/)?/i, '').length === 0 ? 'the SQLite file path is empty' : undefined;
  }
  if (!SERVER_SCHEMES.has(scheme)) {
    return `${scheme}:// is not supported: give a SQLite file path, or mysql://user:password@host:port/database`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a valid URL: mysql://user:password@host:port/database';
  }
  if (parsed.pathname.replace(/^\//, '').length === 0) return 'name the database: mysql://user:password@host:port/database';
  return undefined;
}

export function parseDatabaseUrl(url: string): DatabaseLocation {
  const problem = databaseUrlProblem(url);
  if (problem) throw new Error(`DATABASE_URL: ${problem}`);
  if (SERVER_SCHEMES.has(SCHEME.exec(url)?.[1]?.toLowerCase() ?? '')) {
    return { dialect: 'mysql', target: url.replace(/^mariadb:/i, 'mysql:') };
  }
  return { dialect: 'sqlite', target: url.replace(/^sqlite:(\/\/)?/i, '') };
}

/** The location without credentials, for logs and /health. */
export function describeLocation(location: DatabaseLocation): string {
  if (location.dialect === 'sqlite') return `sqlite:${location.target}`;
  const url = new URL(location.target);
  return `mysql://${url.hostname}:${url.port || 3306}${url.pathname}`;
}
