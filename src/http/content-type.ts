/**
 * Writes must send JSON (AIoD #735): a POST/PUT/PATCH with a body and another Content-Type is a 415.
 * `application/merge-patch+json` and other `+json` types count as JSON.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json\s*(?:;|$)/i;
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

function hasBody(request: Request): boolean {
  const length = request.headers.get('content-length');
  if (length !== null) return Number(length) > 0;
  return request.headers.has('transfer-encoding') || request.body !== null;
}

export function requireJsonBodies(exemptPaths: RegExp[] = []): MiddlewareHandler {
  return async (c, next) => {
    if (METHODS_WITH_BODY.has(c.req.method) && hasBody(c.req.raw)) {
      const type = c.req.header('content-type') ?? '';
      if (!JSON_TYPE.test(type) && !exemptPaths.some((pattern) => pattern.test(c.req.path))) {
        throw new ApiError(
          415,
          `Unsupported Content-Type '${type || '(none)'}': send the body as application/json.`,
        );
      }
    }
    await next();
  };
}
