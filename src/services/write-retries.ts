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

/** Lost races (deadlocks, lock waits, a foreign key gone) are tried this many times. */
const ATTEMPTS = 8;
/**
 * Revision conflicts (ConcurrentChangeError) are tried again for this long: each round of writers
 * to one asset lets one of them through, so N writers at once need about N rounds, which a fixed
 * number of attempts does not cover (20 edits of one asset at once left some with a 412).
 */
const CONFLICT_BUDGET_MS = 10_000;

/** Runs `operation`, again after a short random wait while it loses a race (see ATTEMPTS and CONFLICT_BUDGET_MS). */
export async function retryingLostRaces<T>(operation: () => Promise<T>): Promise<T> {
  const started = Date.now();
  let lostRaces = 0;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      const conflict = error instanceof ConcurrentChangeError;
      if (!conflict && !isLostRace(error) && !isForeignKeyViolation(error)) throw error;
      if (!conflict) lostRaces += 1;
      const exhausted = conflict ? Date.now() - started >= CONFLICT_BUDGET_MS : lostRaces === ATTEMPTS;
      if (exhausted) {
        if (isLostRace(error)) throw new ApiError(503, 'The catalogue is busy with other writes to the same assets; please retry.', { 'Retry-After': '1' });
        throw error;
      }
      // Spread out, so the writes that collided do not collide again.
      await sleep(Math.min(attempt, ATTEMPTS) * (10 + Math.random() * 30));
    }
  }
}

/** `work` in one transaction, run again in a new one while it loses a race (see retryingLostRaces). */
export function retriedTransaction<T>(kysely: Kysely<Tables>, work: (trx: Transaction<Tables>) => Promise<T>): Promise<T> {
  return retryingLostRaces(() => kysely.transaction().execute(work));
}
