/**
 * Managing per-asset permissions (reference v2 §2.5.8, §4.3). Users are named by username (learned
 * from their tokens: they must have signed in once) or by subject id. Nobody changes their own
 * permission, so an asset cannot lose its last administrator by accident.
 */
import { mayAdminister, requireSignedIn } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import { resourceOfIdentifier } from '../database/model/registry.ts';
import type { PermissionLevel } from '../database/tables.ts';
import { forbidden, notFound, unprocessable } from '../errors.ts';
import { findAsset } from '../repositories/assets.ts';
import { permissionsOf, permissionsOnAsset, removePermission, setPermission } from '../repositories/permissions.ts';
import { findUserByUsername, insertUserIfMissing } from '../repositories/users.ts';
import { type Catalogue, timestamp } from './catalogue.ts';

/** Keycloak subject ids are UUIDs; anything else names a user by username (AIoD's rule). */
const SUBJECT_PATTERN = /^\S{8}(-\S{4}){3}-\S{12}$/;

async function requireAdministeredAsset(catalogue: Catalogue, principal: Principal, identifier: string) {
  requireSignedIn(principal);
  const row = resourceOfIdentifier(identifier) ? await findAsset(catalogue.database.kysely, identifier) : undefined;
  if (!row || row.live === null) throw notFound(`Asset '${identifier}' not found.`);
  const permission = (await permissionsOf(catalogue.database.kysely, principal.subject as string, [identifier])).get(identifier);
  if (!mayAdminister(principal, permission)) throw forbidden('You need administrator permission on this asset to manage its permissions.');
  return row;
}

async function subjectOf(catalogue: Catalogue, user: string): Promise<string> {
  if (SUBJECT_PATTERN.test(user)) {
    // A subject that never signed in yet: remember it so the permission can refer to it.
    await insertUserIfMissing(catalogue.database.kysely, catalogue.database.dialect, { subject: user, username: user, at: timestamp(catalogue) });
    return user;
  }
  const found = await findUserByUsername(catalogue.database.kysely, user);
  if (!found) throw notFound(`User with name ${user} not found. Users become known when they first sign in.`);
  return found.subject;
}

/** Grants `level` to `user` on an asset, or removes their permission when level is null. */
export async function grantPermission(
  catalogue: Catalogue,
  principal: Principal,
  grant: { asset: string; user: string; level: PermissionLevel | null },
): Promise<void> {
  await requireAdministeredAsset(catalogue, principal, grant.asset);
  const subject = await subjectOf(catalogue, grant.user);
  if (subject === principal.subject) throw unprocessable('You cannot change permissions that pertain to yourself.');
  if (grant.level === null) await removePermission(catalogue.database.kysely, grant.asset, subject);
  else await setPermission(catalogue.database.kysely, catalogue.database.dialect, grant.asset, subject, grant.level);
}

export async function listPermissions(catalogue: Catalogue, principal: Principal, asset: string) {
  await requireAdministeredAsset(catalogue, principal, asset);
  const rows = await permissionsOnAsset(catalogue.database.kysely, asset);
  return rows.map((row) => ({ name: row.name, permission: row.permission }));
}
