/**
 * What the database index stores per (word, entry): the fields the word occurs in and its impact,
 * a relevance weight fixed at index time (BM25's term-frequency part with length normalisation),
 * so ranking reads the best entries of a word from an index in order instead of scoring every
 * match. A query multiplies each word's impact by the word's idf (from its current entry count)
 * and adds them up: BM25, with the document length measured against a fixed reference length
 * instead of the index's changing average, which would make stored impacts go stale.
 *
 * Words of the short fields (name, keywords, the types' extra fields) are also indexed under a
 * field term (`fieldTerm`): a search in one such field reads that field's own postings, instead
 * of filtering a word's postings in every field for the few that are in, say, a keyword.
 */
import type { SearchDocument } from './document.ts';
import { requireSearchable } from './schema.ts';
import { MAX_TERM_LENGTH, tokensOf } from './tokens.ts';

/** How much an occurrence in a field weighs: names and keywords say more than descriptions. */
const FIELD_WEIGHT: Record<string, number> = { name: 3, keyword: 2, description_plain: 1, description_html: 1 };
/** Extra fields (headline, legal name, ISSN, …) are short and specific. */
const EXTRA_FIELD_WEIGHT = 2;
/** BM25's usual parameters, and the reference length in tokens (a ~1 KB description). */
const K1 = 1.2;
const B = 0.75;
const REFERENCE_LENGTH = 150;
/** Impacts are stored as integers: thousandths. */
const IMPACT_SCALE = 1000;

/**
 * The two description fields, usually the same text: a word counts once for both (the larger
 * count). Their words are indexed only under the plain word: long, and searched with others.
 */
const DESCRIPTION_PART: Partial<Record<string, 'plain' | 'html'>> = { description_plain: 'plain', description_html: 'html' };

export const hasFieldTerms = (field: string): boolean => DESCRIPTION_PART[field] === undefined;

/** The term of a word in one field: the field's bit, a colon (never part of a word), the word. */
export const fieldTerm = (bit: number, word: string): string => `${bit}:${word}`.slice(0, MAX_TERM_LENGTH);

export interface Posting {
  /** Bit mask of the fields the word occurs in (SearchableType.bits). */
  fields: number;
  impact: number;
}

interface Occurrences {
  fields: number;
  /** Weighted occurrences outside the descriptions. */
  frequency: number;
  /** Occurrences in the plain and HTML descriptions (DESCRIPTION_PART). */
  plain: number;
  html: number;
}

const impactOf = (frequency: number, norm: number): number =>
  Math.max(1, Math.round((IMPACT_SCALE * frequency * (K1 + 1)) / (frequency + norm)));

/** The terms of a document (its words, and its short fields' field terms) with their postings. */
export function postingsOf(document: SearchDocument): Map<string, Posting> {
  const searchable = requireSearchable(document.type);
  const words = new Map<string, Occurrences>();
  const inFields = new Map<string, { bit: number; frequency: number }>();
  let length = 0;
  const descriptionLengths = { plain: 0, html: 0 };
  for (const [field, text] of Object.entries(document.texts)) {
    const bit = searchable.bits.get(field);
    if (bit === undefined || text.length === 0) continue;
    const tokens = tokensOf(text);
    const description = DESCRIPTION_PART[field];
    if (description) descriptionLengths[description] = tokens.length;
    else length += tokens.length;
    const weight = FIELD_WEIGHT[field] ?? EXTRA_FIELD_WEIGHT;
    for (const token of tokens) {
      let word = words.get(token);
      if (!word) words.set(token, (word = { fields: 0, frequency: 0, plain: 0, html: 0 }));
      word.fields |= 1 << bit;
      if (description) word[description] += 1;
      else word.frequency += weight;
      if (!description) {
        const term = fieldTerm(bit, token);
        const inField = inFields.get(term) ?? { bit, frequency: 0 };
        inField.frequency += 1;
        inFields.set(term, inField);
      }
    }
  }
  length += Math.max(descriptionLengths.plain, descriptionLengths.html);
  const norm = K1 * (1 - B + (B * length) / REFERENCE_LENGTH);
  const postings = new Map<string, Posting>();
  for (const [token, word] of words) {
    postings.set(token, { fields: word.fields, impact: impactOf(word.frequency + Math.max(word.plain, word.html), norm) });
  }
  for (const [term, inField] of inFields) postings.set(term, { fields: 1 << inField.bit, impact: impactOf(inField.frequency, norm) });
  return postings;
}

/**
 * BM25's idf, never negative: a word in few of `entries` entries weighs more. `entries` may lag
 * behind (it is counted every few seconds), so a word is never in more entries than there are.
 */
export function inverseDocumentFrequency(entries: number, withWord: number): number {
  const total = Math.max(entries, withWord);
  return Math.log(1 + (total - withWord + 0.5) / (withWord + 0.5));
}
