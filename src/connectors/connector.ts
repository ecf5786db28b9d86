/**
 * What a connector is: something that reads one platform and yields what it found. It never writes;
 * the sink (sink.ts) stores what it yields through the service layer, in batches, and the runner
 * (runner.ts) keeps the state, the run record and the lease.
 *
 * A connector yields, in any order:
 * - records: a create body (the latest schema's shape, without `platform` and
 *   `platform_resource_identifier`, which the sink sets) keyed by the platform's stable id. A body
 *   may refer to another record of the same platform as `@<plural>:<platform id>` in any reference
 *   field (e.g. a dataset's `creator: ['@contacts:alice']`); the sink resolves it after writing the
 *   referenced record, so yield referenced records first (or in the same batch);
 * - record errors: a record that could not be read or mapped; stored, and retried next run;
 * - checkpoints: the state to resume from. The runner stores it only after every record yielded
 *   before it is stored, so a killed run resumes without losing or duplicating anything;
 * - deletions: the platform says a record is gone (e.g. an OAI-PMH deleted header);
 * - `listed-all`: the connector has just enumerated everything the platform has (for its
 *   resource types). After the run ends, records not seen in this run are deleted.
 */
import type { Settings } from '../config.ts';
import type { Json } from '../database/model/normalize.ts';
import type { Logger } from '../logger.ts';
import type { HttpClient, HttpClientOptions } from './http-client.ts';

export interface ConnectorRecord {
  kind: 'record';
  /** Plural of the resource type, e.g. `datasets`. */
  resource: string;
  platformResourceIdentifier: string;
  body: Json;
  /** How to fetch this record again when its platform id is not enough (HuggingFace: the repo name). */
  locator?: string;
}

export interface ConnectorRecordError {
  kind: 'error';
  resource: string;
  /** The record's platform id when it is known (then it counts as seen, and is retried next run). */
  platformResourceIdentifier?: string;
  message: string;
  /** How to fetch the record again when its platform id is not enough (HuggingFace: the repo name). */
  locator?: string;
}

export interface ConnectorCheckpoint {
  kind: 'checkpoint';
  state: Json;
}

export interface ConnectorDeletion {
  kind: 'deleted';
  resource: string;
  platformResourceIdentifier: string;
}

export interface ConnectorListedAll {
  kind: 'listed-all';
}

export type ConnectorEvent = ConnectorRecord | ConnectorRecordError | ConnectorDeletion | ConnectorCheckpoint | ConnectorListedAll;

export interface RunOptions {
  /** Stop after this many records of the connector's own types (errors included; the contacts and publications that come with them do not count). */
  limit?: number;
  /** Harvest from this time on instead of the stored state (ISO 8601 date or date-time). */
  from?: string;
  /** Ignore the stored state and enumerate everything (finds deletions). */
  full?: boolean;
}

/** A record that failed in an earlier run. */
export interface RetryRecord {
  resource: string;
  platformResourceIdentifier: string;
  /** What the connector gave to find it again (ConnectorRecordError.locator), when it gave one. */
  locator?: string;
}

export interface ConnectorContext {
  /** The last stored checkpoint state; null on the first run (or when `full`). */
  state: Json | null;
  options: RunOptions;
  /** Records that failed in earlier runs, to fetch again (connectors that can fetch one record). */
  retry: RetryRecord[];
  /** Time of the last complete full scan, or null: incremental connectors re-scan when it is old. */
  lastFullScan: Date | null;
  http: HttpClient;
  settings: Settings;
  logger: Logger;
  /** Aborted when the run must stop (shutdown, lease lost). */
  signal: AbortSignal;
  now(): Date;
}

export interface Connector {
  /** The name `connector <name>` takes (names.ts). */
  name: string;
  /** The platform its records belong to. */
  platform: string;
  /** The resource types (plurals) it owns: deletion after a full listing looks only at these. */
  resources: string[];
  /** When a record's name changes (a renamed repository), keep the old name in `alternate_name`. */
  keepOldNameAsAlternate?: boolean;
  /** Client-side pacing the platform asks for (e.g. Zenodo's requests per minute). */
  httpPacing?(settings: Settings): Pick<HttpClientOptions, 'requestsPerMinute' | 'minIntervalMs'>;
  run(context: ConnectorContext): AsyncIterable<ConnectorEvent>;
}
