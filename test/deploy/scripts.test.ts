/**
 * The operations scripts as an operator runs them: help texts, init-env.sh, and backup.sh /
 * restore.sh / database-connect.sh end to end, both directly on DATABASE_URL and in --compose mode.
 * No Docker engine runs here, so --compose mode is run against a stand-in `docker` that executes
 * `docker compose exec mysql ...` on this machine with the environment the mysql service has,
 * pointed at the test MariaDB server: the scripts' own commands and quoting run for real.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MYSQLDUMP_OPTIONS, DUMP_TRAILER } from '../../src/database/backup/mysql.ts';
import { openDatabase } from '../../src/database/db.ts';
import { loadExamples } from '../../src/services/examples.ts';
import { openTestCatalogue, type TestCatalogue } from '../helpers/catalogue.ts';
import { loadEnvExample, readRepositoryFile, repositoryFile } from '../helpers/compose-file.ts';
import { createTestDatabase, MYSQL_URL, type TestDatabase } from '../helpers/databases.ts';
import { snapshotTables, type TableSnapshot } from '../helpers/table-snapshot.ts';

const SCRIPTS = ['backup.sh', 'restore.sh', 'database-connect.sh', 'init-env.sh', 'build-dist.sh'];

function run(script: string, args: string[], environment: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(repositoryFile(`scripts/${script}`), args, {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'warn', ...environment },
    timeout: 120_000,
  });
}

function succeeded(result: SpawnSyncReturns<string>): string {
  if (result.status !== 0) throw new Error(`exit ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'aiod-scripts-test-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('operations scripts', () => {
  it('are valid bash with set -euo pipefail, and print their usage on --help', () => {
    for (const script of SCRIPTS) {
      execFileSync('bash', ['-n', repositoryFile(`scripts/${script}`)]);
      expect(readRepositoryFile(`scripts/${script}`), script).toContain('set -euo pipefail');
      const help = run(script, ['--help']);
      expect(help.status, script).toBe(0);
      expect(help.stdout, script).toMatch(/^Usage: scripts\//);
      expect(statSync(repositoryFile(`scripts/${script}`)).mode & 0o111, `${script} is executable`).not.toBe(0);
    }
    expect(run('backup.sh', ['--bogus']).status).not.toBe(0);
    expect(run('restore.sh', []).stderr).toContain('give the backup FILE');
  });

  it('dump MySQL with the same options in --compose mode as the backup command', () => {
    const lib = readRepositoryFile('scripts/lib.sh');
    expect(/^MYSQLDUMP_OPTIONS="([^"]*)"$/m.exec(lib)?.[1]?.split(' ')).toEqual(MYSQLDUMP_OPTIONS);
    expect(/^DUMP_TRAILER='([^']*)'$/m.exec(lib)?.[1]).toBe(DUMP_TRAILER);
  });

  it('are documented in scripts/README.md', () => {
    const readme = readRepositoryFile('scripts/README.md');
    for (const script of SCRIPTS) expect(readme, script).toContain(`scripts/${script}`);
  });
});

describe('init-env.sh', () => {
  it('writes a private .env with a fresh secret for every empty password and secret, and the rest unchanged', () => {
    const output = join(scratch, 'first.env');
    succeeded(run('init-env.sh', ['--output', output]));
    expect(statSync(output).mode & 0o777).toBe(0o600);
    const written = parseEnv(readFileSync(output, 'utf8')) as Record<string, string>;
    const second = join(scratch, 'second.env');
    succeeded(run('init-env.sh', ['--output', second]));
    const again = parseEnv(readFileSync(second, 'utf8')) as Record<string, string>;
    for (const entry of loadEnvExample().entries) {
      if (/PASSWORD|SECRET/.test(entry.name) && entry.value === '') {
        expect(written[entry.name], entry.name).toMatch(/^[0-9a-f]{48}$/);
        expect(again[entry.name], entry.name).not.toBe(written[entry.name]);
      } else expect(written[entry.name], entry.name).toBe(entry.value);
    }
  });

  it('refuses to replace an existing file unless --force', () => {
    const output = join(scratch, 'existing.env');
    writeFileSync(output, 'KEEP=1\n');
    expect(run('init-env.sh', ['--output', output]).status).not.toBe(0);
    expect(readFileSync(output, 'utf8')).toBe('KEEP=1\n');
    succeeded(run('init-env.sh', ['--force', '--output', output]));
    expect(readFileSync(output, 'utf8')).toContain('MYSQL_PASSWORD=');
  });
});

describe('backup.sh and restore.sh on DATABASE_URL (SQLite)', () => {
  let source: TestCatalogue;
  let before: TableSnapshot;

  beforeAll(async () => {
    source = await openTestCatalogue('sqlite');
    await loadExamples(source.catalogue);
    before = await snapshotTables(source.catalogue.database);
  });
  afterAll(async () => source?.close());

  it('round-trips through the scripts, and restore.sh refuses a catalogue that is not empty', async () => {
    const file = join(scratch, 'sqlite', 'backup.sqlite.gz');
    const backup = run('backup.sh', [file], { DATABASE_URL: source.catalogue.settings.DATABASE_URL });
    succeeded(backup);
    expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const target = join(scratch, 'sqlite', 'restored', 'catalogue.sqlite');
    succeeded(run('restore.sh', [file], { DATABASE_URL: target }));
    const database = openDatabase(target);
    try {
      expect(await snapshotTables(database)).toEqual(before);
    } finally {
      await database.close();
    }
    const refused = run('restore.sh', [file], { DATABASE_URL: target });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/not empty.*--force/);
    succeeded(run('restore.sh', ['--force', file], { DATABASE_URL: target }));
  });

  it('names the backup by the time when no file is given', () => {
    const directory = join(scratch, 'default-name');
    mkdirSync(directory);
    const result = spawnSync(repositoryFile('scripts/backup.sh'), [], {
      cwd: directory,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'info', DATABASE_URL: source.catalogue.settings.DATABASE_URL },
    });
    succeeded(result);
    expect(result.stdout).toMatch(/backups\/aiod-\d{8}T\d{6}Z\.sqlite\.gz/);
  });
});

/** Writes the stand-in `docker` (see the file comment) and returns the PATH that finds it first. */
function fakeDocker(environment: Record<string, string>): { path: string; calls: string } {
  const directory = mkdtempSync(join(scratch, 'docker-'));
  const calls = join(directory, 'calls.log');
  const exports = Object.entries(environment)
    .map(([name, value]) => `export ${name}='${value}'`)
    .join('\n');
  writeFileSync(
    join(directory, 'docker'),
    `#!/usr/bin/env bash
# Stand-in for "docker compose exec [-T] [-e NAME=VALUE]... mysql COMMAND...".
set -euo pipefail
printf '%s\\n' "$*" >>'${calls}'
[ "$1" = compose ] && [ "$2" = exec ] || { echo "fake docker: only compose exec: $*" >&2; exit 2; }
shift 2
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    -T) shift ;;
    -e) extra+=("$2"); shift 2 ;;
    *) break ;;
  esac
done
[ "$1" = mysql ] || { echo "fake docker: no service $1" >&2; exit 2; }
shift
${exports}
for assignment in "\${extra[@]}"; do export "$assignment"; done
exec "$@"
`,
  );
  chmodSync(join(directory, 'docker'), 0o755);
  return { path: `${directory}:${process.env.PATH}`, calls };
}

describe.runIf(MYSQL_URL)('backup.sh, restore.sh and database-connect.sh in --compose mode (MySQL)', () => {
  let source: TestCatalogue;
  let before: TableSnapshot;
  const targets: TestDatabase[] = [];
  const server = new URL(MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/x');

  /** The mysql service's environment (docker-compose.yml), pointed at the test server and database. */
  function mysqlServiceEnvironment(database: string): Record<string, string> {
    return {
      MYSQL_HOST: server.hostname,
      MYSQL_TCP_PORT: server.port || '3306',
      MYSQL_ROOT_PASSWORD: decodeURIComponent(server.password),
      MYSQL_USER: decodeURIComponent(server.username || 'root'),
      MYSQL_PASSWORD: decodeURIComponent(server.password),
      MYSQL_DATABASE: database,
    };
  }

  beforeAll(async () => {
    source = await openTestCatalogue('mysql');
    await loadExamples(source.catalogue);
    before = await snapshotTables(source.catalogue.database);
  });
  afterAll(async () => {
    await source?.close();
    for (const target of targets) await target.drop();
  });

  const databaseName = (url: string) => new URL(url).pathname.slice(1);

  it('backs up inside the mysql container and restores into an empty database there', async () => {
    const file = join(scratch, 'compose', 'aiod.sql.gz');
    const dump = fakeDocker(mysqlServiceEnvironment(databaseName(source.catalogue.settings.DATABASE_URL)));
    succeeded(run('backup.sh', ['--compose', file], { PATH: dump.path }));
    // The root password is expanded inside the container, never on this host's command lines.
    expect(readFileSync(dump.calls, 'utf8')).toContain('MYSQL_PWD="$MYSQL_ROOT_PASSWORD"');
    expect(readFileSync(dump.calls, 'utf8')).toContain(MYSQLDUMP_OPTIONS.join(' '));

    const target = await createTestDatabase('mysql');
    targets.push(target);
    const load = fakeDocker(mysqlServiceEnvironment(databaseName(target.url)));
    succeeded(run('restore.sh', ['--compose', file], { PATH: load.path }));
    const database = openDatabase(target.url);
    try {
      expect(await snapshotTables(database)).toEqual(before);
    } finally {
      await database.close();
    }

    const refused = run('restore.sh', ['--compose', file], { PATH: load.path });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/not empty .*--force/);
    succeeded(run('restore.sh', ['--compose', '--force', file], { PATH: load.path }));
    const replaced = openDatabase(target.url);
    try {
      expect(await snapshotTables(replaced)).toEqual(before);
    } finally {
      await replaced.close();
    }
  });

  it('refuses a dump that was cut short, before touching the database', async () => {
    const file = join(scratch, 'compose', 'cut.sql');
    const whole = join(scratch, 'compose', 'whole.sql');
    succeeded(run('backup.sh', ['--compose', whole], { PATH: fakeDocker(mysqlServiceEnvironment(databaseName(source.catalogue.settings.DATABASE_URL))).path }));
    const content = readFileSync(whole, 'utf8');
    expect(content.trimEnd().split('\n').at(-1)).toContain(DUMP_TRAILER);
    writeFileSync(file, content.slice(0, Math.floor(content.length / 2)));
    const target = await createTestDatabase('mysql');
    targets.push(target);
    const refused = run('restore.sh', ['--compose', file], { PATH: fakeDocker(mysqlServiceEnvironment(databaseName(target.url))).path });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('not a complete mysqldump file');
  });

  it('opens an SQL shell as the catalogue\'s user, directly and in --compose mode', () => {
    const query = ['--', '--batch', '--skip-column-names', '-e', 'SELECT COUNT(*) FROM asset'];
    const direct = succeeded(run('database-connect.sh', query, { DATABASE_URL: source.catalogue.settings.DATABASE_URL }));
    expect(direct.trim()).toBe(String(before.asset?.length));
    const docker = fakeDocker(mysqlServiceEnvironment(databaseName(source.catalogue.settings.DATABASE_URL)));
    const composed = succeeded(run('database-connect.sh', ['--compose', ...query], { PATH: docker.path }));
    expect(composed.trim()).toBe(String(before.asset?.length));
    expect(readFileSync(docker.calls, 'utf8')).toContain('MYSQL_PWD="$MYSQL_PASSWORD"');
  });
});
