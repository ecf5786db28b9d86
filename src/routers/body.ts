/** Parses a JSON object body with a zod schema; problems become FastAPI-shaped 422s. */
import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { validationError } from '../errors.ts';
import { readJsonObject } from '../http/json-body.ts';

export async function parsedBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const result = schema.safeParse(await readJsonObject(c));
  if (!result.success) throw validationError(result.error, 'json');
  return result.data;
}
