/** One attempt of a GET, and whether its status is an answer: the building blocks of client.ts. */
import type { GetOptions, HttpClientOptions, HttpResponse } from '../http-client.ts';

/** One request, no retries: fetch with the User-Agent, the default Accept and a timeout. */
export async function fetchOnce(options: HttpClientOptions, url: string | URL, get: GetOptions = {}): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = get.signal ? AbortSignal.any([get.signal, timeout]) : timeout;
  const headers = new Headers({ accept: 'application/json', 'user-agent': options.userAgent });
  for (const extra of [options.headers, get.headers]) {
    for (const [name, value] of Object.entries(extra ?? {})) headers.set(name, value);
  }
  const response = await fetch(url, { headers, signal, redirect: 'follow' });
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
