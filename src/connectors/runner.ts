/**
 * One run of a connector: take the lease, record the run, feed the connector's events to the sink
 * (checkpoints stored with the batch before them), delete what a complete listing no longer has,
 * and record the outcome. A run that fails or is aborted keeps its last checkpoint, so the next
 * run resumes there; records yielded before a failure are still stored.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resourceByPlural } from '../database/model/registry.ts';
import { unseenAssets } from '../repositories/connector-records.ts';
import { finishRun, insertRun, listingStartRun, type RunCounts, unresolvedRecordErrors } from '../repositories/connector-runs.ts';
import { acquireLease, extendLease, readConnectorState, releaseLease, saveLastFullScan } from '../repositories/connector-state.ts';
import { findPlatformByName } from '../repositories/platforms.ts';
import { deleteAssetIn } from '../services/asset-writes.ts';
import { type Catalogue, timestamp } from '../services/catalogue.ts';
import { WriteEffects } from '../services/write-effects.ts';
import { abortable } from './abortable.ts';
import { readAhead } from './read-ahead.ts';
import { prepareRecords } from './record-preparation.ts';
import type { Connector, ConnectorContext, RunOptions } from './connector.ts';
import { createHttpClient, type HttpClient, httpClientOptions } from './http-client.ts';
import { HarvestSink, type SinkEvent } from './sink.ts';

export type RunStatus = 'succeeded' | 'failed' | 'aborted' | 'skipped';

export interface RunSummary extends RunCounts {
  /** The run's identifier (0 when skipped because another run holds the lease). */
  run: number;
  status: RunStatus;
  /** The run listed everything the platform has, and deleted what it no longer lists. */
  complete: boolean;
  message?: string;
  startedAt: string;
  finishedAt: string;
}

export interface RunProgress extends RunCounts {
  run: number;
  connector: string;
  seconds: number;
}

export interface RunHooks {
  http?: HttpClient;
  /** Aborting it stops the run at the next event (shutdown). */
  signal?: AbortSignal;
  /** Who holds the lease; defaults to this process. */
  owner?: string;
  /** Called after each stored batch and at the end. */
  onProgress?: (progress: RunProgress) => void;
}

const RETRY_LIST_LIMIT = 1000;
const PROGRESS_LOG_INTERVAL_MS = 5000;

function processOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

function leaseUntil(catalogue: Catalogue): string {
  return new Date(catalogue.now().getTime() + catalogue.settings.CONNECTOR_LEASE_SECONDS * 1000).toISOString();
}

function leaseOf(catalogue: Catalogue, connector: Connector, owner: string) {
  return { connector: connector.name, owner, now: timestamp(catalogue), until: leaseUntil(catalogue) };
}

/**
 * Deletes, a batch per transaction, the platform's assets a complete listing did not see: not seen
 * by any run since the listing began (it may have been resumed from an earlier run's checkpoint).
 */
async function deleteUnseen(catalogue: Catalogue, connector: Connector, run: number): Promise<number> {
  const since = await listingStartRun(catalogue.database.kysely, connector.name, run);
  const resources = connector.resources.map((plural) => resourceByPlural(plural)).filter((resource) => resource !== undefined);
  const types = resources.map((resource) => resource.type);
  if (types.length === 0) return 0;
  let deleted = 0;
  for (;;) {
    const count = await catalogue.database.kysely.transaction().execute(async (trx) => {
      const rows = await unseenAssets(trx, connector.platform, types, since, 200);
      const effects = new WriteEffects(true);
      for (const row of rows) {
        const resource = resources.find((candidate) => candidate.type === row.type);
        if (resource) await deleteAssetIn(trx, catalogue, resource, row, effects);
      }
      await effects.apply(trx, catalogue.database.dialect);
      return rows.length;
    });
    deleted += count;
    if (count === 0) return deleted;
  }
}

/**
 * What counts towards a run's limit and its "listed something" check: records of the connector's
 * own types and record errors; the contacts and publications that come with them do not.
 */
function countsTowardsLimit(connector: Connector, event: SinkEvent): boolean {
  if (event.kind === 'error') return true;
  return event.kind === 'record' && connector.resources.includes(event.resource);
}

function countsOf(sink: HarvestSink): RunCounts {
  return { ...sink.counts };
}

export async function runConnector(
  catalogue: Catalogue,
  connector: Connector,
  options: RunOptions = {},
  hooks: RunHooks = {},
): Promise<RunSummary> {
  const { kysely } = catalogue.database;
  const owner = hooks.owner ?? processOwner();
  const startedAt = timestamp(catalogue);
  const logger = catalogue.logger.child({ connector: connector.name });
  if (!(await acquireLease(kysely, catalogue.database.dialect, leaseOf(catalogue, connector, owner)))) {
    const message = `another run of ${connector.name} is in progress (it holds the lease)`;
    logger.warn(message);
    const zero = { created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0 };
    return { run: 0, status: 'skipped', complete: false, message, startedAt, finishedAt: timestamp(catalogue), ...zero };
  }
  const run = await insertRun(kysely, { connector: connector.name, startedAt, options: JSON.stringify(options) });
  const sink = new HarvestSink(catalogue, connector, run);
  const abort = new AbortController();
  const stopOnSignal = () => abort.abort(hooks.signal?.reason);
  hooks.signal?.addEventListener('abort', stopOnSignal, { once: true });
  if (hooks.signal?.aborted) abort.abort(hooks.signal.reason);
  let lastLog = Date.now();
  const progress = (final = false) => {
    const report = { run, connector: connector.name, seconds: (Date.now() - Date.parse(startedAt)) / 1000, ...countsOf(sink) };
    hooks.onProgress?.(report);
    if (final || Date.now() - lastLog >= PROGRESS_LOG_INTERVAL_MS) {
      lastLog = Date.now();
      const { connector: _name, ...counts } = report;
      logger.info(counts, final ? 'connector run finished' : 'connector run progress');
    }
  };
  /** Renews the lease; losing it (another process took it after it ran out) stops the run. */
  const renewLease = async () => {
    if (!(await extendLease(kysely, leaseOf(catalogue, connector, owner)))) abort.abort(new Error('the connector lease was lost to another process'));
  };
  const afterBatch = async () => {
    progress();
    await renewLease();
  };
  // Also renewed on a timer: a connector may spend longer than the lease between two batches
  // (waiting out a platform's rate limit, say).
  const renewal = setInterval(() => {
    renewLease().catch((error: unknown) => logger.warn({ err: error }, 'renewing the connector lease failed'));
  }, (catalogue.settings.CONNECTOR_LEASE_SECONDS * 1000) / 3);
  renewal.unref();

  let status: RunStatus = 'succeeded';
  let message: string | undefined;
  let complete = false;
  try {
    // Without its platform every record would be refused one by one: fail the run once, clearly.
    if (!(await findPlatformByName(kysely, connector.platform))) {
      throw new Error(`Platform ${connector.platform} does not exist; register it with POST /platforms before running ${connector.name}.`);
    }
    const stored = await readConnectorState(kysely, connector.name);
    const retry = (await unresolvedRecordErrors(kysely, connector.name, RETRY_LIST_LIMIT)).map((error) => ({
      resource: error.resource,
      platformResourceIdentifier: error.platform_resource_identifier as string,
      ...(error.locator ? { locator: error.locator } : {}),
    }));
    const context: ConnectorContext = {
      state: options.full ? null : ((stored.state ?? null) as ConnectorContext['state']),
      options,
      retry,
      lastFullScan: stored.lastFullScan ? new Date(stored.lastFullScan) : null,
      http: hooks.http ?? createHttpClient(httpClientOptions(catalogue.settings, {}, logger, connector.httpPacing?.(catalogue.settings))),
      settings: catalogue.settings,
      logger,
      signal: abort.signal,
      now: () => catalogue.now(),
    };
    logger.info({ run, options, resumes: context.state !== null, retry: retry.length }, 'connector run started');
    let records = 0;
    let listedAll = false;
    let limitReached = false;
    // A batch of events read ahead: the connector fetches its next page, and its records are
    // prepared (validated, hashed), while the sink writes.
    const events = readAhead(prepareRecords(connector.run(context), connector.platform), catalogue.settings.CONNECTOR_BATCH_SIZE);
    for await (const event of abortable(events, abort.signal)) {
      if (abort.signal.aborted) break;
      if (event.kind === 'checkpoint') {
        await sink.flush({ state: event.state });
        await afterBatch();
        if (limitReached) break;
      } else if (event.kind === 'listed-all') {
        if (limitReached) break;
        listedAll = true;
      } else {
        // At the limit, only a checkpoint for what was stored may follow (connectors honour
        // the limit themselves and checkpoint it); another record means one that does not.
        if (limitReached) break;
        sink.add(event);
        if (countsTowardsLimit(connector, event)) records += 1;
        if (sink.pendingCount >= catalogue.settings.CONNECTOR_BATCH_SIZE) {
          await sink.flush();
          await afterBatch();
        }
        limitReached = options.limit !== undefined && records >= options.limit;
      }
    }
    await sink.flush();
    await sink.settle();
    if (abort.signal.aborted) {
      status = 'aborted';
      message = String((abort.signal.reason as Error | undefined)?.message ?? abort.signal.reason ?? 'aborted');
    } else if (listedAll) {
      // An empty listing is far more likely a broken upstream than a platform without records.
      if (records === 0) {
        message = 'the platform listed nothing; nothing was deleted';
        logger.warn(message);
      } else {
        sink.counts.deleted += await deleteUnseen(catalogue, connector, run);
        await saveLastFullScan(kysely, connector.name, startedAt);
        complete = true;
      }
    }
  } catch (error) {
    status = abort.signal.aborted ? 'aborted' : 'failed';
    message = (error as Error).message ?? String(error);
    logger.error({ run, err: error }, 'connector run failed');
    // What was yielded before the failure was read correctly: keep it (without moving the state).
    try {
      await sink.flush();
      await sink.settle();
    } catch (flushError) {
      // A batch that failed with the run's own error was reported just now.
      if (flushError !== error) logger.error({ run, err: flushError }, 'storing the records read before the failure failed too');
      // No batch stays open once the run is over.
      await sink.settle().catch(() => {});
    }
  } finally {
    clearInterval(renewal);
    hooks.signal?.removeEventListener('abort', stopOnSignal);
  }
  const finishedAt = timestamp(catalogue);
  await finishRun(kysely, run, { ...countsOf(sink), status, complete, finishedAt, message: message ?? null });
  await releaseLease(kysely, connector.name, owner);
  progress(true);
  return { run, status, complete, message, startedAt, finishedAt, ...countsOf(sink) };
}
