/** Query and path parameters shared by many routes, with AIoD's names, defaults and limits. */
import { z } from '@hono/zod-openapi';
import { canonicalDateTime } from '../database/model/normalize.ts';
import { isDateTimeText } from '../database/model/schemas.ts';

export const MAX_LIMIT = 1000;

export const paginationQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0).openapi({ description: 'How many items to skip.', example: 0 }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .default(10)
    .openapi({ description: `Page size, 1 to ${MAX_LIMIT}.`, example: 10 }),
});

/** `yyyy-mm-dd` (as AIoD) or a full ISO date-time, normalised so it compares with stored dates. */
const dateFilter = z
  .string()
  .refine(isDateTimeText, { message: 'Expected a date (yyyy-mm-dd) or an ISO 8601 date-time' })
  .transform((value) => (value.length === 10 ? value : canonicalDateTime(value)));

export const listQuery = paginationQuery.extend({
  sort: z
    .enum(['date_created', 'date_modified'])
    .default('date_modified')
    .openapi({ description: 'What to order by.' }),
  direction: z.enum(['asc', 'desc']).default('desc').openapi({ description: 'Order direction.' }),
  date_modified_after: dateFilter
    .optional()
    .openapi({ description: 'Only assets modified on or after this date (inclusive).', example: '2025-01-31' }),
  date_modified_before: dateFilter
    .optional()
    .openapi({ description: 'Only assets modified before this date (exclusive).', example: '2025-12-31' }),
});

/** Booleans as FastAPI accepts them in query strings (the Python client sends lower-case). */
export const booleanQuery = z
  .enum(['true', 'false', 'True', 'False', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value.toLowerCase()));

export const errorSchema = z
  .object({
    detail: z.union([
      z.string(),
      z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() })),
    ]),
    reference: z.string().openapi({ example: '3b1f0b6a4b0c4b5c9d0e1f2a3b4c5d6e' }),
  })
  .openapi('Error');

export function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: errorSchema } } };
}

export const commonErrors = {
  422: errorResponse('Invalid input: the detail lists each problem by location.'),
};

/** Writes run again when they lose a race with other writes; only under extreme contention do they give up. */
export const writeErrors = {
  ...commonErrors,
  503: errorResponse('Other writes to the same assets kept winning; retry after Retry-After seconds.'),
};
