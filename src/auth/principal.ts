/**
 * Who is calling. Every permission decision takes a Principal; how one is obtained from a request
 * is the Authenticator's business (authenticator.ts), so authentication can change without touching
 * the rules.
 */
export interface Principal {
  /** Stable subject id (Keycloak `sub`); null for anonymous callers. */
  subject: string | null;
  username: string | null;
  roles: ReadonlySet<string>;
}

export const ADMIN_ROLE = 'admin_aiod_resources';
export const REVIEWER_ROLE = 'review_aiod_resources';
const CONNECTOR_ROLE_PREFIX = 'platform_';

export const anonymous: Principal = { subject: null, username: null, roles: new Set() };

export function isAuthenticated(principal: Principal): boolean {
  return principal.subject !== null;
}

export function isAdmin(principal: Principal): boolean {
  return principal.roles.has(ADMIN_ROLE);
}

/** Platforms the principal harvests for, from its `platform_<name>` roles. */
export function connectorPlatforms(principal: Principal): string[] {
  return [...principal.roles]
    .filter((role) => role.startsWith(CONNECTOR_ROLE_PREFIX))
    .map((role) => role.slice(CONNECTOR_ROLE_PREFIX.length));
}

export function isConnector(principal: Principal): boolean {
  return connectorPlatforms(principal).length > 0;
}
