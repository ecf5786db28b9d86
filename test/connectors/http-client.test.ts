/**
 * The connectors' HTTP client against a real loopback server: headers, retries, rate-limit waits
 * (measured on the server's clock), pacing, abort. Real waits stay around one second; the long
 * waits are asserted through an injected sleep and clock.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  HttpError,
  RateLimitWaitError,
  type HttpClientOptions,
} from '../../src/connectors/http-client.ts';
import { sendJson, startFixtureServer, type FixtureHandler, type FixtureServer } from '../helpers/fixture-server.ts';

const servers: FixtureServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: FixtureHandler): Promise<FixtureServer> {
  const server = await startFixtureServer(handler);
  servers.push(server);
  return server;
}

/** Answers the n-th request (0-based) with responders[n] (the last one repeats). */
async function serveSequence(...responders: FixtureHandler[]): Promise<FixtureServer> {
  let count = 0;
  return serve((request, response) => responders[Math.min(count++, responders.length - 1)]!(request, response));
}

const ok: FixtureHandler = (_request, response) => sendJson(response, 200, { ok: true });
const status = (code: number, headers: Record<string, string> = {}): FixtureHandler => (_request, response) => sendJson(response, code, { code }, headers);

function options(overrides: Partial<HttpClientOptions> = {}): HttpClientOptions {
  return { userAgent: 'test-agent/1.0 (+https://example.org)', timeoutMs: 2_000, retries: 3, maxWaitSeconds: 10, backoffBaseMs: 10, ...overrides };
}

/** A clock that only moves when the client sleeps; records every wait. */
function fakeTime(start = Date.now()) {
  let time = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => time,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      waits.push(ms);
      time += ms;
    },
  };
}

function gap(server: FixtureServer, from = 0): number {
  return server.requests[from + 1]!.at - server.requests[from]!.at;
}

/** Timers may fire a millisecond or two early against another clock; allow that much. */
const SLACK_MS = 30;

describe('connector HTTP client', () => {
  it('sends the User-Agent, Accept: application/json by default, and the configured headers', async () => {
    const server = await serve(ok);
    const client = createHttpClient(options({ headers: { authorization: 'Bearer t0k' } }));
    const response = await client.get(`${server.url}/a`);
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ ok: true });
    await client.get(`${server.url}/b`, { headers: { Accept: 'application/xml' } });
    const [first, second] = server.requests;
    expect(first!.headers['user-agent']).toBe('test-agent/1.0 (+https://example.org)');
    expect(first!.headers.accept).toBe('application/json');
    expect(first!.headers.authorization).toBe('Bearer t0k');
    expect(second!.headers.accept).toBe('application/xml');
    expect(second!.headers['user-agent']).toBe('test-agent/1.0 (+https://example.org)');
  });

  it('retries a 500 and returns the 200 that follows', async () => {
    const server = await serveSequence(status(500), status(502), ok);
    const response = await createHttpClient(options()).get(`${server.url}/x`);
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(3);
  });

  it('throws an HttpError with the status once the retries are exhausted', async () => {
    const server = await serve(status(500));
    const error = await createHttpClient(options({ retries: 2 }))
      .get(`${server.url}/x`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 500, url: `${server.url}/x` });
    expect((error as HttpError).body).toContain('500');
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 404', async () => {
    const server = await serve(status(404));
    await expect(createHttpClient(options()).get(`${server.url}/missing`)).rejects.toMatchObject({ status: 404 });
    expect(server.requests).toHaveLength(1);
  });

  it('returns a status listed in acceptStatus (OpenML 412) and throws it otherwise, without retrying', async () => {
    const server = await serve(status(412));
    const response = await createHttpClient(options()).get(`${server.url}/list`, { acceptStatus: [412] });
    expect(response.status).toBe(412);
    expect(response.json()).toEqual({ code: 412 });
    await expect(createHttpClient(options()).get(`${server.url}/list`)).rejects.toBeInstanceOf(HttpError);
    expect(server.requests).toHaveLength(2);
  });

  it('retries a timeout', async () => {
    const server = await serveSequence((_request, response) => {
      setTimeout(() => sendJson(response, 200, { late: true }), 1_000);
    }, ok);
    const started = Date.now();
    const response = await createHttpClient(options({ timeoutMs: 200 })).get(`${server.url}/slow`);
    expect(response.json()).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('retries network errors with growing backoff, then throws an HttpError with status 0', async () => {
    const server = await serve(ok);
    const url = `${server.url}/gone`;
    await server.close();
    const time = fakeTime();
    const error = await createHttpClient(options({ retries: 3, backoffBaseMs: 100, random: () => 0.5, ...time }))
      .get(url)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 0 });
    expect((error as Error).message).toMatch(/failed \(after 4 attempts\).*ECONNREFUSED/);
    // step 100, 200, 400 ms; half fixed, half jitter (random 0.5 → 3/4 of the step)
    expect(time.waits).toEqual([75, 150, 300]);
  });

  it('waits for Retry-After on a 429, then succeeds', async () => {
    const server = await serveSequence(status(429, { 'retry-after': '1' }), ok);
    const response = await createHttpClient(options()).get(`${server.url}/x`);
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(gap(server)).toBeGreaterThanOrEqual(1_000 - SLACK_MS);
  });

  it('waits for Retry-After on a 503 too', async () => {
    const time = fakeTime();
    const server = await serveSequence(status(503, { 'retry-after': '7' }), ok);
    await createHttpClient(options(time)).get(`${server.url}/x`);
    expect(time.waits).toEqual([7_000]);
  });

  it('holds the next request after a 200 says RateLimit r=0 (Hugging Face)', async () => {
    const server = await serveSequence(status(200, { ratelimit: '"api";r=0;t=1', 'ratelimit-policy': '"fixed window";"api";q=500;w=300' }), ok);
    const client = createHttpClient(options());
    await client.get(`${server.url}/a`);
    await client.get(`${server.url}/b`);
    expect(gap(server)).toBeGreaterThanOrEqual(1_000 - SLACK_MS);
  });

  it('holds the next request until X-RateLimit-Reset (epoch seconds) after X-RateLimit-Remaining: 0 (Zenodo)', async () => {
    let reset = 0;
    const server = await serveSequence((_request, response) => {
      reset = Math.floor(Date.now() / 1000) + 1;
      sendJson(response, 200, {}, { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });
    }, ok);
    const client = createHttpClient(options());
    await client.get(`${server.url}/a`);
    await client.get(`${server.url}/b`);
    expect(server.requests[1]!.at).toBeGreaterThanOrEqual(reset * 1000 - SLACK_MS);
  });

  it('computes the waits of every header family (injected clock)', async () => {
    const start = Date.parse('2026-03-01T12:00:00Z');
    const date = new Date(start).toUTCString();
    const cases: [Record<string, string>, number][] = [
      [{ ratelimit: '"api";r=0;t=45' }, 45_000],
      [{ ratelimit: '"api";r=5;t=45' }, 0],
      [{ 'x-ratelimit-remaining': '0' }, 0],
      [{ 'ratelimit-remaining': '0', 'ratelimit-reset': '12' }, 12_000],
      [{ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(start / 1000 + 33), date }, 33_000],
    ];
    for (const [headers, expected] of cases) {
      const time = fakeTime(start);
      const server = await serveSequence(status(200, headers), ok);
      const client = createHttpClient(options({ ...time, maxWaitSeconds: 120 }));
      await client.get(`${server.url}/a`);
      await client.get(`${server.url}/b`);
      expect(time.waits, JSON.stringify(headers)).toEqual(expected ? [expected] : []);
    }
    // a 429 without Retry-After: the reset headers, else backoff; an HTTP-date Retry-After against the Date header
    const on429: [Record<string, string>, number][] = [
      [{ ratelimit: '"api";r=0;t=20' }, 20_000],
      [{ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(start / 1000 + 50), date }, 50_000],
      [{ 'retry-after': new Date(start + 90_000).toUTCString(), date }, 90_000],
      [{}, 75],
    ];
    for (const [headers, expected] of on429) {
      const time = fakeTime(start);
      const server = await serveSequence(status(429, headers), ok);
      await createHttpClient(options({ ...time, maxWaitSeconds: 120, backoffBaseMs: 100, random: () => 0.5 })).get(`${server.url}/a`);
      expect(time.waits, JSON.stringify(headers)).toEqual([expected]);
    }
  });

  it('throws at once, without waiting, when the platform asks for longer than maxWaitSeconds', async () => {
    const server = await serve(status(429, { 'retry-after': '3600' }));
    const started = Date.now();
    const error = await createHttpClient(options({ maxWaitSeconds: 5 }))
      .get(`${server.url}/x`)
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(500);
    expect(error).toBeInstanceOf(RateLimitWaitError);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 429, waitSeconds: 3600 });
    expect((error as Error).message).toMatch(/3600 s.*maximum wait of 5 s/);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses the next request at once when a used-up quota resets after maxWaitSeconds', async () => {
    const server = await serve(status(200, { ratelimit: '"api";r=0;t=3600' }));
    const client = createHttpClient(options({ maxWaitSeconds: 5 }));
    await client.get(`${server.url}/a`);
    const started = Date.now();
    await expect(client.get(`${server.url}/b`)).rejects.toBeInstanceOf(RateLimitWaitError);
    expect(Date.now() - started).toBeLessThan(500);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects promptly when aborted during a rate-limit wait', async () => {
    const server = await serve(status(429, { 'retry-after': '30' }));
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 150);
    const error = await createHttpClient(options({ maxWaitSeconds: 60 }))
      .get(`${server.url}/x`, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((error as Error).name).toBe('AbortError');
    expect(server.requests).toHaveLength(1);
  });

  it('rejects promptly when aborted during a backoff', async () => {
    const server = await serve(status(500));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    await expect(
      createHttpClient(options({ backoffBaseMs: 20_000 })).get(`${server.url}/x`, { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('paces requests to a host with the client-side limit', async () => {
    const server = await serve(ok);
    const client = createHttpClient(options({ minIntervalMs: 250 }));
    const started = Date.now();
    await Promise.all([client.get(`${server.url}/1`), client.get(`${server.url}/2`), client.get(`${server.url}/3`)]);
    // The first request's arrival also includes opening the connection, so its gap to the second
    // is measured on the client: three paced requests take at least two intervals.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500 - SLACK_MS);
    const times = server.requests.map((request) => request.at).sort((a, b) => a - b);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(250 - SLACK_MS);

    const time = fakeTime();
    const paced = createHttpClient(options({ requestsPerMinute: 60, ...time }));
    for (let i = 0; i < 3; i++) await paced.get(`${server.url}/p`);
    expect(time.waits).toEqual([1_000, 1_000]);
  });

  it('logs rate-limit waits at info and retries at warn', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const logger = pino({ level: 'info' }, stream);
    const time = fakeTime();
    const server = await serveSequence(status(429, { 'retry-after': '4' }), status(500), ok);
    await createHttpClient(options({ ...time, logger })).get(`${server.url}/x`);
    const host = new URL(server.url).host;
    expect(lines.filter((line) => line.level === 40)).toHaveLength(2);
    expect(lines.find((line) => line.level === 30)).toMatchObject({ msg: 'waiting for rate limit', host, seconds: 4, reason: '429 with Retry-After' });
  });
});
