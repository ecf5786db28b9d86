/**
 * Stamps: a new random number stored with a row each time what a reader may keep a copy of
 * changes (an asset's renderings, a search term's entry sets), so the copy's holder can tell
 * from the stamp alone whether it is still current (stamped-cache.ts). Random rather than
 * counted: replicas write without coordinating, and a repeat is a 1 in 2^48 chance.
 */
import { randomInt } from 'node:crypto';

const STAMP_RANGE = 2 ** 48;

/** A new stamp, never 0 (the stamp of rows stored before stamps existed). */
export function newStamp(): number {
  return randomInt(1, STAMP_RANGE);
}
