/**
 * What the database index stores per (word, entry): the fields the word occurs in and its impact,
 * a relevance weight fixed at index time (BM25's term-frequency part with length normalisation),
 * so ranking reads the best entries of a word from an index in order instead of scoring every
 * match. A query multiplies each word's impact by the word's idf (from its current entry count)
 * and adds them up: BM25, with the document length measured against a fixed reference length
 * instead of the index's changing average, which would make stored impacts go stale.
 */
import type { SearchDocument } from './document.ts';
import { searchableByType } from './schema.ts';
import { tokensOf } from './tokens.ts';

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

export interface Posting {
  /** Bit mask of the fields the word occurs in (SearchableType.bits). */
  fields: number;
  impact: number;
}

/** The words of a document with their postings. */
export function postingsOf(document: SearchDocument): Map<string, Posting> {
  const searchable = searchableByType(document.type);
  if (!searchable) throw new Error(`type ${document.type} is not searchable`);
  const weighted = new Map<string, { fields: number; frequency: number; description: { plain: number; html: number } }>();
  let length = 0;
  const descriptionLengths = { plain: 0, html: 0 };
  for (const [field, text] of Object.entries(document.texts)) {
    const bit = searchable.bits.get(field);
    if (bit === undefined || text.length === 0) continue;
    const tokens = tokensOf(text);
    // The plain and HTML descriptions usually say the same: a word counts once for both (below).
    const description = field === 'description_plain' ? 'plain' : field === 'description_html' ? 'html' : undefined;
    if (description) descriptionLengths[description] = tokens.length;
    else length += tokens.length;
    const weight = FIELD_WEIGHT[field] ?? EXTRA_FIELD_WEIGHT;
    for (const token of tokens) {
      let entry = weighted.get(token);
      if (!entry) weighted.set(token, (entry = { fields: 0, frequency: 0, description: { plain: 0, html: 0 } }));
      entry.fields |= 1 << bit;
      if (description) entry.description[description] += 1;
      else entry.frequency += weight;
    }
  }
  length += Math.max(descriptionLengths.plain, descriptionLengths.html);
  const norm = K1 * (1 - B + (B * length) / REFERENCE_LENGTH);
  const postings = new Map<string, Posting>();
  for (const [token, entry] of weighted) {
    const frequency = entry.frequency + Math.max(entry.description.plain, entry.description.html);
    const impact = Math.max(1, Math.round((IMPACT_SCALE * frequency * (K1 + 1)) / (frequency + norm)));
    postings.set(token, { fields: entry.fields, impact });
  }
  return postings;
}

/** BM25's idf (never negative): a word in few of `entries` entries weighs more. */
export function inverseDocumentFrequency(entries: number, withWord: number): number {
  return Math.log(1 + (entries - withWord + 0.5) / (withWord + 0.5));
}
