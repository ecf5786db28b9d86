/**
 * The upload rate limit (AIoD #680): a user may create at most UPLOAD_RATE_LIMIT assets per
 * UPLOAD_RATE_WINDOW_SECONDS, counted from the upload log (written only when a create commits).
 * Connectors and operators are exempt. Exceeding it is a 429 with a real Retry-After header.
 * Creates and refusals also tell the caller where they stand, in the IETF RateLimit headers
 * (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy: "uploads";q=<limit>;w=<window>` and
 * `RateLimit: "uploads";r=<remaining>;t=<seconds until one more upload is allowed>`.
 */
import { isConnector, type Principal } from '../auth/principal.ts';
import type { Executor } from '../database/dialect.ts';
import { ApiError } from '../errors.ts';
import type { Catalogue } from './catalogue.ts';

function exempt(catalogue: Catalogue, principal: Principal): boolean {
  return catalogue.settings.UPLOAD_RATE_LIMIT === 0 || principal.subject === null || principal.trusted === true || isConnector(principal);
}

/** The user's uploads in the current window: up to `limit` of them, oldest first. */
async function recentUploads(executor: Executor, catalogue: Catalogue, subject: string): Promise<number[]> {
  const windowMs = catalogue.settings.UPLOAD_RATE_WINDOW_SECONDS * 1000;
  const rows = await executor
    .selectFrom('upload_log')
    .select('created_at')
    .where('subject', '=', subject)
    .where('created_at', '>=', new Date(catalogue.now().getTime() - windowMs).toISOString())
    .orderBy('created_at', 'asc')
    .limit(catalogue.settings.UPLOAD_RATE_LIMIT)
    .execute();
  return rows.map((row) => Date.parse(row.created_at));
}

/** Seconds until one more upload is allowed: a sliding window frees a slot when its oldest upload leaves. */
function secondsToNextSlot(catalogue: Catalogue, uploads: number[]): number {
  const oldest = uploads[0];
  if (oldest === undefined) return 0;
  const windowMs = catalogue.settings.UPLOAD_RATE_WINDOW_SECONDS * 1000;
  return Math.max(1, Math.ceil((oldest + windowMs - catalogue.now().getTime()) / 1000));
}

/** The RateLimit headers for a user with these uploads in the window. */
function quotaHeaders(catalogue: Catalogue, uploads: number[]): Record<string, string> {
  const limit = catalogue.settings.UPLOAD_RATE_LIMIT;
  const remaining = Math.max(0, limit - uploads.length);
  return {
    'RateLimit-Policy': `"uploads";q=${limit};w=${catalogue.settings.UPLOAD_RATE_WINDOW_SECONDS}`,
    RateLimit: `"uploads";r=${remaining};t=${secondsToNextSlot(catalogue, uploads)}`,
  };
}

/**
 * Refuses a create over the limit (429 with Retry-After and the RateLimit headers). Returns the
 * caller's uploads in the window before this one, for `uploadQuotaHeaders`; undefined when exempt.
 */
export async function enforceUploadLimit(executor: Executor, catalogue: Catalogue, principal: Principal): Promise<number[] | undefined> {
  if (exempt(catalogue, principal)) return undefined;
  const limit = catalogue.settings.UPLOAD_RATE_LIMIT;
  const uploads = await recentUploads(executor, catalogue, principal.subject as string);
  if (uploads.length < limit) return uploads;
  const retryAfter = secondsToNextSlot(catalogue, uploads);
  throw new ApiError(
    429,
    `Upload rate limit exceeded: max ${limit} uploads per ${catalogue.settings.UPLOAD_RATE_WINDOW_SECONDS} seconds. Retry after ${retryAfter} seconds.`,
    { 'Retry-After': String(retryAfter), ...quotaHeaders(catalogue, uploads) },
  );
}

/** The RateLimit headers of a create's response: the uploads before it (see enforceUploadLimit) and itself; none for the exempt. */
export function uploadQuotaHeaders(catalogue: Catalogue, uploadsBefore: number[] | undefined): Record<string, string> {
  if (!uploadsBefore) return {};
  return quotaHeaders(catalogue, [...uploadsBefore, catalogue.now().getTime()]);
}

/** Logs a create (inside its transaction) and forgets this user's entries older than the window. */
export async function recordUpload(executor: Executor, catalogue: Catalogue, principal: Principal, type: string): Promise<void> {
  if (exempt(catalogue, principal)) return;
  const now = catalogue.now().getTime();
  const subject = principal.subject as string;
  await executor
    .deleteFrom('upload_log')
    .where('subject', '=', subject)
    .where('created_at', '<', new Date(now - catalogue.settings.UPLOAD_RATE_WINDOW_SECONDS * 1000).toISOString())
    .execute();
  await executor.insertInto('upload_log').values({ subject, resource_type: type, created_at: new Date(now).toISOString() }).execute();
}
