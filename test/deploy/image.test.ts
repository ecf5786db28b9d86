/**
 * The Dockerfile, checked without Docker: its shape (multi-stage, compilers only in the build
 * stage, production dependencies, not root, a health check without curl), and what it runs: the
 * compiled dist/ built by the same script, with the same entrypoint, migrating, loading examples
 * and serving, and answering the image's own HEALTHCHECK command.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRepositoryFile, repositoryFile } from '../helpers/compose-file.ts';
import { freePort } from '../helpers/free-port.ts';

interface Stage {
  from: string;
  name: string | undefined;
  instructions: Array<{ keyword: string; argument: string }>;
}

/** Splits the Dockerfile into stages of instructions (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const argument = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(argument);
      stages.push({ from: match?.[1] ?? argument, name: match?.[2], instructions: [] });
    } else stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), argument });
  }
  return stages;
}

const dockerfile = readRepositoryFile('Dockerfile');
const stages = parseDockerfile(dockerfile);
const runtime = stages.at(-1) as Stage;
const instruction = (stage: Stage, keyword: string) => stage.instructions.filter((item) => item.keyword === keyword).map((item) => item.argument);
const execForm = (argument: string) => JSON.parse(argument) as string[];

describe('Dockerfile', () => {
  it('builds in one stage and runs in another, both on Node\'s Debian slim image', () => {
    expect(stages.map((stage) => stage.name)).toEqual(['build', 'runtime']);
    for (const stage of stages) expect(stage.from).toBe('node:${NODE_VERSION}-bookworm-slim');
    expect(/^ARG NODE_VERSION=(\d+)$/m.exec(dockerfile)?.[1]).toBe(process.versions.node.split('.')[0]);
  });

  it('has compilers and dev dependencies only in the build stage', () => {
    const build = stages[0] as Stage;
    expect(instruction(build, 'RUN').join('\n')).toMatch(/apt-get install[^\n]*\bg\+\+/);
    expect(instruction(build, 'RUN').join('\n')).toContain('npm ci');
    expect(instruction(build, 'RUN').join('\n')).toContain('scripts/build-dist.sh dist');
    expect(instruction(build, 'RUN').join('\n')).toContain('npm prune --omit=dev');
    const runtimeRuns = instruction(runtime, 'RUN').join('\n');
    expect(runtimeRuns).not.toMatch(/apt-get|npm (ci|install)|g\+\+|make/);
    expect(instruction(runtime, 'COPY').join('\n')).not.toMatch(/\bsrc\b|tsconfig/);
  });

  it('runs as the unprivileged node user, on port 8000, the compiled command line', () => {
    expect(instruction(runtime, 'USER')).toEqual(['node']);
    expect(instruction(runtime, 'EXPOSE')).toEqual(['8000']);
    expect(execForm(instruction(runtime, 'ENTRYPOINT')[0] as string)).toEqual(['node', 'dist/main.js']);
    expect(execForm(instruction(runtime, 'CMD')[0] as string)).toEqual(['serve']);
    expect(instruction(runtime, 'ENV')).toContain('NODE_ENV=production');
  });

  it('checks health with Node itself (the image has no curl)', () => {
    const healthcheck = instruction(runtime, 'HEALTHCHECK')[0] as string;
    expect(healthcheck).toMatch(/--interval=\d+s --timeout=\d+s --start-period=\d+s --retries=\d+ CMD \[/);
    const command = execForm(healthcheck.slice(healthcheck.indexOf('CMD ') + 4));
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toContain('/health');
    expect(command.join(' ')).not.toMatch(/curl|wget/);
  });

  it('keeps secrets, data and dependencies out of the build context', () => {
    const ignored = readRepositoryFile('.dockerignore').split('\n').map((line) => line.trim());
    for (const entry of ['.env', 'node_modules', 'data', 'backups', '.git', 'dist']) expect(ignored, entry).toContain(entry);
    for (const copied of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'scripts']) {
      expect(ignored, copied).not.toContain(copied);
    }
  });
});


describe('the image\'s program: dist/ built by scripts/build-dist.sh', () => {
  let app: string;
  let server: ChildProcess | undefined;
  let port: number;
  const environment = () => ({
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: join(app, 'data', 'catalogue.sqlite'),
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
  });
  const [entrypoint, ...entrypointArguments] = execForm(instruction(runtime, 'ENTRYPOINT')[0] as string) as [string, ...string[]];
  const cli = (args: string[]) => spawnSync(entrypoint, [...entrypointArguments, ...args], { cwd: app, env: environment(), encoding: 'utf8', timeout: 120_000 });

  beforeAll(() => {
    // The image's /app: package.json, node_modules and dist/, nothing else.
    app = mkdtempSync(join(tmpdir(), 'aiod-image-test-'));
    copyFileSync(repositoryFile('package.json'), join(app, 'package.json'));
    symlinkSync(repositoryFile('node_modules'), join(app, 'node_modules'));
    mkdirSync(join(app, 'data'));
    execFileSync(repositoryFile('scripts/build-dist.sh'), [join(app, 'dist')], { stdio: 'pipe' });
  }, 240_000);

  afterAll(async () => {
    if (server?.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
    }
    rmSync(app, { recursive: true, force: true });
  });

  it('holds the compiled code with its data files and without tests', () => {
    const listing = execFileSync('find', [join(app, 'dist'), '-type', 'f'], { encoding: 'utf8' }).split('\n');
    expect(listing.some((file) => file.endsWith('/dist/main.js'))).toBe(true);
    expect(listing.some((file) => file.endsWith('/dist/database/seed/default-taxonomies.json'))).toBe(true);
    expect(listing.filter((file) => /\/dist\/examples\/[a-z_]+\.json$/.test(file)).length).toBeGreaterThanOrEqual(16);
    expect(listing.filter((file) => file.endsWith('.test.js'))).toEqual([]);
    expect(listing.filter((file) => file.endsWith('.ts'))).toEqual([]);
  });

  it('migrates, loads the examples and serves them, and passes the image\'s HEALTHCHECK', async () => {
    port = await freePort();
    const migrated = cli(['migrate']);
    expect(migrated.status, migrated.stderr).toBe(0);
    const populated = cli(['populate', '--example']);
    expect(populated.status, populated.stderr).toBe(0);

    server = spawn(entrypoint, [...entrypointArguments, ...execForm(instruction(runtime, 'CMD')[0] as string)], { cwd: app, env: environment(), stdio: 'ignore' });
    const healthcheck = instruction(runtime, 'HEALTHCHECK')[0] as string;
    const [checkCommand, ...checkArguments] = execForm(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as [string, ...string[]];
    let healthy = false;
    for (let attempt = 0; attempt < 100 && !healthy; attempt += 1) {
      healthy = spawnSync(checkCommand, checkArguments, { env: environment() }).status === 0;
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(healthy).toBe(true);
    const datasets = (await (await fetch(`http://127.0.0.1:${port}/v2/datasets`)).json()) as unknown[];
    expect(datasets.length).toBeGreaterThan(0);

    const exited = new Promise<number | null>((resolve) => server?.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited, 'shuts down cleanly on docker stop').toBe(0);
    // Once stopped, the health check fails.
    expect(spawnSync(checkCommand, checkArguments, { env: environment() }).status).not.toBe(0);
  });

  it('prints its usage with the operations commands', () => {
    const usage = cli(['--help']);
    expect(usage.status).toBe(0);
    for (const command of ['serve', 'migrate', 'populate', 'load-taxonomies', 'backup', 'restore', 'database-shell']) expect(usage.stdout).toContain(command);
  });
});
