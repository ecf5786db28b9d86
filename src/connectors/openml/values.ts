/**
 * Reading OpenML's JSON values and fitting them to the model's limits. OpenML's JSON is rendered
 * from XML templates: an empty element comes out as `[]`, a repeated one as a list, a single one
 * as a bare value, and numbers sometimes as strings. Limits are read from the model's declarations
 * (DESIGN §4), so a changed limit there changes what the connector sends.
 */
import type { Field, ValueField } from '../../database/model/fields.ts';
import { FIELD_LENGTH } from '../../database/model/limits.ts';

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

export { truncate } from '../truncate.ts';

/** A value that would mean something else when cut (a URL, a version) is dropped instead. */
export function ifFits(value: string | undefined, max: number): string | undefined {
  return value !== undefined && value.length <= max ? value : undefined;
}

/** The length limit the model declares for a string, string-list or term field. */
export function maxLength(fields: Record<string, Field | ValueField>, name: string): number {
  const definition = fields[name];
  if (definition?.kind === 'string' || definition?.kind === 'strings') return definition.max;
  // Terms are checked against the taxonomy term limit (schemas.ts).
  if (definition?.kind === 'term' || definition?.kind === 'terms') return FIELD_LENGTH.NORMAL;
  throw new Error(`${name} is not a string field of the model`);
}

/** The fields of the value object a field holds (`description` → Text, `distribution` → Distribution). */
export function objectFields(fields: Record<string, Field | ValueField>, name: string): Record<string, ValueField> {
  const definition = fields[name];
  if (definition?.kind === 'object' || definition?.kind === 'objects') return definition.of.fields;
  throw new Error(`${name} is not a value-object field of the model`);
}

/** An integer from OpenML's number-as-text ("898.0"), or undefined when it is not integral. */
export function integral(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isSafeInteger(number) ? number : undefined;
}
