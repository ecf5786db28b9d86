/**
 * The upload rate limit (AIoD #680): a user may create at most UPLOAD_RATE_LIMIT assets per
 * UPLOAD_RATE_WINDOW_SECONDS, counted from the upload log (written only when a create commits).
 * Connectors and operators are exempt. Exceeding it is a 429 with a real Retry-After header.
 */
import { isConnector, type Principal } from '../auth/principal.ts';
import type { Executor } from '../database/dialect.ts';
import { ApiError } from '../errors.ts';
import type { Catalogue } from './catalogue.ts';

function exempt(catalogue: Catalogue, principal: Principal): boolean {
  return catalogue.settings.UPLOAD_RATE_LIMIT === 0 || principal.subject === null || principal.trusted === true || isConnector(principal);
}

export async function enforceUploadLimit(executor: Executor, catalogue: Catalogue, principal: Principal): Promise<void> {
  if (exempt(catalogue, principal)) return;
  const limit = catalogue.settings.UPLOAD_RATE_LIMIT;
  const windowMs = catalogue.settings.UPLOAD_RATE_WINDOW_SECONDS * 1000;
  const now = catalogue.now().getTime();
  const recent = await executor
    .selectFrom('upload_log')
    .select('created_at')
    .where('subject', '=', principal.subject as string)
    .where('created_at', '>=', new Date(now - windowMs).toISOString())
    .orderBy('created_at', 'asc')
    .limit(limit)
    .execute();
  if (recent.length < limit) return;
  const oldest = Date.parse((recent[0] as { created_at: string }).created_at);
  const retryAfter = Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
  throw new ApiError(
    429,
    `Upload rate limit exceeded: max ${limit} uploads per ${catalogue.settings.UPLOAD_RATE_WINDOW_SECONDS} seconds. Retry after ${retryAfter} seconds.`,
    { 'Retry-After': String(retryAfter) },
  );
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
