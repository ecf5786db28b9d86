/**
 * CORS for browser portals: allowed origins get their preflight answered and may read the headers
 * the API's contract lives in (totals, paging, ETags, rate limits); other origins get no grant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';

const PORTAL = 'https://portal.example.org';

describe('CORS', () => {
  let t: TestCatalogue;
  beforeAll(async () => {
    t = await openTestCatalogue('sqlite', { settings: { CORS_ORIGINS: `${PORTAL},https://other.example.org` } });
  });
  afterAll(async () => t.close());

  it('answers a preflight from an allowed origin with the methods and the requested headers', async () => {
    const response = await t.app.request('/datasets', {
      method: 'OPTIONS',
      headers: { origin: PORTAL, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,if-match' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(response.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization,if-match');
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('lets an allowed origin read the paging, ETag and rate-limit headers', async () => {
    const response = await t.app.request('/datasets', { headers: { origin: PORTAL } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(PORTAL);
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').split(',');
    for (const header of ['X-Total-Count', 'Link', 'ETag', 'Retry-After', 'RateLimit', 'RateLimit-Policy', 'X-Request-ID']) {
      expect(exposed).toContain(header);
    }
  });

  it('grants nothing to another origin', async () => {
    const response = await t.app.request('/datasets', { headers: { origin: 'https://elsewhere.example.com' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await t.app.request('/datasets', {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});
