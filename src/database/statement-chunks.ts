/**
 * Rows per multi-row statement. A statement carries its rows' text, and MySQL/MariaDB refuse any
 * packet above max_allowed_packet (16 MB by default); asset rows hold documents and renderings of
 * up to several hundred kilobytes each (descriptions may be 64 KB, in plain text and HTML). So a
 * chunk holds at most `maxRows` rows and, past its first row, at most STATEMENT_TEXT_LIMIT
 * characters of text.
 */

/**
 * Characters of row text per statement. Escaped UTF-8 takes at most ~3 bytes per JavaScript
 * character (more only for text of mostly quotes and backslashes), so a chunk stays far below 16 MB.
 */
export const STATEMENT_TEXT_LIMIT = 4_000_000;

/**
 * `rows` in chunks of at most `maxRows` rows and, when `textLength` measures them, about `limit`
 * characters (rows of a few short columns need only the row limit).
 */
export function statementChunks<T>(rows: readonly T[], maxRows: number, textLength: (row: T) => number = () => 0, limit = STATEMENT_TEXT_LIMIT): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let characters = 0;
  for (const row of rows) {
    const length = textLength(row);
    if (chunk.length > 0 && (chunk.length >= maxRows || characters + length > limit)) {
      chunks.push(chunk);
      chunk = [];
      characters = 0;
    }
    chunk.push(row);
    characters += length;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
