/**
 * Where a connector finds a failed record again when its platform id is not enough to fetch it:
 * HuggingFace keys datasets by their stable `_id`, but fetches one by its repo name. Stored with
 * the record error, so the next run retries the record instead of waiting for a full scan.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connector_error').addColumn('locator', 'varchar(512)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connector_error').dropColumn('locator').execute();
}
