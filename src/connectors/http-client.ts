/**
 * The HTTP client connectors use: an identifying User-Agent, a timeout per request, and (see
 * http/ for the details) retries with backoff and jitter, obedience to the platforms' rate-limit
 * headers (Retry-After, RateLimit, RateLimit-*, X-RateLimit-*), pacing per host, abortable waits.
 * Connectors only call `get`; anything but an accepted status becomes an HttpError (a
 * RateLimitWaitError when a platform asks to wait longer than maxWaitSeconds).
 */
import type { Settings } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createRateLimitedClient } from './http/client.ts';

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The final URL (after redirects). */
  url: string;
  body: string;
  json<T = unknown>(): T;
}

export interface GetOptions {
  headers?: Record<string, string>;
  /** Statuses besides 2xx that are answers, not failures (e.g. OpenML's 412 "no more results"). */
  acceptStatus?: number[];
  signal?: AbortSignal;
}

export interface HttpClient {
  get(url: string | URL, options?: GetOptions): Promise<HttpResponse>;
}

export { HttpError, RateLimitWaitError } from './http/errors.ts';
export { parseRateLimitHeaders, type RateLimitHeaders } from './http/rate-limit-headers.ts';
export { fetchOnce, isAccepted } from './http/fetch-once.ts';

export interface HttpClientOptions {
  userAgent: string;
  timeoutMs: number;
  retries: number;
  maxWaitSeconds: number;
  /** Headers sent with every request (e.g. Authorization with a platform token). */
  headers?: Record<string, string>;
  logger?: Logger;
  /** Client-side limit per host: at least this long between the starts of two requests (default none). */
  minIntervalMs?: number;
  /** Client-side limit per host, e.g. 60 for Zenodo's guests (default none); the stricter of this and minIntervalMs applies. */
  requestsPerMinute?: number;
  /** First retry's backoff step (default 500 ms), doubled each retry, half of it random jitter. */
  backoffBaseMs?: number;
  /** Cap of the backoff step (default 30 s, never above maxWaitSeconds). */
  backoffMaxMs?: number;
  /** Every wait goes through this (default: a timer); it must reject promptly when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The clock rate-limit resets are measured on (default Date.now). */
  now?: () => number;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
}

export function httpClientOptions(
  settings: Settings,
  headers: Record<string, string> = {},
  logger?: Logger,
  /** Per-connector extras, e.g. `{ requestsPerMinute: 60 }` for Zenodo without a token. */
  extra: Partial<Omit<HttpClientOptions, 'userAgent' | 'timeoutMs' | 'retries' | 'maxWaitSeconds' | 'headers' | 'logger'>> = {},
): HttpClientOptions {
  return {
    userAgent: settings.CONNECTOR_USER_AGENT,
    timeoutMs: settings.CONNECTOR_HTTP_TIMEOUT_MS,
    retries: settings.CONNECTOR_HTTP_RETRIES,
    maxWaitSeconds: settings.CONNECTOR_MAX_WAIT_SECONDS,
    headers,
    logger,
    ...extra,
  };
}

/** The rate-limit-aware client (see http/client.ts). */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  return createRateLimitedClient(options);
}
