/**
 * A connector's stored state (its last checkpoint), the time of its last complete full scan, and
 * the lease that keeps one run per connector at a time across processes.
 */
import type { DialectName } from '../database/db.ts';
import { type Executor, insertIgnoringDuplicates } from '../database/dialect.ts';

export interface StoredConnectorState {
  state: unknown;
  lastFullScan: string | null;
}

async function ensureStateRow(executor: Executor, dialect: DialectName, connector: string): Promise<void> {
  await insertIgnoringDuplicates(executor, dialect, 'connector_state').values({ connector }).execute();
}

export async function readConnectorState(executor: Executor, connector: string): Promise<StoredConnectorState> {
  const row = await executor
    .selectFrom('connector_state')
    .select(['state', 'last_full_scan'])
    .where('connector', '=', connector)
    .executeTakeFirst();
  return { state: row?.state ? JSON.parse(row.state) : null, lastFullScan: row?.last_full_scan ?? null };
}

export async function saveConnectorState(executor: Executor, connector: string, state: unknown): Promise<void> {
  await executor.updateTable('connector_state').set({ state: JSON.stringify(state) }).where('connector', '=', connector).execute();
}

export async function saveLastFullScan(executor: Executor, connector: string, at: string): Promise<void> {
  await executor.updateTable('connector_state').set({ last_full_scan: at }).where('connector', '=', connector).execute();
}

interface Lease {
  connector: string;
  owner: string;
  now: string;
  until: string;
}

/** Takes the lease when it is free, expired, or already ours (creating the state row if needed). */
export async function acquireLease(executor: Executor, dialect: DialectName, lease: Lease): Promise<boolean> {
  await ensureStateRow(executor, dialect, lease.connector);
  return extendLease(executor, lease);
}

/**
 * Takes or extends the lease on an existing state row: one conditional UPDATE, so two processes
 * racing for it cannot both win.
 */
export async function extendLease(executor: Executor, lease: Lease): Promise<boolean> {
  const result = await executor
    .updateTable('connector_state')
    .set({ lease_owner: lease.owner, lease_until: lease.until })
    .where('connector', '=', lease.connector)
    .where((eb) =>
      eb.or([eb('lease_owner', 'is', null), eb('lease_until', '<', lease.now), eb('lease_owner', '=', lease.owner)]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseLease(executor: Executor, connector: string, owner: string): Promise<void> {
  await executor
    .updateTable('connector_state')
    .set({ lease_owner: null, lease_until: null })
    .where('connector', '=', connector)
    .where('lease_owner', '=', owner)
    .execute();
}
