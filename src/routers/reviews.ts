/**
 * The review workflow routes (reference v2 §5.2): submissions, reviews, retraction, and /v2's
 * deprecated per-asset submit.
 */
import { z } from '@hono/zod-openapi';
import { resourceTypes } from '../database/model/registry.ts';
import type { ApiVersion } from '../database/model/schemas.ts';
import { assetTexts } from '../services/asset-reads.ts';
import type { Catalogue } from '../services/catalogue.ts';
import { listSubmissions, retractSubmission, reviewSubmission, submissionDetail, submitForReview } from '../services/reviews.ts';
import type { VersionApp } from './app-env.ts';
import { parsedBody } from './body.ts';
import { commonErrors, errorResponse } from './parameters.ts';
import { viewerOf } from './resources.ts';
import { addRoute } from './route.ts';

/** A submission is reviewed as a whole: a reviewer cannot judge more at once (and SQL lists stay short). */
const MAX_SUBMITTED_ASSETS = 1000;

const submissionBody = z
  .object({
    asset_identifiers: z
      .array(z.string().min(1))
      .min(1)
      .max(MAX_SUBMITTED_ASSETS)
      .openapi({ description: `The draft assets to submit together (at most ${MAX_SUBMITTED_ASSETS}).` }),
    comment: z.string().max(256).default(''),
  })
  .openapi('SubmissionCreate');
const reviewBody = z
  .object({
    submission_identifier: z.number().int(),
    decision: z.enum(['accepted', 'rejected']),
    comment: z.string().max(1800).default(''),
  })
  .openapi('ReviewCreate');
const summarySchema = z.object({ identifier: z.number().int(), request_date: z.string(), comment: z.string() }).openapi('Submission');
const reviewSchema = z
  .object({
    identifier: z.number().int(),
    decision: z.enum(['accepted', 'rejected', 'retracted']),
    comment: z.string(),
    submission_identifier: z.number().int(),
    decision_date: z.string(),
  })
  .openapi('Review');
const submissionIdParams = z.object({ identifier: z.coerce.number().int().min(1).openapi({ type: 'integer' }) });
const tags = ['reviewing'];
const refusals = {
  401: errorResponse('Not signed in.'),
  403: errorResponse('Not allowed.'),
  ...commonErrors,
};

export function addReviewRoutes(app: VersionApp, catalogue: Catalogue, version: ApiVersion): void {
  addRoute(app, {
    method: 'post',
    path: '/submissions',
    tags,
    summary: 'Submit draft assets you administer for review (they are decided together)',
    body: { schema: submissionBody },
    responses: {
      200: { description: 'The submission.', content: { 'application/json': { schema: z.object({ submission_identifier: z.number().int() }) } } },
      400: errorResponse('An asset is not a draft.'),
      404: errorResponse('An asset does not exist.'),
      ...refusals,
    },
    handler: async (c) => {
      const body = await parsedBody(c, submissionBody);
      const submission = await submitForReview(catalogue, c.get('principal'), body.asset_identifiers, body.comment);
      return c.json({ submission_identifier: submission });
    },
  });
  addRoute(app, {
    method: 'get',
    path: '/submissions',
    tags,
    summary: 'Submissions: yours, or everyone\'s for reviewers',
    description: 'newest/oldest give at most one pending submission: the next in the review queue.',
    query: z.object({ mode: z.enum(['newest', 'oldest', 'pending', 'completed', 'all']).default('newest') }),
    responses: { 200: { description: 'Submissions.', content: { 'application/json': { schema: z.array(summarySchema) } } }, ...refusals },
    handler: async (c, { query }) => c.json(await listSubmissions(catalogue, c.get('principal'), query.mode)),
  });
  addRoute(app, {
    method: 'get',
    path: '/submissions/{identifier}',
    tags,
    summary: 'A submission with its reviews and assets (submitter and reviewers only)',
    params: submissionIdParams,
    responses: {
      200: { description: 'The submission.', content: { 'application/json': { schema: z.object({}).passthrough() } } },
      404: errorResponse('No such submission.'),
      ...refusals,
    },
    handler: async (c, { params }) => {
      const detail = await submissionDetail(catalogue, c.get('principal'), params.identifier);
      // The assets are shown to the submitter and reviewers whatever their status: that is the point.
      const texts = await assetTexts(catalogue, detail.assets.map((row) => row.identifier), viewerOf(c, version));
      const assets = detail.assets.flatMap((row) => {
        const text = texts.get(row.identifier);
        return text ? [JSON.parse(Buffer.from(text).toString('utf8')) as unknown] : [];
      });
      return c.json({ ...detail.summary, reviews: detail.reviews, assets });
    },
  });
  addRoute(app, {
    method: 'post',
    path: '/submissions/retract/{identifier}',
    tags,
    summary: 'Withdraw a pending submission (its assets return to draft)',
    params: submissionIdParams,
    responses: {
      200: {
        description: 'The retraction.',
        content: {
          'application/json': {
            schema: z.object({ review_identifier: z.number().int(), submission_identifier: z.number().int(), decision: z.literal('retracted') }),
          },
        },
      },
      400: errorResponse('The submission is not pending.'),
      404: errorResponse('No such submission.'),
      ...refusals,
    },
    handler: async (c, { params }) => {
      const review = await retractSubmission(catalogue, c.get('principal'), params.identifier);
      return c.json({ review_identifier: review.identifier, submission_identifier: review.submission_identifier, decision: 'retracted' });
    },
  });
  addRoute(app, {
    method: 'post',
    path: '/reviews',
    tags,
    summary: 'Decide a pending submission (reviewers): accepted publishes, rejected returns to draft',
    body: { schema: reviewBody },
    responses: {
      200: { description: 'The review (reviewers are not named).', content: { 'application/json': { schema: reviewSchema } } },
      400: errorResponse('Unknown or already decided submission.'),
      ...refusals,
    },
    handler: async (c) => {
      const body = await parsedBody(c, reviewBody);
      return c.json(await reviewSubmission(catalogue, c.get('principal'), body.submission_identifier, body.decision, body.comment));
    },
  });

  if (version !== 'v2') return;
  for (const resource of resourceTypes) {
    addRoute(app, {
      method: 'post',
      path: `/${resource.plural}/submit/{identifier}`,
      tags: [resource.plural],
      summary: `Submit a ${resource.type.replaceAll('_', ' ')} for review`,
      description: 'Deprecated: use POST /submissions.',
      deprecated: true,
      params: z.object({ identifier: z.string() }),
      body: { schema: z.object({ comment: z.string().max(256).default('') }) },
      responses: {
        200: { description: 'The submission.', content: { 'application/json': { schema: z.object({ submission_identifier: z.number().int() }) } } },
        ...refusals,
      },
      handler: async (c, { params }) => {
        // The body is optional here, as in AIoD.
        const hasBody = (c.req.header('content-length') ?? '0') !== '0';
        const comment = hasBody ? (await parsedBody(c, z.object({ comment: z.string().max(256).default('') }))).comment : '';
        const submission = await submitForReview(catalogue, c.get('principal'), [params.identifier], comment);
        return c.json({ submission_identifier: submission });
      },
    });
  }
}
