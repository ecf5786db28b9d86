/**
 * Token verification against a real OIDC server on loopback: valid tokens sign the caller in,
 * everything that must not be trusted is a 401 with `WWW-Authenticate: Bearer`, and the local
 * development issuer works without Keycloak but never in production.
 */
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { authenticatorFromSettings, tokenVerifierFromSettings } from '../src/auth/authenticator.ts';
import { loadOrCreateLocalKey, mintLocalToken } from '../src/auth/local-issuer.ts';
import { settingsWith, SettingsError } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { call, errorDetail, get } from './helpers/http.ts';
import { startIdentityProvider, subjectOf, type TestIdentityProvider } from './helpers/oidc.ts';

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('bearer tokens from a real OIDC server', () => {
  let idp: TestIdentityProvider;
  let t: TestCatalogue;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    idp = await startIdentityProvider();
    t = await openTestCatalogue('sqlite', {
      settings: { OIDC_ISSUER: idp.issuer, OIDC_JWKS_URL: idp.jwksUrl, OIDC_JWKS_REFRESH_COOLDOWN_SECONDS: '0' },
    });
    app = createApp({ catalogue: t.catalogue, authenticator: await authenticatorFromSettings(t.catalogue) });
  });
  afterAll(async () => {
    await t.close();
    await idp.stop();
  });

  const withToken = (token: string, path = '/authorization_test') => call(app, 'GET', path, { headers: { authorization: `Bearer ${token}` } });

  it('signs a valid token in: /authorization_test shows only the name and the roles', async () => {
    const response = await withToken(await idp.token({ username: 'alice', roles: ['review_aiod_resources', 'offline_access'] }));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ name: 'alice', roles: ['offline_access', 'review_aiod_resources'] });
    const user = await t.catalogue.database.kysely.selectFrom('app_user').selectAll().where('username', '=', 'alice').executeTakeFirst();
    expect(user?.subject).toBe(subjectOf('alice'));
  });

  it('treats requests without a token as anonymous, and /authorization_test as needing one', async () => {
    expect((await get(app, '/datasets')).status).toBe(200);
    const response = await get(app, '/authorization_test');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(errorDetail(response)).toContain('No token found');
  });

  it('refuses every token that must not be trusted, with 401 and WWW-Authenticate', async () => {
    const good = await idp.token({ username: 'mallory', roles: ['admin_aiod_resources'] });
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const jwks = (await (await fetch(idp.jwksUrl)).json()) as { keys: Array<Record<string, unknown>> };
    const publicPem = createPublicKey({ key: jwks.keys[0] as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const bad: Record<string, string> = {
      'alg none': `${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      'HS256 signed with the public key': await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode(String(publicPem))),
      'wrong issuer': await idp.token({ username: 'mallory' }, { change: (_, body) => (body.iss = 'https://evil.example.org/realms/aiod') }),
      expired: await idp.token({ username: 'mallory' }, { expiresIn: -120 }),
      'bad signature': `${header}.${payload}.${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`,
      'changed claims': `${header}.${encode({ ...claims, preferred_username: 'root' })}.${signature}`,
      garbage: 'not-a-token',
      'no subject': await idp.token({ username: 'mallory' }, { change: (_, body) => delete body.sub }),
    };
    for (const [name, token] of Object.entries(bad)) {
      const response = await withToken(token);
      expect(response.status, name).toBe(401);
      expect(response.headers.get('www-authenticate'), name).toBe('Bearer');
      // A bad token is refused even where no sign-in is needed: the caller meant to sign in.
      expect((await withToken(token, '/datasets')).status, `${name} on a public route`).toBe(401);
    }
    const malformedHeader = await call(app, 'GET', '/authorization_test', { headers: { authorization: `Token ${good}` } });
    expect(malformedHeader.status).toBe(401);
  });

  it('accepts tokens a few seconds past expiry (clock skew) but not minutes', async () => {
    expect((await withToken(await idp.token({ username: 'bob' }, { expiresIn: -5 }))).status).toBe(200);
    expect((await withToken(await idp.token({ username: 'bob' }, { expiresIn: -300 }))).status).toBe(401);
  });

  it('follows key rotation: a token signed with a new key is verified after refetching the keys', async () => {
    await withToken(await idp.token({ username: 'carol' }));
    await idp.rotateKey();
    const response = await withToken(await idp.token({ username: 'carol' }));
    expect(response.status).toBe(200);
    expect(response.body.name).toBe('carol');
  });

  it('checks the audience when one is configured', async () => {
    const strict = await openTestCatalogue('sqlite', {
      settings: { OIDC_ISSUER: idp.issuer, OIDC_JWKS_URL: idp.jwksUrl, OIDC_AUDIENCE: 'aiod-api' },
    });
    try {
      const strictApp = createApp({ catalogue: strict.catalogue, authenticator: await authenticatorFromSettings(strict.catalogue) });
      const wrong = await idp.token({ username: 'dave' }, { change: (_, body) => (body.aud = 'other-client') });
      const right = await idp.token({ username: 'dave' }, { change: (_, body) => (body.aud = 'aiod-api') });
      const headers = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
      expect((await call(strictApp, 'GET', '/authorization_test', headers(wrong))).status).toBe(401);
      expect((await call(strictApp, 'GET', '/authorization_test', headers(right))).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('the local development issuer', () => {
  const directory = mkdtempSync(join(tmpdir(), 'aiod-local-key-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('creates its key once (owner-readable only) and verifies the tokens it mints', async () => {
    const file = join(directory, 'key.json');
    const t = await openTestCatalogue('sqlite', { settings: { DEPLOYMENT_TYPE: 'development', LOCAL_SIGNING_KEY_FILE: file } });
    try {
      const app = createApp({ catalogue: t.catalogue, authenticator: await authenticatorFromSettings(t.catalogue) });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const key = await loadOrCreateLocalKey(file);
      const token = await mintLocalToken(key, { username: 'erin', roles: ['admin_aiod_resources'], hours: 1 });
      const response = await call(app, 'GET', '/authorization_test', { headers: { authorization: `Bearer ${token}` } });
      expect(response.body).toEqual({ name: 'erin', roles: ['admin_aiod_resources'] });
      const otherKey = await loadOrCreateLocalKey(join(directory, 'other.json'));
      const forged = await mintLocalToken(otherKey, { username: 'erin', roles: [], hours: 1 });
      expect((await call(app, 'GET', '/authorization_test', { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('can never be on in production: production without an issuer refuses to start', async () => {
    const settings = settingsWith({ DEPLOYMENT_TYPE: 'production', LOG_LEVEL: 'silent' });
    const catalogue = { settings, logger: silentLogger(), now: () => new Date(), database: undefined as never, renderedRows: undefined as never };
    await expect(tokenVerifierFromSettings(catalogue)).rejects.toBeInstanceOf(SettingsError);
    await expect(tokenVerifierFromSettings(catalogue)).rejects.toThrow(/OIDC_ISSUER/);
  });

  it('is not used outside development: tests and staging without an issuer accept no tokens', async () => {
    const t = await openTestCatalogue('sqlite', { settings: { DEPLOYMENT_TYPE: 'test' } });
    try {
      const app = createApp({ catalogue: t.catalogue, authenticator: await authenticatorFromSettings(t.catalogue) });
      const key = await loadOrCreateLocalKey(join(directory, 'key.json'));
      const token = await mintLocalToken(key, { username: 'erin', roles: [], hours: 1 });
      expect((await call(app, 'GET', '/authorization_test', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
