/** Small request helpers over `app.request()`, returning status, parsed JSON and headers. */
import type { Hono } from 'hono';

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export async function call<T = any>(
  app: Hono<any>,
  method: string,
  path: string,
  options: { json?: unknown; headers?: Record<string, string>; body?: string } = {},
): Promise<TestResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text.length > 0 && (response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  return { status: response.status, body: parsed as T, headers: response.headers, text };
}

export const get = <T = any>(app: Hono<any>, path: string, headers?: Record<string, string>) =>
  call<T>(app, 'GET', path, headers ? { headers } : {});
export const post = <T = any>(app: Hono<any>, path: string, json: unknown, headers?: Record<string, string>) =>
  call<T>(app, 'POST', path, { json, ...(headers ? { headers } : {}) });
export const put = <T = any>(app: Hono<any>, path: string, json: unknown, headers?: Record<string, string>) =>
  call<T>(app, 'PUT', path, { json, ...(headers ? { headers } : {}) });
export const patch = <T = any>(app: Hono<any>, path: string, json: unknown, headers?: Record<string, string>) =>
  call<T>(app, 'PATCH', path, { json, ...(headers ? { headers } : {}) });
export const del = <T = any>(app: Hono<any>, path: string, headers?: Record<string, string>) =>
  call<T>(app, 'DELETE', path, headers ? { headers } : {});

/** Asserts an error response's shape (AIoD's) and returns its detail. */
export function errorDetail(response: TestResponse): unknown {
  const body = response.body as { detail: unknown; reference: string };
  if (typeof body?.reference !== 'string' || !/^[0-9a-f]{32}$/.test(body.reference)) {
    throw new Error(`not an error body: ${response.text}`);
  }
  return body.detail;
}
