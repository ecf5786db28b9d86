/**
 * The one error type of the API and the one place that turns errors into responses.
 * Every error body is `{"detail": ..., "reference": "<32 hex>"}` (AIoD's shape); the reference is
 * logged with the error so an operator can find the log line a user quotes.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { Logger } from './logger.ts';

/** One problem with one input field, in FastAPI's shape (the Python client and portals read it). */
export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly detail: string | ValidationIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : detail.map((issue) => issue.msg).join('; '));
  }
}

export const badRequest = (detail: string) => new ApiError(400, detail);
export const unauthorized = (detail: string) => new ApiError(401, detail, { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (detail: string) => new ApiError(403, detail);
export const notFound = (detail: string) => new ApiError(404, detail);
export const conflict = (detail: string) => new ApiError(409, detail);
export const preconditionFailed = (detail: string) => new ApiError(412, detail);
export const unprocessable = (detail: string | ValidationIssue[]) => new ApiError(422, detail);

/** Where a validated value came from, named as FastAPI names it in `loc`. */
const locationOfTarget: Record<string, string> = {
  json: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  form: 'body',
  cookie: 'cookie',
};

export function issuesFromZod(error: ZodError, location: string): ValidationIssue[] {
  return error.issues.map((issue) => ({
    loc: [location, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))],
    msg: issue.message,
    type: issue.code,
  }));
}

export function validationError(error: ZodError, target: string): ApiError {
  return unprocessable(issuesFromZod(error, locationOfTarget[target] ?? target));
}

/** The validation hook given to every OpenAPIHono instance. */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target: string },
): void {
  if (!result.success) throw validationError(result.error, result.target);
}

/** An error's detail as one line (validation issues as `field.path: message; …`), for logs and record errors. */
export function detailText(error: ApiError): string {
  if (typeof error.detail === 'string') return error.detail;
  return error.detail.map((issue) => `${issue.loc.slice(1).join('.')}: ${issue.msg}`).join('; ');
}

/** Items named in an error message: all of a short list, the first twenty of a long one and how many more. */
export function listForMessage(items: readonly string[], shown = 20): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

export function newReference(): string {
  return randomUUID().replaceAll('-', '');
}

export function errorBody(detail: string | ValidationIssue[], reference = newReference()) {
  return { detail, reference };
}

/** Hono's onError: known errors keep their status and headers; anything else is a logged 500. */
export function createErrorHandler(logger: Logger) {
  return (error: Error, c: Context) => {
    const reference = newReference();
    // Every log line of a failed request carries its request id and the reference the caller sees.
    const requestId = c.get('requestId') as string | undefined;
    if (error instanceof ApiError) {
      if (error.status >= 500) logger.error({ reference, requestId, err: error, path: c.req.path }, error.message);
      else logger.debug({ reference, requestId, status: error.status, path: c.req.path, detail: error.detail }, 'request refused');
      return c.json(errorBody(error.detail, reference), error.status, error.headers);
    }
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      logger.debug({ reference, requestId, status, path: c.req.path }, error.message);
      return c.json(errorBody(error.message || 'Request refused.', reference), status);
    }
    logger.error({ reference, requestId, err: error, method: c.req.method, path: c.req.path }, 'unexpected error');
    return c.json(
      errorBody(
        'Unexpected exception while processing your request. Please contact the maintainers and quote the reference.',
        reference,
      ),
      500,
    );
  };
}
