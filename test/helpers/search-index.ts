/** Set-ups of the database search index shared by its tests. */
import { BLOCK_SIZE } from '../../src/search/doc-sets.ts';
import type { TestCatalogue } from './catalogue.ts';

/**
 * Makes the next entries' doc ids start `before` ids below a block of the entry sets
 * (doc-sets.ts), so sets of the entries that follow span two blocks.
 */
export async function startDocIdsBelowABlockBoundary(t: TestCatalogue, before = 200): Promise<void> {
  const docId = BLOCK_SIZE - before;
  const { kysely } = t.catalogue.database;
  await kysely
    .insertInto('search_entry')
    .values({ doc_id: docId, identifier: 'data_placeholder0000000000000', type: 'dataset', platform: 'example', date_modified: '2031-01-01T00:00:00.000Z', revision: 1, summary: '{}', terms: null })
    .execute();
  await kysely.deleteFrom('search_entry').where('doc_id', '=', docId).execute();
}
