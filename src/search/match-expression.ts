/**
 * A search query as a match expression over tagged tokens (see tokens.ts), in the two syntaxes the
 * database index speaks: FTS5 (`("naai" OR "dpai") AND "tydataset"`) and InnoDB boolean mode
 * (`+(naai dpai) +tydataset`). Field choice, type and platform filters are all tokens, so both
 * engines answer them from the full-text index alone.
 */
import type { SearchQuery } from './backend.ts';
import { searchableByType } from './schema.ts';
import { platformToken, queryTokens, tagged, typeToken } from './tokens.ts';

/** Groups of alternatives: every group must match, any token of a group will do. */
export type MatchGroups = string[][];

/** The tags of the searched fields over the searched types. */
function fieldTags(query: SearchQuery): string[] {
  const tags = new Set<string>();
  for (const type of query.types) {
    const searchable = searchableByType(type);
    if (!searchable) continue;
    for (const field of query.fields ?? searchable.fields) {
      const tag = searchable.tags.get(field);
      if (tag) tags.add(tag);
    }
  }
  return [...tags];
}

/**
 * The match groups of a query, or undefined when it can match nothing (no words, no fields).
 * `typeTokens`: filter types with their tokens. The database backend does not: intersecting with a
 * token that every entry of the type has costs a pass over all of them; SQLite filters types by
 * rowid range, MySQL by the type column.
 */
export function matchGroups(query: SearchQuery, options: { allSearchableTypes: number; typeTokens: boolean }): MatchGroups | undefined {
  const words = queryTokens(query.text);
  const tags = fieldTags(query);
  if (words.length === 0 || tags.length === 0) return undefined;
  const alternatives = (word: string) => tags.map((tag) => tagged(tag, word));
  const groups: MatchGroups = query.allWords ? words.map(alternatives) : [words.flatMap(alternatives)];
  // Every indexed type searched: the type filter would only cost time.
  if (options.typeTokens && query.types.length < options.allSearchableTypes) groups.push(query.types.map(typeToken));
  if (query.platforms && query.platforms.length > 0) groups.push(query.platforms.map(platformToken));
  return groups;
}

export function fts5Expression(groups: MatchGroups): string {
  return groups.map((group) => `(${group.map((token) => `"${token}"`).join(' OR ')})`).join(' AND ');
}

export function innodbBooleanExpression(groups: MatchGroups): string {
  return groups.map((group) => `+(${group.join(' ')})`).join(' ');
}
