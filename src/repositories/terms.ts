/** Queries on `taxonomy_term` (the term lists) and `asset_term` (which asset uses which term). */
import { sql } from 'kysely';
import { type Executor, insertIgnoringDuplicates } from '../database/dialect.ts';
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
  return executor
    .selectFrom('taxonomy_term')
    .selectAll()
    .where('taxonomy', 'in', taxonomies)
    .where('term_key', 'in', keys)
    .execute();
}

/** Adds terms that do not exist yet (by taxonomy and key); existing ones are left as they are. */
export async function addTermsIfMissing(
  executor: Executor,
  dialect: DialectName,
  terms: Array<{ taxonomy: string; term: string; official: boolean }>,
): Promise<void> {
  if (terms.length === 0) return;
  await insertIgnoringDuplicates(executor, dialect, 'taxonomy_term')
    .values(
      terms.map((item) => ({
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

export async function replaceAssetTerms(
  executor: Executor,
  asset: string,
  terms: Array<{ taxonomy: string; term: string }>,
): Promise<void> {
  await executor.deleteFrom('asset_term').where('asset', '=', asset).execute();
  const unique = new Map(terms.map((item) => [`${item.taxonomy}\u0000${item.term}`, item]));
  if (unique.size === 0) return;
  await executor
    .insertInto('asset_term')
    .values([...unique.values()].map((item) => ({ asset, taxonomy: item.taxonomy, term: item.term })))
    .execute();
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
