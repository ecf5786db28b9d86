/**
 * The platform table: where assets come from. Names are lower-case; a platform still used by any
 * asset (deleted ones included, they keep their platform) cannot be deleted.
 */
import type { Principal } from '../auth/principal.ts';
import { mayManagePlatforms } from '../auth/policy.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../database/dialect.ts';
import { conflict, forbidden, notFound, unprocessable } from '../errors.ts';
import { appendChangesForPlatform } from '../repositories/change-log.ts';
import { recountAll } from '../repositories/counts.ts';
import {
  countPlatforms,
  deletePlatform,
  findPlatformById,
  findPlatformByName,
  insertPlatform,
  isPlatformInUse,
  listPlatforms,
  type PlatformRow,
  renamePlatform,
} from '../repositories/platforms.ts';
import type { Catalogue } from './catalogue.ts';
import { staleRendering } from './render-stamps.ts';
import { retriedTransaction } from './write-retries.ts';

export const PLATFORM_NAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/** Platforms every catalogue starts with (AIoD's seed list). */
export const SEED_PLATFORMS = ['aiod', 'ai4europe_cms', 'example', 'openml', 'huggingface', 'zenodo', 'ai4experiments', 'aibuilder'];

function requireName(name: string): void {
  if (!PLATFORM_NAME_PATTERN.test(name)) {
    throw unprocessable([
      {
        loc: ['body', 'name'],
        msg: 'A platform name is 1 to 64 lower-case letters, digits, "_", "-" or ".", starting with a letter or digit.',
        type: 'value_error',
      },
    ]);
  }
}

function requireAllowed(principal: Principal, action: 'create' | 'update' | 'delete'): void {
  if (!mayManagePlatforms(principal, action)) throw forbidden(`You do not have permission to ${action} platforms.`);
}

export async function requirePlatformRow(catalogue: Catalogue, identifier: number): Promise<PlatformRow> {
  const row = await findPlatformById(catalogue.database.kysely, identifier);
  if (!row) throw notFound(`Platform '${identifier}' not found in the database.`);
  return row;
}

export const platformPage = (catalogue: Catalogue, offset: number, limit: number) =>
  listPlatforms(catalogue.database.kysely, offset, limit);

export const platformCount = (catalogue: Catalogue) => countPlatforms(catalogue.database.kysely);

async function requireFreeName(catalogue: Catalogue, name: string): Promise<void> {
  const existing = await findPlatformByName(catalogue.database.kysely, name);
  if (existing) throw conflict(`There already exists a platform with the name ${name}, with identifier=${existing.identifier}.`);
}

export async function createPlatform(catalogue: Catalogue, principal: Principal, name: string): Promise<number> {
  requireAllowed(principal, 'create');
  requireName(name);
  await requireFreeName(catalogue, name);
  try {
    return await insertPlatform(catalogue.database.kysely, name);
  } catch (error) {
    if (isUniqueViolation(error)) await requireFreeName(catalogue, name);
    throw error;
  }
}

export async function renamePlatformById(
  catalogue: Catalogue,
  principal: Principal,
  identifier: number,
  name: string,
): Promise<void> {
  requireAllowed(principal, 'update');
  requireName(name);
  const row = await requirePlatformRow(catalogue, identifier);
  if (row.name === name) return;
  await requireFreeName(catalogue, name);
  // Assets follow the rename through the foreign key (ON UPDATE CASCADE); counts are rebuilt with
  // it, and their stored renderings (which show the platform) are re-rendered in the background;
  // the change log tells search (and other followers) that those assets changed.
  try {
    await retriedTransaction(catalogue.database.kysely, async (trx) => {
      await renamePlatform(trx, identifier, name);
      await recountAll(trx);
      // The rename changes those assets: a write that read one before it must read it again
      // (its revision check fails), or it would count and render it under the old name.
      await trx
        .updateTable('asset')
        .set((eb) => ({ ...staleRendering(), revision: eb('revision', '+', 1) }))
        .where('platform', '=', name)
        .execute();
      await appendChangesForPlatform(trx, name, catalogue.now().toISOString());
    });
  } catch (error) {
    // Another request took the name since the check: the same 409.
    if (isUniqueViolation(error)) await requireFreeName(catalogue, name);
    throw error;
  }
}

export async function deletePlatformById(catalogue: Catalogue, principal: Principal, identifier: number): Promise<void> {
  requireAllowed(principal, 'delete');
  const row = await requirePlatformRow(catalogue, identifier);
  const inUse = () => conflict(`Platform ${row.name} is used by assets and cannot be deleted.`);
  if (await isPlatformInUse(catalogue.database.kysely, row.name)) throw inUse();
  try {
    await deletePlatform(catalogue.database.kysely, identifier);
  } catch (error) {
    // An asset of the platform was created since the check: its foreign key refuses the delete.
    if (isForeignKeyViolation(error)) throw inUse();
    throw error;
  }
}
