/**
 * How a request becomes a Principal: no Authorization header means anonymous; a bearer token must
 * verify (else 401 with `WWW-Authenticate: Bearer`). Which verifier is used follows from settings:
 * the configured OIDC issuer (Keycloak), or, for the embedded development catalogue only, the local
 * development issuer (see local-issuer.ts). Production without an issuer refuses to start.
 */
import type { Context } from 'hono';
import { SettingsError } from '../config.ts';
import { unauthorized } from '../errors.ts';
import type { Catalogue } from '../services/catalogue.ts';
import { rememberUser } from '../services/users.ts';
import { LOCAL_ISSUER, loadOrCreateLocalKey } from './local-issuer.ts';
import { anonymous, type Principal } from './principal.ts';
import { localVerifier, remoteVerifier, type TokenVerifier } from './tokens.ts';

export type Authenticator = (c: Context) => Promise<Principal>;

export function bearerAuthenticator(
  verifier: TokenVerifier | undefined,
  onSignedIn: (principal: Principal) => Promise<void> = async () => {},
): Authenticator {
  return async (c) => {
    const header = c.req.header('authorization');
    if (header === undefined || header.trim() === '') return anonymous;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('The Authorization header must be "Bearer <token>".');
    if (!verifier) throw unauthorized('This catalogue has no identity provider configured: tokens cannot be accepted.');
    const principal = await verifier.verify(match[1] as string);
    await onSignedIn(principal);
    return principal;
  };
}

/** Keycloak serves a realm's keys here. */
export function keycloakJwksUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/protocol/openid-connect/certs`;
}

export async function tokenVerifierFromSettings(catalogue: Catalogue): Promise<TokenVerifier | undefined> {
  const settings = catalogue.settings;
  const clockToleranceSeconds = settings.OIDC_CLOCK_TOLERANCE_SECONDS;
  if (settings.OIDC_ISSUER) {
    return remoteVerifier(settings.OIDC_JWKS_URL || keycloakJwksUrl(settings.OIDC_ISSUER), {
      issuer: settings.OIDC_ISSUER,
      clockToleranceSeconds,
      refreshCooldownSeconds: settings.OIDC_JWKS_REFRESH_COOLDOWN_SECONDS,
      ...(settings.OIDC_AUDIENCE ? { audience: settings.OIDC_AUDIENCE } : {}),
    });
  }
  if (settings.DEPLOYMENT_TYPE === 'production') {
    throw new SettingsError('OIDC_ISSUER: required when DEPLOYMENT_TYPE is production (the Keycloak realm URL).');
  }
  if (settings.DEPLOYMENT_TYPE !== 'development') return undefined;
  const key = await loadOrCreateLocalKey(settings.LOCAL_SIGNING_KEY_FILE);
  catalogue.logger.info({ issuer: LOCAL_ISSUER }, 'no OIDC_ISSUER: accepting tokens minted by the `token` command (development only)');
  return localVerifier({ keys: [key.publicJwk] }, { issuer: LOCAL_ISSUER, clockToleranceSeconds });
}

export async function authenticatorFromSettings(catalogue: Catalogue): Promise<Authenticator> {
  const verifier = await tokenVerifierFromSettings(catalogue);
  return bearerAuthenticator(verifier, (principal) => rememberUser(catalogue, principal));
}
