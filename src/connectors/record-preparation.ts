/**
 * What the sink can work out from a harvested record alone, before the record's batch is
 * written: whether its body is valid, its content hash and the platform records it refers to. It
 * is worked out as the record is read ahead, so this CPU work overlaps the database writing the
 * previous batch (on MySQL/MariaDB the process mostly waits then) instead of adding to the
 * batch's own time.
 *
 * A body that is not a valid create body becomes a record error here: nothing after this step
 * has to cope with a list that is a string or a date that is a number.
 */
import type { Json } from '../database/model/normalize.ts';
import { resourceByPlural } from '../database/model/registry.ts';
import type { ResourceType } from '../database/model/resource.ts';
import { createSchema } from '../database/model/schemas.ts';
import { detailText, validationError } from '../errors.ts';
import type { ConnectorEvent, ConnectorRecord, ConnectorRecordError } from './connector.ts';
import { contentHash } from './content-hash.ts';
import { type PlatformReference, resolveReferences } from './references.ts';

export interface PreparedRecord extends ConnectorRecord {
  hash: string;
  /** The records its body names (`@<plural>:<platform id>`). */
  references: PlatformReference[];
}

export type PreparedEvent = Exclude<ConnectorEvent, ConnectorRecord> | PreparedRecord;

/** Stands in for every reference while the body is validated: any catalogue identifier is valid there. */
const REFERENCE_STAND_IN = 'reference';

/** Why the body, stored as `platform`'s record, would not be a valid create body; undefined if it is. */
function invalidity(resource: ResourceType, record: ConnectorRecord, platform: string): string | undefined {
  const parsed = createSchema(resource, 'latest').safeParse({
    ...record.body,
    platform,
    platform_resource_identifier: record.platformResourceIdentifier,
  });
  return parsed.success ? undefined : detailText(validationError(parsed.error, 'json'));
}

export function prepareRecord(record: ConnectorRecord, platform: string): PreparedRecord | ConnectorRecordError {
  const resource = resourceByPlural(record.resource);
  const failure = (message: string): ConnectorRecordError => ({
    kind: 'error',
    resource: record.resource,
    platformResourceIdentifier: record.platformResourceIdentifier,
    message,
    ...(record.locator ? { locator: record.locator } : {}),
  });
  if (!resource) return failure(`unknown resource type ${record.resource}`);
  const references: PlatformReference[] = [];
  const { body } = resolveReferences(resource, record.body, (reference) => {
    references.push(reference);
    return REFERENCE_STAND_IN;
  });
  const problem = invalidity(resource, { ...record, body: body as Json }, platform);
  if (problem) return failure(`invalid record: ${problem}`);
  return { ...record, hash: contentHash(record.body), references };
}

/** The connector's events with each record prepared (or turned into a record error). */
export async function* prepareRecords(events: AsyncIterable<ConnectorEvent>, platform: string): AsyncGenerator<PreparedEvent> {
  for await (const event of events) yield event.kind === 'record' ? prepareRecord(event, platform) : event;
}
