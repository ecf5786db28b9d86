/** String helpers for fitting platform text into the model's length limits. */

const ELLIPSIS = ' [...]';

/** `value` cut to `max` characters, marked with ` [...]` (AIoD's marker) when it was cut. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = max - ELLIPSIS.length;
  // Never split a surrogate pair (zod counts UTF-16 units, as String.length does).
  if (/[\uD800-\uDBFF]/.test(value.charAt(end - 1))) end--;
  return value.slice(0, end) + ELLIPSIS;
}

/** One line: runs of white space (new lines included) become one space. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
