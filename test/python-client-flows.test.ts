/**
 * The AIoD Python client's flows (reference clients-peers §2) against a running server (the real
 * `serve` command, production settings) with real tokens from an OIDC server on loopback:
 * register → draft → submit → review → published → listed, the client's update (GET, drop
 * aiod_entry, merge, PUT), bookmarks, counts, taxonomies and authorization_test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdentityProvider, type TestIdentityProvider } from './helpers/oidc.ts';

const ROOT = new URL('..', import.meta.url).pathname;

describe('the Python client flows against a running server', () => {
  let idp: TestIdentityProvider;
  let server: ChildProcess;
  let api: string;
  const directory = mkdtempSync(join(tmpdir(), 'aiod-client-'));
  let userToken: string;
  let reviewerToken: string;

  beforeAll(async () => {
    idp = await startIdentityProvider();
    userToken = await idp.token({ username: 'user', roles: ['offline_access'] });
    reviewerToken = await idp.token({ username: 'reviewer', roles: ['review_aiod_resources'] });
    const port = 20000 + Math.floor(Math.random() * 5000);
    api = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve', '--port', String(port)], {
      cwd: ROOT,
      env: {
        ...process.env,
        DEPLOYMENT_TYPE: 'production',
        DATABASE_URL: join(directory, 'catalogue.sqlite'),
        OIDC_ISSUER: idp.issuer,
        OIDC_JWKS_URL: idp.jwksUrl,
        EXAMPLE_DATA: 'never',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout?.on('data', (chunk) => (output += chunk));
    server.stderr?.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 60_000;
    while (!output.includes('listening') && Date.now() < deadline && server.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!output.includes('listening')) throw new Error(`server did not start:\n${output}`);
  });
  afterAll(async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    await idp.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  /** A request as the client makes it: base `{api}/v2/`, JSON, optional bearer token. */
  async function client(method: string, path: string, options: { token?: string; json?: unknown } = {}) {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${api}/${path}`, {
      method,
      headers,
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  it('signs in: authorization_test (unversioned) names the user', async () => {
    const me = await client('GET', 'authorization_test', { token: userToken });
    expect(me).toMatchObject({ status: 200, body: { name: 'user', roles: ['offline_access'] } });
    expect((await client('GET', 'authorization_test')).status).toBe(401);
  });

  it('registers a draft, submits it, a reviewer accepts it, and it is listed and counted', async () => {
    const registered = await client('POST', 'v2/datasets', { token: userToken, json: { name: 'Client dataset', keyword: ['client'] } });
    expect(registered.status).toBe(200);
    const identifier = registered.body.identifier as string;
    expect(identifier).toMatch(/^data_/);
    expect((await client('GET', `v2/datasets/${identifier}`, { token: userToken })).body.aiod_entry.status).toBe('draft');
    expect((await client('GET', `v2/datasets/${identifier}`)).status).toBe(401);
    expect((await client('GET', 'v2/datasets?offset=0&limit=10')).body).toEqual([]);

    const submitted = await client('POST', 'v2/submissions', { token: userToken, json: { asset_identifiers: [identifier], comment: 'New dataset' } });
    expect(submitted.status).toBe(200);
    const queue = await client('GET', 'v2/submissions?mode=oldest', { token: reviewerToken });
    expect(queue.body[0].identifier).toBe(submitted.body.submission_identifier);
    const reviewed = await client('POST', 'v2/reviews', {
      token: reviewerToken,
      json: { submission_identifier: submitted.body.submission_identifier, decision: 'accepted', comment: 'Fine' },
    });
    expect(reviewed.status).toBe(200);

    const list = await client('GET', 'v2/datasets?offset=0&limit=10');
    expect(list.body.map((item: { identifier: string }) => item.identifier)).toEqual([identifier]);
    expect(list.headers.get('x-total-count')).toBe('1');
    expect((await client('GET', 'v2/datasets?offset=10&limit=10')).body).toEqual([]);
    expect((await client('GET', 'v2/counts/datasets?detailed=false')).body).toBe(1);
    expect((await client('GET', 'v2/counts/datasets?detailed=true')).body).toEqual({ aiod: 1 });
    expect((await client('GET', 'v2/counts')).body).toEqual({ datasets: { aiod: 1 } });
    expect((await client('GET', `v2/platforms/aiod/datasets/${identifier}`)).body.identifier).toBe(identifier);
    expect((await client('GET', `v2/assets/${identifier}`)).body.name).toBe('Client dataset');

    // The client's update(): GET, drop aiod_entry, merge the changes, PUT.
    const { aiod_entry: _entry, ...current } = (await client('GET', `v2/datasets/${identifier}`, { token: userToken })).body;
    const replaced = await client('PUT', `v2/datasets/${identifier}`, { token: userToken, json: { ...current, version: '2.0' } });
    expect(replaced).toMatchObject({ status: 200, body: null });
    const updated = (await client('GET', `v2/datasets/${identifier}`)).body;
    expect(updated.version).toBe('2.0');
    expect(updated.aiod_entry.status).toBe('published');

    expect((await client('POST', `v2/bookmarks?resource_identifier=${identifier}`, { token: userToken })).body.resource_identifier).toBe(identifier);
    expect((await client('GET', 'v2/bookmarks', { token: userToken })).body.map((item: { resource_identifier: string }) => item.resource_identifier)).toEqual([identifier]);
    expect((await client('DELETE', `v2/bookmarks?resource_identifier=${identifier}`, { token: userToken })).status).toBe(200);
    expect((await client('GET', 'v2/bookmarks', { token: userToken })).body).toEqual([]);

    expect((await client('DELETE', `v2/datasets/${identifier}`, { token: userToken })).status).toBe(200);
    const gone = await client('GET', `v2/datasets/${identifier}`);
    expect(gone.status).toBe(404);
    expect(gone.body.detail).toContain('not found');
  });

  it('serves the taxonomies the client asks for by name, /v2 aliases included', async () => {
    for (const name of ['licenses', 'industrial_sectors', 'news_categories', 'number_of_employees', 'publication_types', 'research_areas', 'scientific_domains', 'turnovers']) {
      const response = await client('GET', `v2/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.body[0], name).toMatchObject({ term: expect.any(String), definition: expect.any(String), subterms: expect.any(Array) });
    }
  });
});
