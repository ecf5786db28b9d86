/** Reading taxonomies (official terms as trees) and open vocabularies (all values, paginated). */
import { countTerms, officialTerms, type TermRow, vocabularyPage } from '../repositories/terms.ts';
import type { Catalogue } from './catalogue.ts';

export interface TaxonomyNode {
  term: string;
  definition: string;
  subterms: TaxonomyNode[];
}

/** The official terms of a taxonomy as a forest: roots in order, each with its subterms. */
export async function taxonomyTree(catalogue: Catalogue, taxonomy: string): Promise<TaxonomyNode[]> {
  const rows = await officialTerms(catalogue.database.kysely, taxonomy);
  const children = new Map<number | null, TermRow[]>();
  for (const row of rows) {
    const siblings = children.get(row.parent_id);
    if (siblings) siblings.push(row);
    else children.set(row.parent_id, [row]);
  }
  const officialIds = new Set(rows.map((row) => row.id));
  const build = (parent: number | null): TaxonomyNode[] =>
    (children.get(parent) ?? []).map((row) => ({ term: row.term, definition: row.definition, subterms: build(row.id) }));
  // A term whose parent is no longer official is shown as a root rather than lost.
  const orphans = rows.filter((row) => row.parent_id !== null && !officialIds.has(row.parent_id));
  return [...build(null), ...orphans.map((row) => ({ term: row.term, definition: row.definition, subterms: build(row.id) }))];
}

export async function vocabularyValues(
  catalogue: Catalogue,
  vocabulary: string,
  offset: number,
  limit: number,
): Promise<{ items: string[]; total: number }> {
  const executor = catalogue.database.kysely;
  const [items, total] = await Promise.all([
    vocabularyPage(executor, vocabulary, offset, limit),
    countTerms(executor, vocabulary),
  ]);
  return { items, total };
}
