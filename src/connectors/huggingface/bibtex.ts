/**
 * A small BibTeX reader for the `citation` strings of HuggingFace dataset cards. They are written by
 * hand: braces or quotes around values, `#` concatenation, bare numbers and month macros, titles
 * with protective braces (`{A}ir{D}ialogue`). An entry that ends before its closing brace is not
 * returned (the caller decides whether to retry with one added); `@comment`, `@preamble` and
 * `@string` blocks are skipped.
 */

export interface BibtexEntry {
  /** Entry type, lower-cased (`article`, `inproceedings`, ...). */
  type: string;
  key: string;
  /** Field name (lower-cased) → value with braces removed and white space collapsed. */
  fields: Record<string, string>;
}

const SKIPPED_BLOCKS = new Set(['comment', 'preamble', 'string']);

class Incomplete extends Error {}

class Reader {
  position = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.position >= this.text.length;
  }

  peek(): string {
    if (this.done) throw new Incomplete();
    return this.text[this.position]!;
  }

  skipSpace(): void {
    while (!this.done && /\s/.test(this.text[this.position]!)) this.position++;
  }

  /** Characters matching `pattern`, one at a time. */
  take(pattern: RegExp): string {
    const start = this.position;
    while (!this.done && pattern.test(this.text[this.position]!)) this.position++;
    return this.text.slice(start, this.position);
  }

  /** From an opening `{` to its matching `}`; returns what is between them. */
  braced(): string {
    const start = ++this.position;
    let depth = 1;
    while (depth > 0) {
      const char = this.peek();
      if (char === '\\') this.position++;
      else if (char === '{') depth++;
      else if (char === '}') depth--;
      this.position++;
    }
    return this.text.slice(start, this.position - 1);
  }

  /** From an opening `"` to the next `"` outside braces. */
  quoted(): string {
    const start = ++this.position;
    let depth = 0;
    for (;;) {
      const char = this.peek();
      if (char === '\\') this.position++;
      else if (char === '{') depth++;
      else if (char === '}') depth--;
      else if (char === '"' && depth === 0) break;
      this.position++;
    }
    this.position++;
    return this.text.slice(start, this.position - 1);
  }
}

const MONTHS: Record<string, string> = {
  jan: 'January', feb: 'February', mar: 'March', apr: 'April', may: 'May', jun: 'June',
  jul: 'July', aug: 'August', sep: 'September', oct: 'October', nov: 'November', dec: 'December',
};

/** Plain text of a value: LaTeX escapes of special characters undone, braces dropped, one space. */
export function plainBibtexText(value: string): string {
  return value
    .replace(/\\([&%$#_{}])/g, '$1')
    .replace(/[{}]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function readValue(reader: Reader): string {
  const parts: string[] = [];
  for (;;) {
    reader.skipSpace();
    const char = reader.peek();
    if (char === '{') parts.push(reader.braced());
    else if (char === '"') parts.push(reader.quoted());
    else {
      const bare = reader.take(/[^\s,{}#"]/);
      if (!bare) throw new Incomplete();
      parts.push(MONTHS[bare.toLowerCase()] ?? bare);
    }
    reader.skipSpace();
    if (reader.peek() !== '#') return parts.join('');
    reader.position++;
  }
}

function readEntry(reader: Reader, type: string): BibtexEntry {
  const close = reader.peek() === '(' ? ')' : '}';
  reader.position++;
  reader.skipSpace();
  const key = reader.take(/[^\s,})]/);
  const fields: Record<string, string> = {};
  for (;;) {
    reader.skipSpace();
    const char = reader.peek();
    if (char === close) {
      reader.position++;
      return { type, key, fields };
    }
    if (char === ',') {
      reader.position++;
      continue;
    }
    const name = reader.take(/[^\s=,{}()]/).toLowerCase();
    if (!name) throw new Incomplete();
    reader.skipSpace();
    if (reader.peek() !== '=') throw new Incomplete();
    reader.position++;
    fields[name] = plainBibtexText(readValue(reader));
  }
}

/** Every complete entry of `text`, in order. */
export function parseBibtex(text: string): BibtexEntry[] {
  const entries: BibtexEntry[] = [];
  const reader = new Reader(text);
  for (;;) {
    const at = text.indexOf('@', reader.position);
    if (at < 0) return entries;
    reader.position = at + 1;
    const type = reader.take(/[A-Za-z]/).toLowerCase();
    reader.skipSpace();
    if (!type || reader.done || !'{('.includes(reader.text[reader.position]!)) continue;
    try {
      if (SKIPPED_BLOCKS.has(type)) {
        if (reader.peek() === '{') reader.braced();
        continue;
      }
      entries.push(readEntry(reader, type));
    } catch (error) {
      if (error instanceof Incomplete) return entries;
      throw error;
    }
  }
}
