/**
 * The rules of who may do what (reference v2 §2.5, §4). Services ask these functions; no route or
 * repository decides permissions on its own. Per-asset permissions are levels read < write < admin;
 * the administrator role counts as admin on every asset.
 */
import type { PermissionLevel } from '../database/tables.ts';
import { forbidden, unauthorized } from '../errors.ts';
import { connectorPlatforms, isAdmin, isAuthenticated, isConnector, type Principal } from './principal.ts';

export const NATIVE_PLATFORM = 'aiod';

const RANK: Record<PermissionLevel, number> = { read: 1, write: 2, admin: 3 };

export function atLeast(level: PermissionLevel | undefined, wanted: PermissionLevel): boolean {
  return level !== undefined && RANK[level] >= RANK[wanted];
}

export function requireSignedIn(principal: Principal): void {
  if (!isAuthenticated(principal)) {
    throw unauthorized('No token found - This endpoint requires authorization. You need to be logged in.');
  }
}

/** New assets start as drafts, except what connectors and operators write, or when reviews are off. */
export function statusOfNewAsset(principal: Principal, reviewsDisabled: boolean): 'draft' | 'published' {
  return reviewsDisabled || isConnector(principal) || principal.trusted === true ? 'published' : 'draft';
}

/** Both platform fields or neither: AIoD's "xnor" rule, a 400. */
export class PlatformFieldsError extends Error {
  constructor() {
    super(
      'If platform is NULL, platform_resource_identifier should also be NULL, and vice versa. ' +
        'Set both platform and platform_resource_identifier, or neither.',
    );
  }
}

/**
 * Checks who may set `platform` / `platform_resource_identifier` and returns the values to store.
 * Users get platform "aiod" with their asset's identifier; connectors must name their own platform.
 */
export function resolvePlatformFields(
  principal: Principal,
  requested: { platform: string | undefined; platformResourceIdentifier: string | undefined },
  identifier: string,
): { platform: string; platformResourceIdentifier: string } {
  const { platform, platformResourceIdentifier } = requested;
  const setsEither = platform !== undefined || platformResourceIdentifier !== undefined;
  if (principal.trusted) {
    if (!setsEither) return { platform: NATIVE_PLATFORM, platformResourceIdentifier: identifier };
    if (platform === undefined || platformResourceIdentifier === undefined) throw new PlatformFieldsError();
    return { platform, platformResourceIdentifier };
  }
  if (isConnector(principal)) {
    if (platform === undefined || !connectorPlatforms(principal).includes(platform)) {
      throw forbidden(`No permission to upload assets for ${platform ?? 'this'} platform.`);
    }
    if (platformResourceIdentifier === undefined) {
      throw forbidden('A connector must set platform_resource_identifier.');
    }
    return { platform, platformResourceIdentifier };
  }
  if (setsEither) throw forbidden('No permission to set platform or platform resource identifier.');
  return { platform: NATIVE_PLATFORM, platformResourceIdentifier: identifier };
}

function isConnectorOf(principal: Principal, platform: string): boolean {
  return connectorPlatforms(principal).includes(platform);
}

/** PUT/PATCH: write permission, `update_<plural>`, the asset's platform connector, or an administrator. */
export function mayEdit(principal: Principal, asset: { platform: string }, permission: PermissionLevel | undefined, plural: string): boolean {
  return (
    principal.trusted === true ||
    isAdmin(principal) ||
    atLeast(permission, 'write') ||
    principal.roles.has(`update_${plural}`) ||
    isConnectorOf(principal, asset.platform)
  );
}

/** DELETE: admin permission, `delete_<plural>`, the asset's platform connector, or an administrator. */
export function mayDelete(principal: Principal, asset: { platform: string }, permission: PermissionLevel | undefined, plural: string): boolean {
  return (
    principal.trusted === true ||
    isAdmin(principal) ||
    permission === 'admin' ||
    principal.roles.has(`delete_${plural}`) ||
    isConnectorOf(principal, asset.platform)
  );
}

/** Submit, retract, grant permissions: admin permission on the asset, or an administrator. */
export function mayAdminister(principal: Principal, permission: PermissionLevel | undefined): boolean {
  return principal.trusted === true || isAdmin(principal) || permission === 'admin';
}

/** Whether the principal may manage the platform table (`create_platforms`, ...). */
export function mayManagePlatforms(principal: Principal, action: 'create' | 'update' | 'delete'): boolean {
  return principal.trusted === true || isAdmin(principal) || principal.roles.has(`${action}_platforms`);
}
