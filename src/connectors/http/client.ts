/**
 * The rate-limit-aware HTTP client behind `createHttpClient` (../http-client.ts).
 *
 * Every request: identifying `User-Agent`, `Accept: application/json` unless the caller gives one,
 * a timeout per attempt. Failures:
 * - network errors, timeouts and 5xx are retried (up to `retries`) with exponential backoff and
 *   jitter; 4xx other than 429 are not (they throw `HttpError` unless in `acceptStatus`);
 * - 429 and 503 wait for `Retry-After`, else the `RateLimit` / `RateLimit-Reset` /
 *   `X-RateLimit-Reset` reset, else back off; a wait longer than `maxWaitSeconds` throws
 *   `RateLimitWaitError` at once instead of sleeping.
 * Pacing, per host: a response saying no quota is left (`RateLimit` r=0, `RateLimit-Remaining: 0`,
 * `X-RateLimit-Remaining: 0`) holds the next request to that host until the reset, and an optional
 * client-side limit (`minIntervalMs` / `requestsPerMinute`) spaces requests out.
 * Every wait goes through the injectable `sleep` (abortable through `GetOptions.signal`) and `now`.
 */
import type { HttpClient, HttpClientOptions, HttpResponse } from '../http-client.ts';
import { HttpError, RateLimitWaitError } from './errors.ts';
import { fetchOnce, isAccepted } from './fetch-once.ts';
import { parseRateLimitHeaders, type RateLimitHeaders } from './rate-limit-headers.ts';
import { abortableSleep } from './sleep.ts';

export const DEFAULT_BACKOFF_BASE_MS = 500;
export const DEFAULT_BACKOFF_MAX_MS = 30_000;

interface HostState {
  /** No request before this time (per `now`): the platform said its quota is used up. */
  blockedUntil: number;
  blockedReason: string;
  /** No request before this time: the client-side limit. */
  nextAllowed: number;
}

export function createRateLimitedClient(options: HttpClientOptions): HttpClient {
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const logger = options.logger;
  const maxWaitMs = options.maxWaitSeconds * 1000;
  const backoffBaseMs = options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const backoffMaxMs = Math.min(options.backoffMaxMs ?? DEFAULT_BACKOFF_MAX_MS, maxWaitMs);
  const intervalMs = Math.max(options.minIntervalMs ?? 0, options.requestsPerMinute ? 60_000 / options.requestsPerMinute : 0);
  const hosts = new Map<string, HostState>();

  function hostState(host: string): HostState {
    let state = hosts.get(host);
    if (!state) {
      state = { blockedUntil: 0, blockedReason: '', nextAllowed: 0 };
      hosts.set(host, state);
    }
    return state;
  }

  function block(host: string, until: number, reason: string): void {
    const state = hostState(host);
    if (until > state.blockedUntil) {
      state.blockedUntil = until;
      state.blockedReason = reason;
    }
  }

  /** Exponential backoff with jitter: half the step fixed, half random. */
  function backoff(retry: number): number {
    const step = Math.min(backoffMaxMs, backoffBaseMs * 2 ** retry);
    return Math.round(step / 2 + (random() * step) / 2);
  }

  /** Waits until the host may be asked again; the slot is taken before waiting, so concurrent calls queue. */
  async function pace(host: string, url: string, signal: AbortSignal | undefined): Promise<void> {
    const state = hostState(host);
    const time = now();
    const start = Math.max(time, state.blockedUntil, state.nextAllowed);
    const waitMs = start - time;
    const limited = waitMs > 0 && state.blockedUntil >= start;
    const reason = limited ? state.blockedReason : 'client-side limit';
    if (waitMs > maxWaitMs) {
      throw new RateLimitWaitError(429, url, '', Math.ceil(waitMs / 1000), host, reason, options.maxWaitSeconds);
    }
    if (intervalMs > 0) state.nextAllowed = start + intervalMs;
    if (waitMs <= 0) return;
    if (limited) logger?.info({ host, seconds: Math.round(waitMs / 100) / 10, reason, url }, 'waiting for rate limit');
    else logger?.debug({ host, ms: waitMs, url }, 'pacing requests (client-side limit)');
    await sleep(waitMs, signal);
  }

  /** After every response: a used-up quota holds the host's next request until the reset. */
  function noteQuota(host: string, info: RateLimitHeaders): void {
    if (info.remaining === 0 && info.resetMs !== null && info.resetMs > 0) {
      block(host, now() + info.resetMs, `${info.source} says 0 requests remain`);
    }
  }

  /** What a 429 or 503 asks to wait, from its headers; null to back off instead. */
  function limitWait(status: number, info: RateLimitHeaders): { ms: number; reason: string } | null {
    if (info.retryAfterMs !== null && info.retryAfterMs > 0) return { ms: info.retryAfterMs, reason: `${status} with Retry-After` };
    // A 503 is often an outage that happens to carry quota headers: only an exhausted quota counts.
    const quotaCounts = status === 429 || info.remaining === 0 || info.remaining === null;
    if (quotaCounts && info.resetMs !== null && info.resetMs > 0) return { ms: info.resetMs, reason: `${status} with ${info.source}` };
    return null;
  }

  return {
    async get(input, get = {}) {
      const url = String(input);
      const host = new URL(url).host;
      for (let attempt = 0; ; attempt++) {
        get.signal?.throwIfAborted();
        await pace(host, url, get.signal);
        let response: HttpResponse;
        try {
          response = await fetchOnce(options, url, get);
        } catch (error) {
          if (get.signal?.aborted) throw get.signal.reason;
          const message = describeFailure(error, options.timeoutMs);
          if (attempt >= options.retries) {
            const failure = new HttpError(0, url, '', `GET ${url} failed${attempts(attempt)}: ${message}`);
            failure.cause = error;
            throw failure;
          }
          const delayMs = backoff(attempt);
          logger?.warn({ url, retry: attempt + 1, retries: options.retries, error: message, delayMs }, 'HTTP request failed, retrying');
          await sleep(delayMs, get.signal);
          continue;
        }

        const info = parseRateLimitHeaders(response.headers, now());
        noteQuota(host, info);
        if (isAccepted(response, get)) return response;

        const { status } = response;
        if (status !== 429 && status < 500) throw new HttpError(status, response.url, response.body);
        if (attempt >= options.retries) {
          throw new HttpError(status, response.url, response.body, `GET ${url} answered ${status}${attempts(attempt)}`);
        }
        const limit = status === 429 || status === 503 ? limitWait(status, info) : null;
        if (limit) {
          const waitSeconds = Math.ceil(limit.ms / 1000);
          if (limit.ms > maxWaitMs) {
            throw new RateLimitWaitError(status, response.url, response.body, waitSeconds, host, limit.reason, options.maxWaitSeconds);
          }
          block(host, now() + limit.ms, limit.reason);
          logger?.warn({ url, status, retry: attempt + 1, retries: options.retries, waitSeconds }, 'rate limited, retrying after the wait');
          continue; // pace() waits, and holds the host's other requests too
        }
        const delayMs = backoff(attempt);
        logger?.warn({ url, status, retry: attempt + 1, retries: options.retries, delayMs }, 'HTTP request failed, retrying');
        await sleep(delayMs, get.signal);
      }
    },
  };
}

function attempts(attempt: number): string {
  return attempt === 0 ? '' : ` (after ${attempt + 1} attempts)`;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
    const cause = error.cause as { code?: string; message?: string } | undefined;
    const detail = cause?.code ?? cause?.message;
    return detail ? `${error.message} (${detail})` : error.message;
  }
  return String(error);
}
