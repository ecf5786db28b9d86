/**
 * Start-up: --rebuild-db modes, seeding, example data, and the real `serve` command answering
 * over HTTP on a fresh SQLite file (what `npm start` does).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { settingsWith } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { SchemaNotReadyError } from '../src/database/migrate.ts';
import { resourceTypes } from '../src/database/model/registry.ts';
import { loadExamplesIfWanted, openCatalogue } from '../src/startup.ts';
import { createTestDatabase, dialects } from './helpers/databases.ts';

const ROOT = new URL('..', import.meta.url).pathname;

describe.each(dialects)('start-up on %s', (dialect) => {
  it('refuses --rebuild-db no on a database without the schema', async () => {
    const database = await createTestDatabase(dialect);
    try {
      const settings = settingsWith({ DATABASE_URL: database.url, LOG_LEVEL: 'silent' });
      await expect(openCatalogue(settings, silentLogger(), 'no')).rejects.toBeInstanceOf(SchemaNotReadyError);
    } finally {
      await database.drop();
    }
  });

  it('creates and seeds the schema, keeps data across restarts, and drops it with --rebuild-db always', async () => {
    const database = await createTestDatabase(dialect);
    try {
      const settings = settingsWith({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', EXAMPLE_DATA: 'if-empty' });
      const first = await openCatalogue(settings, silentLogger(), 'only-if-empty');
      await loadExamplesIfWanted(first);
      const count = async (catalogue: typeof first) =>
        Number((await catalogue.database.kysely.selectFrom('asset').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      expect(await count(first)).toBe(resourceTypes.length);
      await first.database.close();

      const second = await openCatalogue(settings, silentLogger(), 'no');
      expect(await count(second)).toBe(resourceTypes.length);
      await loadExamplesIfWanted(second);
      expect(await count(second)).toBe(resourceTypes.length);
      const platforms = await second.database.kysely.selectFrom('platform').select('name').execute();
      expect(platforms).toHaveLength(8);
      await second.database.close();

      const rebuilt = await openCatalogue(settings, silentLogger(), 'always');
      expect(await count(rebuilt)).toBe(0);
      const licences = await rebuilt.database.kysely
        .selectFrom('taxonomy_term')
        .select('term')
        .where('taxonomy', '=', 'license')
        .where('official', '=', 1)
        .execute();
      expect(licences.map((row) => row.term)).toContain('CC-BY-4.0');
      await rebuilt.database.close();
    } finally {
      await database.drop();
    }
  });
});

describe('the serve command', () => {
  const directory = mkdtempSync(join(tmpdir(), 'aiod-serve-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  /** Runs `serve` with `args` until it listens, gives its port and output to `check`, then stops it. */
  async function withServer(args: string[], env: Record<string, string>, check: (port: number, output: () => string) => Promise<void>) {
    const port = 18000 + Math.floor(Math.random() * 2000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve', '--port', String(port), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('listening') && Date.now() < deadline && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(output).toContain('listening');
      await check(port, () => output);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }

  it('serves /docs and example data on a fresh SQLite file', async () => {
    const env = {
      DATABASE_URL: join(directory, 'catalogue.sqlite'),
      LOCAL_SIGNING_KEY_FILE: join(directory, 'key.json'),
      DEPLOYMENT_TYPE: 'development',
      EXAMPLE_DATA: 'auto',
    };
    await withServer([], env, async (port) => {
      const docs = await fetch(`http://127.0.0.1:${port}/docs`);
      expect(docs.status).toBe(200);
      const datasets = await fetch(`http://127.0.0.1:${port}/v2/datasets`);
      expect(datasets.status).toBe(200);
      const body = (await datasets.json()) as Array<{ name: string; creator: string[]; citation: string[] }>;
      expect(body).toHaveLength(1);
      expect(body[0]?.creator).toHaveLength(1);
      expect(body[0]?.citation).toHaveLength(1);
      expect(datasets.headers.get('x-total-count')).toBe('1');
    });
  });

  it('loads the example data as a connector run with --populate-connector, then serves it', async () => {
    const env = { DATABASE_URL: join(directory, 'populated.sqlite'), EXAMPLE_DATA: 'never' };
    await withServer(['--populate-connector', 'example', '--limit', '3'], env, async (port, output) => {
      expect(output()).toContain('example run 1 succeeded');
      const counts = (await (await fetch(`http://127.0.0.1:${port}/counts`)).json()) as Record<string, Record<string, number>>;
      const total = Object.values(counts).reduce((sum, byPlatform) => sum + Object.values(byPlatform).reduce((a, b) => a + b, 0), 0);
      expect(total).toBe(3);
    });
  });

  /** Runs a command to its end: its exit code and everything it printed. */
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: join(directory, 'connector.sqlite'), LOG_LEVEL: 'warn', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.once('exit', (code) => resolve({ code, output }));
    });

  it('runs a connector once from the command line, and refuses an unknown one', async () => {
    const once = await run(['connector', 'example']);
    expect(once.code).toBe(0);
    expect(once.output).toMatch(/example run 1 succeeded \(complete listing\): \d+ created, 0 updated, 0 unchanged, 0 deleted, 0 failed/);
    const again = await run(['connector', 'example']);
    expect(again.output).toMatch(/example run 2 succeeded \(complete listing\): 0 created, 0 updated, \d+ unchanged/);
    const unknown = await run(['connector', 'nowhere']);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain('connector: give one of example, huggingface, openml, zenodo');
    const badLimit = await run(['connector', 'openml', '--limit', 'ten']);
    expect(badLimit.code).toBe(1);
    expect(badLimit.output).toContain('--limit must be a positive whole number');
  });

  it('refuses mistakes on the command line with a message, not a stack trace', async () => {
    const notJson = join(directory, 'not-json.json');
    const notAnExport = join(directory, 'not-an-export.json');
    writeFileSync(notJson, 'terms: none');
    writeFileSync(notAnExport, '{"taxonomies": []}');
    const mistakes: Array<[string[], string]> = [
      [['serve', '--port', 'eighty'], "--port must be a whole number from 0 to 65535 (not 'eighty')"],
      [['connector', 'example', '--schedule', '0 3 * * *', '--port', '70000'], '--port must be a whole number from 0 to 65535'],
      [['connector', 'example', '--limit', '-5'], "Option '--limit' argument is ambiguous"],
      [['serve', '--verbose'], "Unknown option '--verbose'"],
      [['load-taxonomies', join(directory, 'missing.json')], 'load-taxonomies: cannot read'],
      [['load-taxonomies', notJson], `load-taxonomies: ${notJson} is not JSON`],
      [['load-taxonomies', notAnExport], 'load-taxonomies: not an aiod_taxonomies export: aiod_taxonomies: Invalid input'],
    ];
    for (const [args, message] of mistakes) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.output, args.join(' ')).toContain(message);
      expect(result.output, args.join(' ')).not.toMatch(/^\s+at /m);
    }
  });

  it('says in one line which database it cannot open', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const cases: Array<[string, string]> = [
      [`mysql://aiod:secret@127.0.0.1:${closedPort}/aiod`, `cannot open the database mysql://127.0.0.1:${closedPort}/aiod: connect ECONNREFUSED`],
      [directory, `cannot open the database sqlite:${directory}: unable to open database file`],
    ];
    for (const [url, message] of cases) {
      const result = await run(['migrate'], { DATABASE_URL: url });
      expect(result.output, url).not.toContain('secret');
      expect(result.code, url).toBe(1);
      expect(result.output, url).toContain(message);
      expect(result.output, url).not.toMatch(/^\s+at /m);
    }
  });

  it('stops with a message naming a bad setting', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'eighty', DATABASE_URL: join(directory, 'other.sqlite') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(errors).toContain('PORT');
  });
});
