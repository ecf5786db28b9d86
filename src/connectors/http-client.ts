/**
 * The HTTP client connectors use: an identifying User-Agent, a timeout per request, and (see
 * http/ for the details) retries with backoff and obedience to the platforms' rate-limit headers.
 * Connectors only call `get`; anything but an accepted status becomes an HttpError.
 */
import type { Settings } from '../config.ts';
import type { Logger } from '../logger.ts';

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

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: string,
    message = `GET ${url} answered ${status}`,
  ) {
    super(message);
  }
}

export interface HttpClientOptions {
  userAgent: string;
  timeoutMs: number;
  retries: number;
  maxWaitSeconds: number;
  /** Headers sent with every request (e.g. Authorization with a platform token). */
  headers?: Record<string, string>;
  logger?: Logger;
}

export function httpClientOptions(settings: Settings, headers: Record<string, string> = {}, logger?: Logger): HttpClientOptions {
  return {
    userAgent: settings.CONNECTOR_USER_AGENT,
    timeoutMs: settings.CONNECTOR_HTTP_TIMEOUT_MS,
    retries: settings.CONNECTOR_HTTP_RETRIES,
    maxWaitSeconds: settings.CONNECTOR_MAX_WAIT_SECONDS,
    headers,
    logger,
  };
}

/** One request, no retries: fetch with the User-Agent and a timeout. */
export async function fetchOnce(options: HttpClientOptions, url: string | URL, get: GetOptions = {}): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = get.signal ? AbortSignal.any([get.signal, timeout]) : timeout;
  const response = await fetch(url, {
    headers: { 'user-agent': options.userAgent, ...options.headers, ...get.headers },
    signal,
    redirect: 'follow',
  });
  const body = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    url: response.url || String(url),
    body,
    json: <T>() => JSON.parse(body) as T,
  };
}

export function isAccepted(response: HttpResponse, get: GetOptions = {}): boolean {
  return (response.status >= 200 && response.status < 300) || (get.acceptStatus ?? []).includes(response.status);
}

/** A client without retries (replaced by the rate-limit-aware one in http/). */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  return {
    async get(url, get = {}) {
      const response = await fetchOnce(options, url, get);
      if (!isAccepted(response, get)) throw new HttpError(response.status, response.url, response.body);
      return response;
    },
  };
}
