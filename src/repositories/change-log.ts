/**
 * `change_log`, the outbox: one row per asset write, in the write's own transaction. Search
 * indexing and harvest feeds follow it by `seq`, so nothing is lost between the database and them.
 */
import type { Executor } from '../database/dialect.ts';
import type { ChangeLogTable } from '../database/tables.ts';

export type ChangeAction = ChangeLogTable['action'];

export async function appendChange(
  executor: Executor,
  change: { identifier: string; type: string; action: ChangeAction; revision: number; at: string },
): Promise<void> {
  await executor.insertInto('change_log').values(change).execute();
}

export async function changesAfter(executor: Executor, afterSeq: number, limit: number) {
  return executor
    .selectFrom('change_log')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}
