/** Bookmarks (reference v2 §2.5.11): a signed-in user's saved assets, newest last. */
import { requireSignedIn } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import { resourceOfIdentifier } from '../database/model/registry.ts';
import { insertIgnoringDuplicates } from '../database/dialect.ts';
import { notFound } from '../errors.ts';
import { findAsset } from '../repositories/assets.ts';
import { permissionsOf } from '../repositories/permissions.ts';
import { type Catalogue, timestamp } from './catalogue.ts';
import { ensureUser } from './users.ts';
import { canView } from './visibility.ts';
import { retriedTransaction } from './write-retries.ts';

export interface Bookmark {
  resource_identifier: string;
  created_at: string;
}

export async function listBookmarks(catalogue: Catalogue, principal: Principal, offset: number, limit: number) {
  requireSignedIn(principal);
  const executor = catalogue.database.kysely;
  const rows = await executor
    .selectFrom('bookmark')
    .select(['asset as resource_identifier', 'created_at'])
    .where('subject', '=', principal.subject as string)
    .orderBy('created_at')
    .orderBy('asset')
    .limit(limit)
    .offset(offset)
    .execute();
  const total = await executor
    .selectFrom('bookmark')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subject', '=', principal.subject as string)
    .executeTakeFirstOrThrow();
  return { items: rows as Bookmark[], total: Number(total.n) };
}

/** Bookmarks an asset the caller can see; bookmarking it again returns the existing bookmark. */
export async function addBookmark(catalogue: Catalogue, principal: Principal, identifier: string): Promise<Bookmark> {
  requireSignedIn(principal);
  const executor = catalogue.database.kysely;
  const row = resourceOfIdentifier(identifier) ? await findAsset(executor, identifier) : undefined;
  const permission = row ? (await permissionsOf(executor, principal.subject as string, [identifier])).get(identifier) : undefined;
  if (!row || row.live === null || !canView(principal, row, permission)) throw notFound(`Resource ${identifier} does not exist.`);
  await retriedTransaction(executor, async (trx) => {
    await ensureUser(trx, catalogue, principal);
    await insertIgnoringDuplicates(trx, catalogue.database.dialect, 'bookmark')
      .values({ subject: principal.subject as string, asset: identifier, created_at: timestamp(catalogue) })
      .execute();
  });
  const stored = await executor
    .selectFrom('bookmark')
    .select(['asset as resource_identifier', 'created_at'])
    .where('subject', '=', principal.subject as string)
    .where('asset', '=', identifier)
    .executeTakeFirstOrThrow();
  return stored as Bookmark;
}

/** Removes a bookmark; removing one that does not exist is not an error. */
export async function removeBookmark(catalogue: Catalogue, principal: Principal, identifier: string): Promise<void> {
  requireSignedIn(principal);
  await catalogue.database.kysely
    .deleteFrom('bookmark')
    .where('subject', '=', principal.subject as string)
    .where('asset', '=', identifier)
    .execute();
}
