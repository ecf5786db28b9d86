/** Reads a JSON object body, with FastAPI-shaped 422s for bodies that are not JSON objects. */
import type { Context } from 'hono';
import { unprocessable } from '../errors.ts';

export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim().length === 0) {
    throw unprocessable([{ loc: ['body'], msg: 'A JSON body is required.', type: 'missing' }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw unprocessable([{ loc: ['body'], msg: `JSON decode error: ${(error as Error).message}`, type: 'json_invalid' }]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw unprocessable([{ loc: ['body'], msg: 'The body must be a JSON object.', type: 'model_type' }]);
  }
  return value as Record<string, unknown>;
}
