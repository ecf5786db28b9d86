/**
 * Text → tokens, the same way at index time and at query time, for both database dialects (and
 * the tagged tokens the database index stores). Matching is case- and diacritic-insensitive:
 * "Café", "cafe" and "CAFE" are one token.
 *
 * Tagged tokens exist for InnoDB's FULLTEXT index, whose parser drops tokens shorter than
 * `innodb_ft_min_token_size` (3 by default, a server setting) and stopwords ("it", "the", "about").
 * A two-letter tag in front of every token ("na" + "ai" = "naai") makes every token at least three
 * characters long and unlike any stopword, so "AI", "ML" and "3D" are indexed and found; the tag
 * also names the field (or filter) the token came from, so one index answers `search_fields`, type
 * and platform filters. SQLite's FTS5 index stores the same tagged tokens, so both dialects find
 * exactly the same assets.
 */
import { createHash } from 'node:crypto';

/** InnoDB ignores tokens longer than 84 characters (innodb_ft_max_token_size): stay below with the tag. */
const MAX_TOKEN_LENGTH = 80;
/** A query is cut after this many tokens: each costs a pass over the index. */
export const MAX_QUERY_TOKENS = 32;

/** Lower-cased, diacritics removed, split on everything but letters and digits. */
export function tokensOf(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  const tokens: string[] = [];
  for (const token of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (token.length > 0) tokens.push(token.slice(0, MAX_TOKEN_LENGTH));
  }
  return tokens;
}

/** The distinct tokens of a query, in order, at most MAX_QUERY_TOKENS. */
export function queryTokens(text: string): string[] {
  return [...new Set(tokensOf(text))].slice(0, MAX_QUERY_TOKENS);
}

export const tagged = (tag: string, token: string): string => `${tag}${token}`;

/** Tags of the filters stored next to the field tokens. */
export const TYPE_TAG = 'ty';
export const PLATFORM_TAG = 'pl';

/** A type as one token: types are lower-case words joined by "_", which tokenizers split on. */
export const typeToken = (type: string): string => tagged(TYPE_TAG, type.replaceAll('_', ''));

/**
 * A platform as one token. Platform names may contain "_", "-" and "." (split by tokenizers, and
 * "a-b" must not equal "ab"), so the token is a digest of the name.
 */
export const platformToken = (platform: string): string =>
  tagged(PLATFORM_TAG, createHash('sha1').update(platform).digest('hex').slice(0, 16));
