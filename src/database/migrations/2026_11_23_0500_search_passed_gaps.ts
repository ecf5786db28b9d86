/**
 * The change-log gaps a search index's indexer has passed (search/change-gaps.ts), stored with its
 * position: a change that commits after its gap was passed is still indexed when the process that
 * passed it restarted meanwhile, or another replica's indexer runs next.
 */
import type { Kysely } from 'kysely';
import { longText } from './schema-helpers.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('search_position').addColumn('passed_gaps', longText(db)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('search_position').dropColumn('passed_gaps').execute();
}
