/**
 * What the sink can work out from a harvested record alone, before the record's batch is
 * written: its content hash and the platform records it refers to. It is worked out as the record
 * is read ahead, so this CPU work overlaps the database writing the previous batch (on
 * MySQL/MariaDB the process mostly waits then) instead of adding to the batch's own time.
 */
import { resourceByPlural } from '../database/model/registry.ts';
import type { ConnectorEvent, ConnectorRecord } from './connector.ts';
import { contentHash } from './content-hash.ts';
import { type PlatformReference, referencesIn } from './references.ts';

export interface PreparedRecord extends ConnectorRecord {
  hash: string;
  /** The records its body names (`@<plural>:<platform id>`); none for an unknown resource type. */
  references: PlatformReference[];
}

export type PreparedEvent = Exclude<ConnectorEvent, ConnectorRecord> | PreparedRecord;

export function prepareRecord(record: ConnectorRecord): PreparedRecord {
  const resource = resourceByPlural(record.resource);
  return { ...record, hash: contentHash(record.body), references: resource ? referencesIn(resource, record.body) : [] };
}

export async function* prepareRecords(events: AsyncIterable<ConnectorEvent>): AsyncGenerator<PreparedEvent> {
  for await (const event of events) yield event.kind === 'record' ? prepareRecord(event) : event;
}
