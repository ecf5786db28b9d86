/**
 * nginx/templates/default.conf.template, checked by nginx itself: the template is rendered the way
 * the nginx image renders it (from the nginx service's environment in docker-compose.yml), the
 * upstream hosts (the Compose services api and keycloak) are mapped to fake upstreams on loopback,
 * `nginx -t` must pass, and then requests go through a running nginx: routing, forwarded headers,
 * request ids, gzip, the body limit, upstream keep-alive.
 *
 * nginx must be installed (.ci/run installs it from Debian's packages); without it this test
 * fails rather than pass without having checked anything.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsWith } from '../../src/config.ts';
import { type ComposeService, environmentOf, interpolateAll, loadComposeFile, loadEnvExample, readRepositoryFile, variableUses } from '../helpers/compose-file.ts';
import { freePort } from '../helpers/free-port.ts';

const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx', '/usr/local/bin/nginx'];
const nginxBinary = NGINX_CANDIDATES.find((path) => existsSync(path));
const MISSING_NGINX = 'nginx is not installed, so its configuration cannot be checked: apt-get install nginx-light (.ci/run does this)';

const template = readRepositoryFile('nginx/templates/default.conf.template');
const compose = loadComposeFile();
const nginxService = compose.services.nginx as ComposeService;
/** The nginx service's environment as a deployment from .env.example has it. */
const nginxEnvironment = interpolateAll(environmentOf(nginxService), loadEnvExample().values);
const bodyLimit = Number(nginxEnvironment.BODY_LIMIT_BYTES);

/** What the nginx image's entrypoint does: envsubst of the variables defined in the environment. */
function render(text: string, environment: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => environment[name] ?? whole);
}

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  httpVersion: string;
  bodyBytes: number;
  remotePort: number;
}

interface FakeUpstream {
  server: Server;
  port: number;
  requests: Recorded[];
}

async function fakeUpstream(name: string): Promise<FakeUpstream> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, httpVersion: req.httpVersion, bodyBytes, remotePort: req.socket.remotePort ?? 0 });
      const body = JSON.stringify({ upstream: name, url: req.url, padding: 'x'.repeat(4000) });
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Request-ID': String(req.headers['x-request-id'] ?? '') });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, requests };
}


interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

describe('nginx configuration', () => {
  it('is checked here: nginx is installed', () => {
    expect(nginxBinary, MISSING_NGINX).toBeDefined();
  });

  it('takes from the environment only what the nginx service of docker-compose.yml defines', () => {
    const uses = variableUses(template);
    const substituted = uses.filter((use) => use.operator !== 'bare').map((use) => use.name);
    expect(substituted.length).toBeGreaterThan(0);
    for (const name of substituted) expect(Object.keys(nginxEnvironment), name).toContain(name);
    // nginx's own variables are written $lower_case without braces: the image's envsubst only
    // replaces names defined in the container's environment (BODY_LIMIT_BYTES, HOSTNAME, PATH...).
    for (const use of uses.filter((item) => item.operator === 'bare')) expect(use.name, use.name).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(render(template, nginxEnvironment)).not.toMatch(/\$\{/);
  });

  it('sends traffic to the Compose services on the ports they listen on', () => {
    const upstreams = [...template.matchAll(/^\s*server\s+([a-z0-9-]+):(\d+)\s*;/gm)].map((match) => [match[1], Number(match[2])]);
    expect(upstreams).toEqual([
      ['api', settingsWith({}).PORT],
      ['keycloak', 8080],
    ]);
    for (const [host] of upstreams) expect(Object.keys(compose.services)).toContain(host);
    expect(environmentOf(compose.services.keycloak as ComposeService).KC_HTTP_RELATIVE_PATH).toBe('/aiod-auth');
  });

  it('limits bodies exactly as the API does', () => {
    const api = interpolateAll(environmentOf(compose.services.api as ComposeService), { ...loadEnvExample().values, MYSQL_PASSWORD: 'x', ELASTICSEARCH_PASSWORD: 'x' });
    expect(api.BODY_LIMIT_BYTES).toBe(nginxEnvironment.BODY_LIMIT_BYTES);
    expect(bodyLimit).toBe(settingsWith({}).BODY_LIMIT_BYTES);
    expect(render(template, nginxEnvironment)).toContain(`client_max_body_size ${bodyLimit};`);
  });
});

describe.runIf(nginxBinary)('nginx running the configuration', () => {
  let directory: string;
  let api: FakeUpstream;
  let keycloak: FakeUpstream;
  let port: number;
  let nginx: ChildProcess | undefined;
  let configuration: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'aiod-nginx-test-'));
    // Run as root, nginx's workers are nobody: they must reach the temporary directories inside.
    chmodSync(directory, 0o755);
    api = await fakeUpstream('api');
    keycloak = await fakeUpstream('keycloak');
    port = await freePort();
    const conf = render(template, nginxEnvironment)
      .replace(/server api:\d+;/, `server 127.0.0.1:${api.port};`)
      .replace(/server keycloak:\d+;/, `server 127.0.0.1:${keycloak.port};`)
      .replace(/listen 80;/, `listen 127.0.0.1:${port};`)
      .replaceAll('/var/log/nginx/', `${directory}/`);
    mkdirSync(join(directory, 'conf.d'));
    writeFileSync(join(directory, 'conf.d', 'default.conf'), conf);
    for (const temporary of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      mkdirSync(join(directory, temporary));
      chmodSync(join(directory, temporary), 0o777);
    }
    // The nginx image's main file, reduced to what matters: conf.d is included inside `http`.
    configuration = join(directory, 'nginx.conf');
    writeFileSync(
      configuration,
      [
        'worker_processes 1;',
        `error_log ${directory}/error.log warn;`,
        `pid ${directory}/nginx.pid;`,
        'events { worker_connections 64; }',
        'http {',
        '  default_type application/octet-stream;',
        ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind === 'body' ? 'client_body' : kind}_temp_path ${directory}/${kind};`),
        `  include ${directory}/conf.d/*.conf;`,
        '}',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    if (nginx?.pid) {
      const exited = new Promise((resolve) => nginx?.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => api?.server.close(resolve));
    await new Promise((resolve) => keycloak?.server.close(resolve));
    rmSync(directory, { recursive: true, force: true });
  });

  it('passes nginx -t', () => {
    const output = execFileSync(nginxBinary as string, ['-t', '-p', directory, '-c', configuration], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(output).toBe('');
  });

  it('starts, and answers its own health check', async () => {
    nginx = spawn(nginxBinary as string, ['-p', directory, '-c', configuration, '-g', 'daemon off;'], { stdio: 'ignore' });
    let answer: Answer | undefined;
    for (let attempt = 0; attempt < 50 && !answer; attempt += 1) {
      answer = await send(port, '/nginx-health').catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return undefined;
      });
    }
    expect(answer?.status, readFileSync(join(directory, 'error.log'), 'utf8')).toBe(200);
    expect(api.requests).toHaveLength(0);
  });

  it('sends / to the API with the forwarded headers, over kept-alive HTTP/1.1 connections', async () => {
    const answer = await send(port, '/v2/datasets?limit=5', {
      headers: { 'X-Forwarded-For': '203.0.113.9', 'X-Forwarded-Proto': 'https' },
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString()).upstream).toBe('api');
    const seen = api.requests.at(-1) as Recorded;
    expect(seen.url).toBe('/v2/datasets?limit=5');
    expect(seen.httpVersion).toBe('1.1');
    // What nginx saw, not what a client claims.
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-real-ip']).toBe('127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers['x-forwarded-host']).toBe(`127.0.0.1:${port}`);
    expect(seen.headers.host).toBe(`127.0.0.1:${port}`);
    expect(seen.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(answer.headers['x-request-id']).toBe(seen.headers['x-request-id']);

    await send(port, '/v2/datasets');
    const last = api.requests.at(-1) as Recorded;
    expect(last.remotePort, 'the second request reuses the upstream connection').toBe(seen.remotePort);
  });

  it('keeps a request id the client sent', async () => {
    await send(port, '/health', { headers: { 'X-Request-ID': 'client-chosen-id-1' } });
    expect(api.requests.at(-1)?.headers['x-request-id']).toBe('client-chosen-id-1');
  });

  it('sends /aiod-auth/ to Keycloak with the path unchanged', async () => {
    const answer = await send(port, '/aiod-auth/realms/aiod/.well-known/openid-configuration');
    expect(answer.status).toBe(200);
    expect(keycloak.requests.at(-1)?.url).toBe('/aiod-auth/realms/aiod/.well-known/openid-configuration');
    expect(keycloak.requests.at(-1)?.headers['x-forwarded-proto']).toBe('http');
    const bare = await send(port, '/aiod-auth');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toMatch(/\/aiod-auth\/$/);
  });

  it('compresses JSON and JSON-LD for clients that accept gzip', async () => {
    const answer = await send(port, '/datasets', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(answer.headers.vary).toContain('Accept-Encoding');
    expect(JSON.parse(gunzipSync(answer.body).toString()).upstream).toBe('api');
    const plain = await send(port, '/datasets');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(template).toMatch(/gzip_types[^;]*application\/json[^;]*application\/ld\+json/);
  });

  it('passes bodies up to BODY_LIMIT_BYTES to the API and refuses larger ones itself', async () => {
    const headers = { 'Content-Type': 'application/json' };
    const accepted = await send(port, '/datasets', { method: 'POST', headers, body: Buffer.alloc(bodyLimit, 0x20) });
    expect(accepted.status).toBe(200);
    expect(api.requests.at(-1)?.bodyBytes).toBe(bodyLimit);
    const before = api.requests.length;
    const refused = await send(port, '/datasets', { method: 'POST', headers, body: Buffer.alloc(bodyLimit + 1, 0x20) });
    expect(refused.status).toBe(413);
    expect(api.requests.length).toBe(before);
  });

  it('keeps /metrics inside the network', async () => {
    const before = api.requests.length;
    expect((await send(port, '/metrics')).status).toBe(404);
    expect(api.requests.length).toBe(before);
  });

  it('logs every request as JSON with its request id', async () => {
    await send(port, '/datasets', { headers: { 'X-Request-ID': 'logged-id-7' } });
    const log = readFileSync(join(directory, 'access.log'), 'utf8').trim().split('\n');
    const entry = JSON.parse(log.at(-1) as string) as Record<string, unknown>;
    expect(entry).toMatchObject({ request_id: 'logged-id-7', method: 'GET', uri: '/datasets', status: 200 });
  });
});
