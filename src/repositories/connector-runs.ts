/** Connector runs and the record errors they met (failed records are retried by later runs). */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { type Executor, insertedId } from '../database/dialect.ts';
import { inListChunks } from '../database/in-lists.ts';
import type { Tables } from '../database/tables.ts';

export interface RunCounts {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
}

export async function insertRun(executor: Executor, run: { connector: string; startedAt: string; options: string }): Promise<number> {
  const result = await executor
    .insertInto('connector_run')
    .values({ connector: run.connector, started_at: run.startedAt, status: 'running', options: run.options })
    .executeTakeFirst();
  return insertedId(result);
}

export async function finishRun(
  executor: Executor,
  identifier: number,
  outcome: RunCounts & { status: string; complete: boolean; finishedAt: string | null; message: string | null },
): Promise<void> {
  await executor
    .updateTable('connector_run')
    .set({
    status: outcome.status,
    complete: outcome.complete ? 1 : 0,
    finished_at: outcome.finishedAt,
    created: outcome.created,
    updated: outcome.updated,
    unchanged: outcome.unchanged,
    deleted: outcome.deleted,
    failed: outcome.failed,
    message: outcome.message?.slice(0, 2000) ?? null,
    })
    .where('identifier', '=', identifier)
    .execute();
}

/**
 * The first run of the listing `run` completes: the first run after the connector's last complete
 * one. A full listing resumed across runs (a killed run, then the next one from its checkpoint)
 * saw its records in any of them, so deletion must count them all as seen.
 */
export async function listingStartRun(executor: Executor, connector: string, run: number): Promise<number> {
  const lastComplete = await executor
    .selectFrom('connector_run')
    .select((eb) => eb.fn.max('identifier').as('identifier'))
    .where('connector', '=', connector)
    .where('complete', '=', 1)
    .executeTakeFirst();
  const first = await executor
    .selectFrom('connector_run')
    .select((eb) => eb.fn.min('identifier').as('identifier'))
    .where('connector', '=', connector)
    .where('identifier', '>', Number(lastComplete?.identifier ?? 0))
    .executeTakeFirst();
  return first?.identifier == null ? run : Math.min(Number(first.identifier), run);
}

export async function recentRuns(executor: Executor, connector: string | undefined, limit: number) {
  let query = executor.selectFrom('connector_run').selectAll().orderBy('identifier', 'desc').limit(limit);
  if (connector) query = query.where('connector', '=', connector);
  return query.execute();
}

export async function findRun(executor: Executor, identifier: number) {
  return executor.selectFrom('connector_run').selectAll().where('identifier', '=', identifier).executeTakeFirst();
}

export interface NewRecordError {
  resource: string;
  platformResourceIdentifier: string | null;
  message: string;
  locator?: string;
}

/** A platform record, as record errors name it. */
export interface PlatformRecordKey {
  resource: string;
  platformResourceIdentifier: string;
}

/** The open errors of earlier runs than `run` of `records` (by resource and chunk of platform ids), handed to `act` one group at a time. */
async function forOpenEarlierErrors(
  connector: string,
  run: number,
  records: readonly PlatformRecordKey[],
  act: (match: (eb: ExpressionBuilder<Tables, 'connector_error'>) => Expression<SqlBool>) => Promise<unknown>,
): Promise<void> {
  const idsByResource = new Map<string, Set<string>>();
  for (const { resource, platformResourceIdentifier } of records) {
    const ids = idsByResource.get(resource) ?? new Set<string>();
    ids.add(platformResourceIdentifier.slice(0, 256));
    idsByResource.set(resource, ids);
  }
  for (const [resource, ids] of idsByResource) {
    for (const chunk of inListChunks([...ids])) {
      await act((eb) =>
        eb.and([
          eb('connector', '=', connector),
          eb('platform_resource_identifier', 'in', chunk),
          eb('resolved_run', 'is', null),
          eb('resource', '=', resource),
          eb('run', '<', run),
        ]),
      );
    }
  }
}

/**
 * Stores a run's record errors. A record's open error from an earlier run is replaced by its new
 * one: a record that fails run after run keeps one row (the latest reason), not one per run, and
 * counts once among the open errors.
 */
export async function insertRecordErrors(
  executor: Executor,
  connector: string,
  run: number,
  at: string,
  errors: NewRecordError[],
): Promise<void> {
  if (errors.length === 0) return;
  const identified = errors.flatMap((error) =>
    error.platformResourceIdentifier === null ? [] : [{ resource: error.resource, platformResourceIdentifier: error.platformResourceIdentifier }],
  );
  await forOpenEarlierErrors(connector, run, identified, (match) => executor.deleteFrom('connector_error').where(match).execute());
  await executor
    .insertInto('connector_error')
    .values(
      errors.map((error) => ({
        connector,
        run,
        resource: error.resource,
        platform_resource_identifier: error.platformResourceIdentifier?.slice(0, 256) ?? null,
        message: error.message.slice(0, 2000),
        at,
        locator: error.locator?.slice(0, 512) ?? null,
      })),
    )
    .execute();
}

/** Marks the open errors of earlier runs of these records, stored by this run, as resolved by it. */
export async function resolveRecordErrors(executor: Executor, connector: string, run: number, records: readonly PlatformRecordKey[]): Promise<void> {
  await forOpenEarlierErrors(connector, run, records, (match) => executor.updateTable('connector_error').set({ resolved_run: run }).where(match).execute());
}

/** Records that still fail, to fetch again. */
export async function unresolvedRecordErrors(executor: Executor, connector: string, limit: number) {
  return executor
    .selectFrom('connector_error')
    .select(['resource', 'platform_resource_identifier', 'locator'])
    .distinct()
    .where('connector', '=', connector)
    .where('resolved_run', 'is', null)
    .where('platform_resource_identifier', 'is not', null)
    .limit(limit)
    .execute();
}

export async function recentErrors(executor: Executor, connector: string, limit: number) {
  return executor
    .selectFrom('connector_error')
    .selectAll()
    .where('connector', '=', connector)
    .orderBy('identifier', 'desc')
    .limit(limit)
    .execute();
}
