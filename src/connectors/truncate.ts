/** Fitting platform text into the model's length limits, one way for every connector. */

const MARKER = ' [...]';

/**
 * `value` cut to `max` characters and marked with AIoD's ` [...]` when it was cut; never splits a
 * surrogate pair (zod counts UTF-16 units, as String.length does).
 */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = max - MARKER.length;
  if (/[\uD800-\uDBFF]/.test(value.charAt(end - 1))) end--;
  return value.slice(0, end).trimEnd() + MARKER;
}
