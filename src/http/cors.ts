/**
 * CORS for a public read API. Hono's own `cors()` sets headers through `c.res.headers` before the
 * handler runs, which makes every response a full web Response and cost a third of the throughput
 * of a GET (measured with the bench). This one uses `c.header()`, which only records the headers.
 */
import type { MiddlewareHandler } from 'hono';

const ALLOWED_METHODS = 'GET,HEAD,PUT,POST,DELETE,PATCH,OPTIONS';

export function corsHeaders(options: { origins: string[]; exposeHeaders: string[]; maxAgeSeconds?: number }): MiddlewareHandler {
  const anyOrigin = options.origins.includes('*');
  const allowed = new Set(options.origins);
  const exposed = options.exposeHeaders.join(',');
  return async (c, next) => {
    const origin = c.req.header('origin');
    const allowOrigin = anyOrigin ? '*' : origin !== undefined && allowed.has(origin) ? origin : undefined;
    if (c.req.method === 'OPTIONS' && origin !== undefined && c.req.header('access-control-request-method')) {
      const headers: Record<string, string> = {
        'Access-Control-Allow-Methods': ALLOWED_METHODS,
        'Access-Control-Max-Age': String(options.maxAgeSeconds ?? 600),
      };
      if (allowOrigin) headers['Access-Control-Allow-Origin'] = allowOrigin;
      const requested = c.req.header('access-control-request-headers');
      if (requested) headers['Access-Control-Allow-Headers'] = requested;
      if (!anyOrigin) headers.Vary = 'Origin, Access-Control-Request-Headers';
      return c.body(null, 204, headers);
    }
    if (allowOrigin) {
      c.header('Access-Control-Allow-Origin', allowOrigin);
      c.header('Access-Control-Expose-Headers', exposed);
    }
    if (!anyOrigin) c.header('Vary', 'Origin');
    await next();
  };
}
