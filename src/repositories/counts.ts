/**
 * `asset_count`: live assets per (type, platform, status), kept in the same transaction as every
 * write so list totals and /counts never scan the catalogue.
 */
import { sql } from 'kysely';
import { type Executor, incrementCount } from '../database/dialect.ts';
import type { DialectName } from '../database/db.ts';

export interface CountKey {
  type: string;
  platform: string;
  status: string;
}

export async function adjustCount(executor: Executor, dialect: DialectName, key: CountKey, delta: number): Promise<void> {
  if (delta !== 0) await incrementCount(executor, dialect, key, delta);
}

/** Moves one asset from one count to another (status or platform changed). */
export async function moveCount(executor: Executor, dialect: DialectName, from: CountKey, to: CountKey): Promise<void> {
  if (from.type === to.type && from.platform === to.platform && from.status === to.status) return;
  await adjustCount(executor, dialect, from, -1);
  await adjustCount(executor, dialect, to, 1);
}

export async function readCounts(
  executor: Executor,
  filter: { type?: string; statuses: string[] },
): Promise<Array<CountKey & { n: number }>> {
  let query = executor.selectFrom('asset_count').selectAll().where('status', 'in', filter.statuses).where('n', '>', 0);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, n: Number(row.n) }));
}

/** Rebuilds every count from the asset table (at start-up, and after bulk changes such as a platform rename). */
export async function recountAll(executor: Executor): Promise<void> {
  await executor.deleteFrom('asset_count').execute();
  await sql`
    INSERT INTO asset_count (type, platform, status, n)
    SELECT type, platform, status, COUNT(*) FROM asset WHERE live = 1 GROUP BY type, platform, status`.execute(executor);
}
