/**
 * Writes of the database search backend: replacing and removing index entries, in batches, inside
 * the caller's transaction. SQLite keeps the tokens in the FTS5 table (rowid = doc_id); MySQL keeps
 * them in the entry row under its FULLTEXT index.
 */
import { sql } from 'kysely';
import type { DialectName } from '../database/db.ts';
import type { Executor } from '../database/dialect.ts';
import type { SearchDocument } from './document.ts';
import { facetValues } from './document.ts';
import { docIdRange, searchableByType } from './schema.ts';
import { platformToken, tagged, tokensOf, typeToken } from './tokens.ts';

/** Rows per INSERT: well below both dialects' limits on bound parameters. */
const ROWS_PER_STATEMENT = 200;
const FACET_VALUE_LENGTH = 256;

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** The tagged tokens of a document: each field's tokens under the field's tag, then the filters. */
export function documentTokens(document: SearchDocument): string {
  const searchable = searchableByType(document.type);
  if (!searchable) throw new Error(`type ${document.type} is not searchable`);
  const parts: string[] = [typeToken(document.type), platformToken(document.platform)];
  for (const [field, text] of Object.entries(document.texts)) {
    const tag = searchable.tags.get(field);
    if (tag === undefined || text.length === 0) continue;
    for (const token of tokensOf(text)) parts.push(tagged(tag, token));
  }
  return parts.join(' ');
}

export async function removeEntries(executor: Executor, dialect: DialectName, identifiers: string[]): Promise<void> {
  for (const chunk of chunks([...new Set(identifiers)], ROWS_PER_STATEMENT)) {
    if (dialect === 'sqlite') {
      await sql`DELETE FROM search_text WHERE rowid IN (
        SELECT doc_id FROM search_entry WHERE identifier IN (${sql.join(chunk)}))`.execute(executor);
    }
    await executor.deleteFrom('search_facet').where('identifier', 'in', chunk).execute();
    await executor.deleteFrom('search_entry').where('identifier', 'in', chunk).execute();
  }
}

/** SQLite doc ids for new entries: the next free ones in each document's type range. */
async function allocateDocIds(executor: Executor, documents: SearchDocument[]): Promise<number[]> {
  const next = new Map<string, number>();
  const ids: number[] = [];
  for (const document of documents) {
    let id = next.get(document.type);
    if (id === undefined) {
      const range = docIdRange(document.type);
      const row = await executor
        .selectFrom('search_entry')
        .select((eb) => eb.fn.max('doc_id').as('last'))
        .where('doc_id', '>=', range.first)
        .where('doc_id', '<=', range.last)
        .executeTakeFirst();
      id = row?.last === null || row?.last === undefined ? range.first : Number(row.last) + 1;
    }
    ids.push(id);
    next.set(document.type, id + 1);
  }
  return ids;
}

/** Replaces the entries of these documents (removing the old ones first). */
export async function writeEntries(executor: Executor, dialect: DialectName, documents: SearchDocument[]): Promise<void> {
  // The last version of a document wins when a batch holds it twice.
  const latest = [...new Map(documents.map((document) => [document.identifier, document])).values()];
  await removeEntries(executor, dialect, latest.map((document) => document.identifier));
  for (const chunk of chunks(latest, ROWS_PER_STATEMENT)) {
    const rows = chunk.map((document) => ({
      identifier: document.identifier,
      type: document.type,
      platform: document.platform,
      date_modified: document.dateModified,
      revision: document.revision,
      summary: JSON.stringify(document.summary),
      ...(dialect === 'mysql' ? { tokens: documentTokens(document) } : {}),
    }));
    if (dialect === 'sqlite') {
      const docIds = await allocateDocIds(executor, chunk);
      await executor
        .insertInto('search_entry')
        .values(rows.map((row, index) => ({ ...row, doc_id: docIds[index] as number })))
        .execute();
      const values = chunk.map((document, index) => sql`(${docIds[index]}, ${documentTokens(document)})`);
      await sql`INSERT INTO search_text (rowid, tokens) VALUES ${sql.join(values)}`.execute(executor);
    } else {
      await executor.insertInto('search_entry').values(rows).execute();
    }
    const facets = chunk.flatMap((document) =>
      facetValues(document).map(({ facet, value }) => ({
        identifier: document.identifier,
        facet,
        value: value.slice(0, FACET_VALUE_LENGTH),
      })),
    );
    for (const facetChunk of chunks(facets, ROWS_PER_STATEMENT * 2)) {
      await executor.insertInto('search_facet').values(facetChunk).execute();
    }
  }
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

/** Merges FTS5's index segments after a rebuild (faster queries); InnoDB needs no such step here. */
export async function optimizeIndex(executor: Executor, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') await sql`INSERT INTO search_text (search_text) VALUES ('optimize')`.execute(executor);
}
