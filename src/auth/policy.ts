/**
 * The write rules of the catalogue that depend on who is calling (reference v2 §2.5.2-2.5.4, §4).
 * Services ask these functions; no route or repository decides permissions on its own.
 */
import { forbidden } from '../errors.ts';
import { connectorPlatforms, isAdmin, isAuthenticated, isConnector, type Principal } from './principal.ts';

/** The development administrator's role: trusted like a connector for every platform. */
export const DEVELOPMENT_ROLE = 'development_administrator';

export const NATIVE_PLATFORM = 'aiod';

function isTrusted(principal: Principal): boolean {
  return principal.roles.has(DEVELOPMENT_ROLE);
}

export function requireSignedIn(principal: Principal): void {
  if (!isAuthenticated(principal)) throw forbidden('This endpoint requires you to be signed in.');
}

/** New assets start as drafts, except what connectors and trusted callers write, or when reviews are off. */
export function statusOfNewAsset(principal: Principal, reviewsDisabled: boolean): 'draft' | 'published' {
  return reviewsDisabled || isConnector(principal) || isTrusted(principal) ? 'published' : 'draft';
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
  if (isTrusted(principal)) {
    if (!setsEither) return { platform: NATIVE_PLATFORM, platformResourceIdentifier: identifier };
    if (platform === undefined || platformResourceIdentifier === undefined) {
      throw new PlatformFieldsError();
    }
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

/** Both platform fields or neither: AIoD's "xnor" rule, a 400. */
export class PlatformFieldsError extends Error {
  constructor() {
    super(
      'If platform is NULL, platform_resource_identifier should also be NULL, and vice versa. ' +
        'Set both platform and platform_resource_identifier, or neither.',
    );
  }
}

/** Whether the principal may change an existing asset (PUT/PATCH). */
export function mayEdit(principal: Principal, asset: { platform: string }): boolean {
  return isTrusted(principal) || isAdmin(principal) || connectorPlatforms(principal).includes(asset.platform);
}

/** Whether the principal may delete an existing asset. */
export function mayDelete(principal: Principal, asset: { platform: string }): boolean {
  return mayEdit(principal, asset);
}

/** Whether the principal may manage the platform table. */
export function mayManagePlatforms(principal: Principal, action: 'create' | 'update' | 'delete'): boolean {
  return isTrusted(principal) || isAdmin(principal) || principal.roles.has(`${action}_platforms`);
}
