/**
 * Writes of the database search backend, in batches, inside the caller's transaction: an entry
 * row per document (what results show), its posting rows (postings.ts), its facet values
 * (facet-blocks.ts), and, moving with every posting added or removed, the per-type word counts in
 * `search_term` and the words' (and platforms') entry sets in `search_doc_set` (doc-sets.ts). A
 * term's row gets a new set stamp whenever its sets may change (search/doc-set-cache.ts).
 */
import type { DialectName } from '../database/db.ts';
import { addSearchTermCounts, type Executor } from '../database/dialect.ts';
import { newStamp } from '../database/stamps.ts';
import { inListChunks, inListLimitWith } from '../database/in-lists.ts';
import type { SearchDocument } from './document.ts';
import { facetValues } from './document.ts';
import { applyDocSetChanges, type DocSetChanges, noteMembership } from './doc-set-writes.ts';
import { applyFacetChanges, type FacetChanges, noteFacets } from './facet-block-writes.ts';
import { platformTerm } from './doc-sets.ts';
import { ENTRIES_TERM } from './entry-count.ts';
import { postingsOf } from './postings.ts';
import { requireSearchable } from './schema.ts';

/** Rows per INSERT: well below both dialects' limits on bound parameters. */
const ROWS_PER_STATEMENT = 400;

/** What a batch changes beyond its entry and posting rows: the per-word tables and the facet blocks. */
interface EntryChanges {
  /** `search_term`: "type_no word" → entries added (negative: removed); ENTRIES_TERM counts every entry. */
  counts: Map<string, number>;
  sets: DocSetChanges;
  facets: FacetChanges;
}

const noChanges = (): EntryChanges => ({ counts: new Map(), sets: new Map(), facets: new Map() });

/** Entry `docId` of type `typeNumber` gains the word `term` with `impact`, or loses it (impact 0). */
function noteTerm(changes: EntryChanges, term: string, typeNumber: number, docId: number, impact: number): void {
  const key = `${typeNumber} ${term}`;
  changes.counts.set(key, (changes.counts.get(key) ?? 0) + (impact > 0 ? 1 : -1));
  noteMembership(changes.sets, term, typeNumber, docId, impact);
}

async function applyEntryChanges(executor: Executor, dialect: DialectName, changes: EntryChanges): Promise<void> {
  // Every term noted, even with its count unchanged: an entry that keeps a word may change its
  // impact, so the set stamp moves whenever the term's sets may have changed.
  const setStamp = newStamp();
  const rows = [...changes.counts].map(([key, entries]) => {
    const space = key.indexOf(' ');
    return { type_no: Number(key.slice(0, space)), term: key.slice(space + 1), entries, set_stamp: setStamp };
  });
  for (const chunk of inListChunks(rows, ROWS_PER_STATEMENT)) await addSearchTermCounts(executor, dialect, chunk);
  await applyDocSetChanges(executor, dialect, changes.sets);
  await applyFacetChanges(executor, dialect, changes.facets);
}

const typeNumberOf = (type: string): number => requireSearchable(type).typeNumber;

/** An entry of type `typeNumber` joins (+1) or leaves (-1) the index: its count, and its platform's set. */
function noteEntry(changes: EntryChanges, typeNumber: number, docId: number, platform: string, delta: 1 | -1): void {
  const key = `${typeNumber} ${ENTRIES_TERM}`;
  changes.counts.set(key, (changes.counts.get(key) ?? 0) + delta);
  // Impact 1: a platform's set only filters, it never weighs.
  noteMembership(changes.sets, platformTerm(platform), typeNumber, docId, delta > 0 ? 1 : 0);
}

async function removeEntriesCounting(executor: Executor, identifiers: string[], changes: EntryChanges): Promise<void> {
  for (const chunk of inListChunks([...new Set(identifiers)])) {
    const entries = await executor
      .selectFrom('search_entry')
      .select(['doc_id', 'type', 'platform', 'terms'])
      .where('identifier', 'in', chunk)
      .execute();
    for (const entry of entries) {
      const terms = entry.terms ? entry.terms.split(' ') : [];
      const typeNumber = typeNumberOf(entry.type);
      for (const term of terms) noteTerm(changes, term, typeNumber, Number(entry.doc_id), 0);
      noteEntry(changes, typeNumber, Number(entry.doc_id), entry.platform, -1);
      noteFacets(changes.facets, Number(entry.doc_id), []);
      // doc_id = ? AND term IN (...) seeks the primary key (term, doc_id) once per word.
      for (const termChunk of inListChunks(terms, inListLimitWith(1))) {
        await executor.deleteFrom('search_posting').where('doc_id', '=', entry.doc_id).where('term', 'in', termChunk).execute();
      }
    }
    await executor.deleteFrom('search_entry').where('identifier', 'in', chunk).execute();
  }
}

export async function removeEntries(executor: Executor, dialect: DialectName, identifiers: string[]): Promise<void> {
  const changes = noChanges();
  await removeEntriesCounting(executor, identifiers, changes);
  await applyEntryChanges(executor, dialect, changes);
}

type PostingRow = { term: string; doc_id: number; type_no: number; fields: number; impact: number };

/** Replaces the entries of these documents (removing the old ones first). */
export async function writeEntries(executor: Executor, dialect: DialectName, documents: SearchDocument[]): Promise<void> {
  // The last version of a document wins when a batch holds it twice.
  const latest = [...new Map(documents.map((document) => [document.identifier, document])).values()];
  const changes = noChanges();
  await removeEntriesCounting(executor, latest.map((document) => document.identifier), changes);
  const postingRows: PostingRow[] = [];
  for (const chunk of inListChunks(latest)) {
    const postings = chunk.map(postingsOf);
    await executor
      .insertInto('search_entry')
      .values(
        chunk.map((document, index) => ({
          identifier: document.identifier,
          type: document.type,
          platform: document.platform,
          date_modified: document.dateModified,
          revision: document.revision,
          summary: JSON.stringify(document.summary),
          terms: [...(postings[index] as Map<string, unknown>).keys()].join(' '),
        })),
      )
      .execute();
    // Doc ids come from the database (auto-increment), read back by identifier.
    const inserted = await executor
      .selectFrom('search_entry')
      .select(['doc_id', 'identifier'])
      .where('identifier', 'in', chunk.map((document) => document.identifier))
      .execute();
    const docIds = new Map(inserted.map((row) => [row.identifier, Number(row.doc_id)]));
    chunk.forEach((document, index) => {
      const typeNumber = typeNumberOf(document.type);
      const docId = docIds.get(document.identifier) as number;
      for (const [term, posting] of postings[index] as ReturnType<typeof postingsOf>) {
        noteTerm(changes, term, typeNumber, docId, posting.impact);
        postingRows.push({ term, doc_id: docId, type_no: typeNumber, fields: posting.fields, impact: posting.impact });
      }
      noteEntry(changes, typeNumber, docId, document.platform, 1);
      noteFacets(changes.facets, docId, facetValues(document));
    });
  }
  // In key order: consecutive rows land in the same index pages instead of all over the B-trees.
  postingRows.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : a.doc_id - b.doc_id));
  for (const rowChunk of inListChunks(postingRows, ROWS_PER_STATEMENT)) {
    await executor.insertInto('search_posting').values(rowChunk).execute();
  }
  await applyEntryChanges(executor, dialect, changes);
}

/** Entries whose asset is no longer published and live (the sweep after a rebuild). */
export async function unpublishedEntries(executor: Executor, statuses: string[]): Promise<string[]> {
  const rows = await executor
    .selectFrom('search_entry as e')
    .select('e.identifier')
    .where(({ exists, not, selectFrom }) =>
      not(
        exists(
          selectFrom('asset as a')
            .select('a.identifier')
            .whereRef('a.identifier', '=', 'e.identifier')
            .where('a.live', '=', 1)
            .where('a.status', 'in', statuses),
        ),
      ),
    )
    .execute();
  return rows.map((row) => row.identifier);
}
