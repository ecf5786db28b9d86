/**
 * Writes that lose a race are run again. Under concurrent writes MySQL/MariaDB choose deadlock
 * victims and roll them back whole (two writes that both read-lock a shared row, such as the
 * parent of two new parts, and then both want to update it), and a write can find that its asset
 * changed between reading it and writing it, or that a row it names went away after its checks
 * (a platform renamed meanwhile: the foreign key refuses the write). Running the whole operation
 * again (reading, checking, writing) is then safe and nearly always succeeds, or its checks answer
 * as they would have (412 for the platform that no longer exists). A caller who sent If-Match gets
 * its 412 from the check on the new read, as it should: the asset did change.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely, Transaction } from 'kysely';
import { isForeignKeyViolation, isLostRace } from '../database/dialect.ts';
import type { Tables } from '../database/tables.ts';
import { ApiError } from '../errors.ts';

/** The asset was changed by another write between this write's read and its update. */
export class ConcurrentChangeError extends ApiError {
  constructor() {
    super(412, 'The asset was changed by another request at the same time; read it again and retry.');
  }
}

const ATTEMPTS = 8;

/** Runs `operation`, again after a short random wait while it loses a race, up to eight times. */
export async function retryingLostRaces<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      const lost = isLostRace(error) || error instanceof ConcurrentChangeError || isForeignKeyViolation(error);
      if (!lost) throw error;
      if (attempt === ATTEMPTS) {
        if (isLostRace(error)) throw new ApiError(503, 'The catalogue is busy with other writes to the same assets; please retry.', { 'Retry-After': '1' });
        throw error;
      }
      // Spread out, so the writes that collided do not collide again.
      await sleep(attempt * (10 + Math.random() * 30));
    }
  }
}

/** `work` in one transaction, run again in a new one while it loses a race (see retryingLostRaces). */
export function retriedTransaction<T>(kysely: Kysely<Tables>, work: (trx: Transaction<Tables>) => Promise<T>): Promise<T> {
  return retryingLostRaces(() => kysely.transaction().execute(work));
}
