/**
 * Text → words, the same way at index time and at query time, on both database dialects:
 * lower-cased, diacritics removed, split on everything but letters and digits, so "Café", "cafe"
 * and "CAFE" are one word. Every word counts, however short or common: "AI", "ML", "3D", "it"
 * and "the" are all found (the index is the catalogue's own, with no minimum length or stopwords).
 */

/** The index's term column holds 80 characters (migration 2026_11_22_0500): longer words are cut. */
export const MAX_TERM_LENGTH = 80;
/** A query is cut after this many words: each is an index range read. */
export const MAX_QUERY_TOKENS = 32;

export function tokensOf(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  const tokens: string[] = [];
  for (const token of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (token.length > 0) tokens.push(token.slice(0, MAX_TERM_LENGTH));
  }
  return tokens;
}

/** The distinct words of a query, in order, at most MAX_QUERY_TOKENS. */
export function queryTokens(text: string): string[] {
  return [...new Set(tokensOf(text))].slice(0, MAX_QUERY_TOKENS);
}
