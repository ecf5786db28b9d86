/**
 * Users are learned from the tokens they sign in with: the first authenticated request of a
 * subject records its username, so permissions can be granted by username without Keycloak's
 * admin API. A small in-process cache keeps this off the hot path.
 */
import type { Principal } from '../auth/principal.ts';
import type { Executor } from '../database/dialect.ts';
import { insertUserIfMissing, upsertUser } from '../repositories/users.ts';
import { type Catalogue, timestamp } from './catalogue.ts';

const known = new WeakMap<Catalogue, Map<string, string>>();
const MAX_REMEMBERED = 10_000;

/** Records the principal's subject and username if this process has not seen them yet. */
export async function rememberUser(catalogue: Catalogue, principal: Principal): Promise<void> {
  if (principal.subject === null) return;
  let cache = known.get(catalogue);
  if (!cache) {
    cache = new Map();
    known.set(catalogue, cache);
  }
  const username = principal.username ?? principal.subject;
  if (cache.get(principal.subject) === username) return;
  await upsertUser(catalogue.database.kysely, catalogue.database.dialect, { subject: principal.subject, username, at: timestamp(catalogue) });
  if (cache.size >= MAX_REMEMBERED) cache.clear();
  cache.set(principal.subject, username);
}

/** Makes sure the principal exists as a user inside a write transaction (its permissions refer to it). */
export async function ensureUser(executor: Executor, catalogue: Catalogue, principal: Principal): Promise<void> {
  if (principal.subject === null) return;
  await insertUserIfMissing(executor, catalogue.database.dialect, {
    subject: principal.subject,
    username: principal.username ?? principal.subject,
    at: timestamp(catalogue),
  });
}
