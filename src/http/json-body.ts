/** Reads a JSON object body, with FastAPI-shaped 422s for bodies that are not JSON objects. */
import type { Context } from 'hono';
import { unprocessable } from '../errors.ts';

/**
 * Deeper than any body the model describes (value objects nest three levels), yet shallow enough
 * that the recursive steps after parsing (merge patch, validation, hashing) cannot overflow the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests objects or arrays deeper than `limit`; walked without recursion. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop() as [unknown, number];
    if (typeof item !== 'object' || item === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

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
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
    throw unprocessable([{ loc: ['body'], msg: `The body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep.`, type: 'value_error' }]);
  }
  return value as Record<string, unknown>;
}
