/**
 * Who is calling. Every permission decision takes a Principal; how one is obtained from a request
 * is the Authenticator's business (authenticator.ts), so authentication can change without touching
 * the rules. Role names follow AIoD v2 (reference v2 §4.2).
 */
export interface Principal {
  /** Stable subject id (Keycloak `sub`); null for anonymous callers. */
  subject: string | null;
  username: string | null;
  roles: ReadonlySet<string>;
  /**
   * An operator inside the process (a CLI tool, a test): may set any platform and publishes at
   * once. Never set for a principal made from a request or a token.
   */
  trusted?: true;
}

export const ADMIN_ROLE = 'admin_aiod_resources';
export const REVIEWER_ROLE = 'review_aiod_resources';
const CONNECTOR_ROLE_PREFIX = 'platform_';

export const anonymous: Principal = { subject: null, username: null, roles: new Set() };

/** An in-process operator principal (tools and tests), with the administrator role. */
export function operator(name: string): Principal {
  return { subject: `operator:${name}`, username: `operator:${name}`, roles: new Set([ADMIN_ROLE]), trusted: true };
}

export function isAuthenticated(principal: Principal): boolean {
  return principal.subject !== null;
}

export function isAdmin(principal: Principal): boolean {
  return principal.roles.has(ADMIN_ROLE);
}

export function isReviewer(principal: Principal): boolean {
  return principal.roles.has(REVIEWER_ROLE) || isAdmin(principal);
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
