/** Queries on `taxonomy_term` (the term lists) and `asset_term` (which asset uses which term). */
import { sql } from 'kysely';
import { type Executor, insertIgnoringDuplicates } from '../database/dialect.ts';
import { inListChunks, inListLimitWith } from '../database/in-lists.ts';
import { statementChunks } from '../database/statement-chunks.ts';
import type { Selectable } from 'kysely';
import type { DialectName } from '../database/db.ts';
import type { TaxonomyTermTable } from '../database/tables.ts';

export type TermRow = Selectable<TaxonomyTermTable>;

export const termKey = (value: string): string => value.trim().toLowerCase();

/** The stored terms matching (taxonomy, key) pairs. */
export async function findTerms(
  executor: Executor,
  wanted: Array<{ taxonomy: string; key: string }>,
): Promise<TermRow[]> {
  if (wanted.length === 0) return [];
  const keys = [...new Set(wanted.map((item) => item.key))];
  const taxonomies = [...new Set(wanted.map((item) => item.taxonomy))];
  const found: TermRow[] = [];
  for (const chunk of inListChunks(keys, inListLimitWith(taxonomies.length))) {
    found.push(...(await executor.selectFrom('taxonomy_term').selectAll().where('taxonomy', 'in', taxonomies).where('term_key', 'in', chunk).execute()));
  }
  return found;
}

/** Adds terms that do not exist yet (by taxonomy and key); existing ones are left as they are. */
export async function addTermsIfMissing(
  executor: Executor,
  dialect: DialectName,
  terms: Array<{ taxonomy: string; term: string; official: boolean }>,
): Promise<void> {
  // 1,000 rows of 7 values stay far below SQLite's 32,766 parameters per statement.
  for (const chunk of statementChunks(terms, 1000)) {
    await insertIgnoringDuplicates(executor, dialect, 'taxonomy_term')
      .values(
        chunk.map((item) => ({
          taxonomy: item.taxonomy,
          term: item.term,
          term_key: termKey(item.term),
          definition: '',
          official: item.official ? 1 : 0,
          parent_id: null,
          position: 0,
        })),
      )
      .execute();
  }
}

/** Removes every term of `assets` (deleted, or about to get their new terms). */
export async function deleteAssetTerms(executor: Executor, assets: readonly string[]): Promise<void> {
  for (const chunk of inListChunks(assets)) await executor.deleteFrom('asset_term').where('asset', 'in', chunk).execute();
}

/** Every official term of a taxonomy, parents before children, in display order. */
export async function officialTerms(executor: Executor, taxonomy: string): Promise<TermRow[]> {
  return executor
    .selectFrom('taxonomy_term')
    .selectAll()
    .where('taxonomy', '=', taxonomy)
    .where('official', '=', 1)
    .orderBy('position')
    .orderBy('term_key')
    .execute();
}

/** A page of an open vocabulary's values, alphabetically. */
export async function vocabularyPage(
  executor: Executor,
  taxonomy: string,
  offset: number,
  limit: number,
): Promise<string[]> {
  const rows = await executor
    .selectFrom('taxonomy_term')
    .select('term')
    .where('taxonomy', '=', taxonomy)
    .orderBy('term_key')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((row) => row.term);
}

export async function countTerms(executor: Executor, taxonomy: string): Promise<number> {
  const row = await executor
    .selectFrom('taxonomy_term')
    .select(sql<number>`count(*)`.as('n'))
    .where('taxonomy', '=', taxonomy)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
