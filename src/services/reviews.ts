/**
 * The review workflow (reference v2 §5): draft → submitted (a submission of one or more assets) →
 * accepted by a reviewer ⇒ published; rejected, or retracted by the submitter ⇒ back to draft.
 * The assets of one submission are decided together. Reviewers are never shown to submitters.
 *
 * Differences from AIoD, on purpose: administrators may review (AIoD's role shortcut made every
 * admin "the author" of everything), retracting an unknown submission is a 404 (AIoD answers 200
 * with junk), and submission details show assets as read objects rather than raw table rows.
 */
import { atLeast, mayAdminister, requireSignedIn } from '../auth/policy.ts';
import { isReviewer, type Principal } from '../auth/principal.ts';
import { type Executor, insertedId } from '../database/dialect.ts';
import { resourceOfIdentifier } from '../database/model/registry.ts';
import type { AssetRow, ReviewDecision } from '../database/tables.ts';
import { badRequest, forbidden, listForMessage, notFound, unprocessable } from '../errors.ts';
import { permissionsOf } from '../repositories/permissions.ts';
import { setStatusIn } from './asset-status.ts';
import { type Catalogue, timestamp } from './catalogue.ts';
import { ensureUser } from './users.ts';
import { retriedTransaction, retryingLostRaces } from './write-retries.ts';

export type SubmissionMode = 'newest' | 'oldest' | 'pending' | 'completed' | 'all';

export interface SubmissionSummary {
  identifier: number;
  request_date: string;
  comment: string;
}

export interface ReviewView {
  identifier: number;
  decision: ReviewDecision;
  comment: string;
  submission_identifier: number;
  decision_date: string;
}

/** Loads the live assets of `identifiers` (422 for an unknown prefix, 404 for a missing asset). */
async function liveAssets(catalogue: Catalogue, identifiers: string[]): Promise<AssetRow[]> {
  for (const identifier of identifiers) {
    if (!resourceOfIdentifier(identifier)) throw unprocessable(`${identifier} is not a valid resource identifier.`);
  }
  const rows = await catalogue.database.kysely
    .selectFrom('asset')
    .selectAll()
    .where('identifier', 'in', identifiers)
    .where('live', '=', 1)
    .execute();
  const found = new Map(rows.map((row) => [row.identifier, row]));
  const missing = identifiers.filter((identifier) => !found.has(identifier));
  if (missing.length > 0) throw notFound(`Asset(s) ${listForMessage(missing)} not found.`);
  return identifiers.map((identifier) => found.get(identifier) as AssetRow);
}

/** Submits draft assets the caller administers for review; returns the submission's identifier. */
export async function submitForReview(
  catalogue: Catalogue,
  principal: Principal,
  identifiers: string[],
  comment: string,
): Promise<number> {
  requireSignedIn(principal);
  const unique = [...new Set(identifiers)];
  return retryingLostRaces(() => submitAssets(catalogue, principal, unique, comment));
}

async function submitAssets(catalogue: Catalogue, principal: Principal, unique: string[], comment: string): Promise<number> {
  const rows = await liveAssets(catalogue, unique);
  for (const row of rows) {
    if (row.status !== 'draft') {
      throw badRequest(`Cannot submit ${row.type} ${row.identifier} since it has '${row.status}' status.`);
    }
  }
  const permissions = await permissionsOf(catalogue.database.kysely, principal.subject as string, unique);
  const refused = rows.filter((row) => !mayAdminister(principal, permissions.get(row.identifier)));
  if (refused.length > 0) {
    throw forbidden(`You need administrator permission on ${refused.map((row) => row.identifier).join(', ')} to submit them.`);
  }
  return catalogue.database.kysely.transaction().execute(async (trx) => {
    await ensureUser(trx, catalogue, principal);
    const submission = insertedId(
      await trx
        .insertInto('submission')
        .values({ requestee: principal.subject, request_date: timestamp(catalogue), comment, decision: null })
        .executeTakeFirstOrThrow(),
    );
    await trx.insertInto('submission_asset').values(rows.map((row) => ({ submission, asset: row.identifier }))).execute();
    for (const row of rows) await setStatusIn(trx, catalogue, row, 'submitted');
    return submission;
  });
}

export async function listSubmissions(catalogue: Catalogue, principal: Principal, mode: SubmissionMode): Promise<SubmissionSummary[]> {
  requireSignedIn(principal);
  let query = catalogue.database.kysely.selectFrom('submission').select(['identifier', 'request_date', 'comment']);
  // Reviewers see everyone's submissions; others their own.
  if (!isReviewer(principal)) query = query.where('requestee', '=', principal.subject);
  if (mode === 'pending' || mode === 'newest' || mode === 'oldest') query = query.where('decision', 'is', null);
  if (mode === 'completed') query = query.where('decision', 'is not', null);
  query = query.orderBy('identifier', mode === 'oldest' ? 'asc' : 'desc');
  // newest/oldest give the next submission in the review queue, one at a time.
  if (mode === 'newest' || mode === 'oldest') query = query.limit(1);
  return query.execute();
}

async function requireSubmission(catalogue: Catalogue, identifier: number) {
  const submission = await catalogue.database.kysely
    .selectFrom('submission')
    .selectAll()
    .where('identifier', '=', identifier)
    .executeTakeFirst();
  if (!submission) throw notFound(`Submission ${identifier} not found.`);
  return submission;
}

async function submissionAssets(executor: Executor, submission: number): Promise<AssetRow[]> {
  return executor
    .selectFrom('submission_asset')
    .innerJoin('asset', 'asset.identifier', 'submission_asset.asset')
    .selectAll('asset')
    .where('submission_asset.submission', '=', submission)
    .orderBy('asset.identifier')
    .execute();
}

async function reviewsOf(catalogue: Catalogue, submission: number): Promise<ReviewView[]> {
  const rows = await catalogue.database.kysely
    .selectFrom('review')
    .select(['identifier', 'decision', 'comment', 'submission', 'decision_date'])
    .where('submission', '=', submission)
    .orderBy('identifier')
    .execute();
  return rows.map(({ submission: submissionIdentifier, ...review }) => ({ ...review, submission_identifier: submissionIdentifier }));
}

/** A submission with its reviews and the identifiers of its (live) assets: for the submitter or reviewers. */
export async function submissionDetail(catalogue: Catalogue, principal: Principal, identifier: number) {
  requireSignedIn(principal);
  const submission = await requireSubmission(catalogue, identifier);
  if (submission.requestee !== principal.subject && !isReviewer(principal)) {
    throw forbidden('Only the submitter and reviewers may see this submission.');
  }
  const assets = (await submissionAssets(catalogue.database.kysely, identifier)).filter((row) => row.live === 1);
  return {
    summary: { identifier: submission.identifier, request_date: submission.request_date, comment: submission.comment },
    reviews: await reviewsOf(catalogue, identifier),
    assets,
  };
}

async function decide(
  catalogue: Catalogue,
  principal: Principal,
  submission: number,
  decision: ReviewDecision,
  comment: string,
): Promise<ReviewView> {
  const at = timestamp(catalogue);
  const identifier = await retriedTransaction(catalogue.database.kysely, async (trx) => {
    const assets = await submissionAssets(trx, submission);
    // Deciding only a still-pending submission makes two simultaneous reviews impossible.
    const closed = await trx
      .updateTable('submission')
      .set({ decision })
      .where('identifier', '=', submission)
      .where('decision', 'is', null)
      .executeTakeFirst();
    if (Number(closed.numUpdatedRows) !== 1) throw badRequest(`Submission ${submission} is not pending any more.`);
    const reviewIdentifier = insertedId(
      await trx
        .insertInto('review')
        .values({ submission, reviewer: principal.subject, decision, comment, decision_date: at })
        .executeTakeFirstOrThrow(),
    );
    for (const row of assets) {
      if (row.live === 1 && row.status === 'submitted') await setStatusIn(trx, catalogue, row, decision === 'accepted' ? 'published' : 'draft');
    }
    return reviewIdentifier;
  });
  return { identifier, decision, comment, submission_identifier: submission, decision_date: at };
}

/** A reviewer's decision on a pending submission: accepted publishes its assets, rejected returns them to draft. */
export async function reviewSubmission(
  catalogue: Catalogue,
  principal: Principal,
  submission: number,
  decision: 'accepted' | 'rejected',
  comment: string,
): Promise<ReviewView> {
  requireSignedIn(principal);
  if (!isReviewer(principal)) throw forbidden('Only reviewers may review submissions.');
  const found = await catalogue.database.kysely
    .selectFrom('submission')
    .selectAll()
    .where('identifier', '=', submission)
    .executeTakeFirst();
  if (!found) throw badRequest(`Submission ${submission} does not exist.`);
  if (found.decision !== null) throw badRequest(`Submission ${submission} has already been reviewed.`);
  // Only permissions held on the assets themselves make them one's own work, not the admin role.
  const assets = await submissionAssets(catalogue.database.kysely, submission);
  const permissions = await permissionsOf(catalogue.database.kysely, principal.subject as string, assets.map((row) => row.identifier));
  if (found.requestee === principal.subject || [...permissions.values()].some((level) => atLeast(level, 'write'))) {
    throw forbidden('You cannot review a submission of assets you may edit yourself.');
  }
  return decide(catalogue, principal, submission, decision, comment);
}

/** The submitter (or an administrator of one of its assets) withdraws a pending submission. */
export async function retractSubmission(catalogue: Catalogue, principal: Principal, submission: number): Promise<ReviewView> {
  requireSignedIn(principal);
  const found = await requireSubmission(catalogue, submission);
  const assets = await submissionAssets(catalogue.database.kysely, submission);
  const permissions = await permissionsOf(catalogue.database.kysely, principal.subject as string, assets.map((row) => row.identifier));
  const allowed = found.requestee === principal.subject || assets.some((row) => mayAdminister(principal, permissions.get(row.identifier)));
  if (!allowed) throw forbidden('Only the submitter or an administrator of its assets may retract this submission.');
  if (found.decision !== null) throw badRequest(`Submission ${submission} is not pending.`);
  return decide(catalogue, principal, submission, 'retracted', '');
}
