/** String helpers for fitting platform text into the model's length limits. */

export { truncate } from '../truncate.ts';

/** One line: runs of white space (new lines included) become one space. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
