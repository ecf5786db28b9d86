/**
 * The platform records a batch writes (creates, updates, deletes) and those it reads (the same,
 * plus the records they refer to and those that failed), as `<plural>\0<platform id>` keys. On
 * MySQL/MariaDB a batch is decided while the batch before it is still being written; that is safe
 * only when their footprints do not meet, since the later batch cannot see the earlier one's rows
 * before they are committed.
 */
import type { SinkEvent } from './sink.ts';

const keyOf = (plural: string, platformId: string) => `${plural}\u0000${platformId}`;

function meet(left: Set<string>, right: Set<string>): boolean {
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  for (const key of small) if (large.has(key)) return true;
  return false;
}

export class BatchFootprint {
  readonly writes = new Set<string>();
  readonly reads = new Set<string>();

  constructor(events: readonly SinkEvent[]) {
    for (const event of events) {
      if (event.platformResourceIdentifier === undefined) continue;
      const key = keyOf(event.resource, event.platformResourceIdentifier);
      this.reads.add(key);
      if (event.kind === 'error') continue;
      this.writes.add(key);
      if (event.kind !== 'record') continue;
      for (const reference of event.references) this.reads.add(keyOf(reference.plural, reference.platformResourceIdentifier));
    }
  }

  /** Whether one batch reads or writes a record the other writes. */
  meets(other: BatchFootprint): boolean {
    return meet(this.reads, other.writes) || meet(this.writes, other.reads);
  }
}
