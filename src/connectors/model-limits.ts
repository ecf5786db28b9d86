/**
 * Fitting platform values into the model: every length limit is read from the resource's
 * declaration (DESIGN §4), so a limit changed there changes what every connector sends.
 */
import type { Field, ValueField } from '../database/model/fields.ts';
import { FIELD_LENGTH } from '../database/model/limits.ts';

export { truncate } from './truncate.ts';

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

/** A value that would mean something else when cut (a URL, a version) is dropped instead. */
export function ifFits(value: string | undefined, max: number): string | undefined {
  return value !== undefined && value.length <= max ? value : undefined;
}
