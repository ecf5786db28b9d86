/**
 * `change_log`, the outbox: one row per asset write, in the write's own transaction. Search
 * indexing and harvest feeds follow it by `seq`, so nothing is lost between the database and them.
 */
import type { Executor } from '../database/dialect.ts';
import type { ChangeLogTable } from '../database/tables.ts';

export type ChangeAction = ChangeLogTable['action'];

export interface Change {
  identifier: string;
  type: string;
  action: ChangeAction;
  revision: number;
  at: string;
}

export async function appendChange(executor: Executor, change: Change): Promise<void> {
  await executor.insertInto('change_log').values(change).execute();
}

/** Appends several changes in one statement, in order. */
export async function appendChanges(executor: Executor, changes: Change[]): Promise<void> {
  for (let start = 0; start < changes.length; start += 500) {
    await executor.insertInto('change_log').values(changes.slice(start, start + 500)).execute();
  }
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

/** The changes whose seq lies in one of `ranges` (inclusive), in seq order. */
export async function changesInRanges(executor: Executor, ranges: ReadonlyArray<{ from: number; to: number }>) {
  if (ranges.length === 0) return [];
  return executor
    .selectFrom('change_log')
    .selectAll()
    .where((eb) => eb.or(ranges.map((range) => eb.between('seq', range.from, range.to))))
    .orderBy('seq')
    .execute();
}

/** The oldest changes after `afterSeq`: their seq and time only (pruning reads these). */
export async function changeTimesAfter(executor: Executor, afterSeq: number, limit: number): Promise<Array<{ seq: number; at: string }>> {
  const rows = await executor.selectFrom('change_log').select(['seq', 'at']).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  return rows.map((row) => ({ seq: Number(row.seq), at: String(row.at) }));
}

/** The seqs written after `afterSeq` and up to `throughSeq`, in order. */
export async function seqsBetween(executor: Executor, afterSeq: number, throughSeq: number): Promise<number[]> {
  const rows = await executor.selectFrom('change_log').select('seq').where('seq', '>', afterSeq).where('seq', '<=', throughSeq).orderBy('seq').execute();
  return rows.map((row) => Number(row.seq));
}

/** Deletes the changes up to and including `seq`; returns how many. */
export async function deleteChangesThrough(executor: Executor, seq: number): Promise<number> {
  const result = await executor.deleteFrom('change_log').where('seq', '<=', seq).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The last seq written so far (0 for an empty log). */
export async function latestSeq(executor: Executor): Promise<number> {
  const row = await executor
    .selectFrom('change_log')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/**
 * An 'update' for every live asset of a platform: a platform rename changes those assets (through
 * the foreign key) without writing them one by one, and followers such as search must still hear of it.
 */
export async function appendChangesForPlatform(executor: Executor, platform: string, at: string): Promise<void> {
  await executor
    .insertInto('change_log')
    .columns(['identifier', 'type', 'action', 'revision', 'at'])
    .expression((eb) =>
      eb
        .selectFrom('asset')
        .select((inner) => ['identifier', 'type', inner.val('update').as('action'), 'revision', inner.val(at).as('at')])
        .where('platform', '=', platform)
        .where('live', '=', 1),
    )
    .execute();
}
