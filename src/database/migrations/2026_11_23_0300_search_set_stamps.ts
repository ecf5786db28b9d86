/**
 * A stamp per search term and type (database/stamps.ts), written with every change of the
 * term's entry sets of that type, so a search process that keeps entry sets in memory
 * (search/doc-set-cache.ts) knows from the term's row, which every search reads anyway, whether
 * its copy is current. Existing rows get stamp 0; their next change gives them a random one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('search_term').addColumn('set_stamp', 'bigint', (column) => column.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('search_term').dropColumn('set_stamp').execute();
}
