/**
 * `search_position`: how far each search index has followed change_log. The indexer reads it
 * locked (FOR UPDATE on MySQL/MariaDB; SQLite has one writer), so two API replicas never apply the
 * same changes at once, and advances it only after the index write succeeded.
 */
import type { Executor } from '../database/dialect.ts';
import type { DialectName } from '../database/db.ts';

export interface SearchPosition {
  position: number;
  schemaVersion: string;
  /** The gaps its indexer passed and still looks into, as stored (JSON; see search/change-gaps.ts). */
  passedGaps?: string | null;
}

export async function readPosition(
  executor: Executor,
  dialect: DialectName,
  consumer: string,
  options: { lock?: boolean } = {},
): Promise<SearchPosition | undefined> {
  let query = executor.selectFrom('search_position').select(['position', 'schema_version', 'passed_gaps']).where('consumer', '=', consumer);
  if (options.lock && dialect === 'mysql') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? { position: Number(row.position), schemaVersion: row.schema_version, passedGaps: row.passed_gaps } : undefined;
}

export async function writePosition(
  executor: Executor,
  consumer: string,
  position: SearchPosition,
  at: string,
): Promise<void> {
  const updated = await executor
    .updateTable('search_position')
    .set({ position: position.position, schema_version: position.schemaVersion, passed_gaps: position.passedGaps ?? null, updated_at: at })
    .where('consumer', '=', consumer)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await executor
      .insertInto('search_position')
      .values({ consumer, position: position.position, schema_version: position.schemaVersion, passed_gaps: position.passedGaps ?? null, updated_at: at })
      .execute();
  }
}

/** Forgets the positions of the consumers that have not applied the changes through `seq` (they rebuild); returns their names. */
export async function dropPositionsBefore(executor: Executor, seq: number): Promise<string[]> {
  const behind = await executor.selectFrom('search_position').select('consumer').where('position', '<', seq).execute();
  if (behind.length === 0) return [];
  const consumers = behind.map((row) => row.consumer);
  await executor.deleteFrom('search_position').where('consumer', 'in', consumers).where('position', '<', seq).execute();
  return consumers;
}
