/**
 * Reading OpenML's JSON values and fitting them to the model's limits. OpenML's JSON is rendered
 * from XML templates: an empty element comes out as `[]`, a repeated one as a list, a single one
 * as a bare value, and numbers sometimes as strings. Limits come from the model (model-limits.ts).
 */

/** A record OpenML answered with that cannot be mapped: an `error` event for that id, not a failed run. */
export class MappingError extends Error {}

/** A string value, trimmed; absent, null, `[]` and blank are undefined; objects are a MappingError. */
export function optionalText(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw new MappingError(`${what} is not a string`);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** One string or a list of strings (a repeated XML element), blanks dropped, duplicates removed. */
export function textList(value: unknown, what: string): string[] {
  const values = Array.isArray(value) ? value : [value];
  const texts = values.map((item) => optionalText(item, what)).filter((text): text is string => text !== undefined);
  return [...new Set(texts)];
}

export { ifFits, maxLength, objectFields, truncate } from '../model-limits.ts';

/** An integer from OpenML's number-as-text ("898.0"), or undefined when it is not integral. */
export function integral(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isSafeInteger(number) ? number : undefined;
}
