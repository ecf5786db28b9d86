/**
 * Bearer tokens are verified locally with jose against the identity provider's keys (JWKS, cached,
 * fetched again when a token names an unknown key), not by a call to Keycloak per request.
 * Checked: signature, issuer, expiry (with a small clock skew), algorithm (asymmetric only, so
 * neither `alg: none` nor an HMAC "signed" with the public key passes), and optionally audience.
 */
import { createLocalJWKSet, createRemoteJWKSet, errors, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import { ApiError, unauthorized } from '../errors.ts';
import type { Principal } from './principal.ts';

export const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export interface TokenVerifier {
  /** The principal the token stands for; throws a 401 ApiError when it must not be trusted. */
  verify(token: string): Promise<Principal>;
}

export interface VerifierOptions {
  issuer: string;
  audience?: string;
  clockToleranceSeconds: number;
}

export interface RemoteKeyOptions {
  /** After a key rotation, a token names a key not fetched yet: fetch again, but not more often than this. */
  refreshCooldownSeconds: number;
}

/** Keycloak puts realm roles in `realm_access.roles`. */
export function principalFromClaims(payload: JWTPayload): Principal {
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw unauthorized('Invalid authentication token: no subject.');
  const realmAccess = payload.realm_access as { roles?: unknown } | undefined;
  const roles = Array.isArray(realmAccess?.roles) ? realmAccess.roles.filter((role): role is string => typeof role === 'string') : [];
  const username = typeof payload.preferred_username === 'string' ? payload.preferred_username : payload.sub;
  return { subject: payload.sub, username, roles: new Set(roles) };
}

type KeySet = Parameters<typeof jwtVerify>[1];

function verifierWith(keys: KeySet, options: VerifierOptions): TokenVerifier {
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          algorithms: ALLOWED_ALGORITHMS,
          clockTolerance: options.clockToleranceSeconds,
          ...(options.audience ? { audience: options.audience } : {}),
        });
        return principalFromClaims(payload);
      } catch (error) {
        if (error instanceof ApiError) throw error;
        if (error instanceof errors.JWKSTimeout || (error instanceof Error && error.name === 'TypeError' && /fetch/i.test(error.message))) {
          throw new ApiError(503, 'Cannot verify the token: the identity provider does not answer.');
        }
        const reason = error instanceof errors.JOSEError ? error.code : 'malformed token';
        throw unauthorized(`Invalid authentication token (${reason}).`);
      }
    },
  };
}

/** Verifies against a remote JWKS (Keycloak: `<issuer>/protocol/openid-connect/certs`). */
export function remoteVerifier(jwksUrl: string, options: VerifierOptions & RemoteKeyOptions): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(jwksUrl), {
    cooldownDuration: options.refreshCooldownSeconds * 1000,
    cacheMaxAge: 10 * 60_000,
  });
  return verifierWith(keys, options);
}

/** Verifies against keys held in the process (the local development issuer). */
export function localVerifier(keys: JSONWebKeySet, options: VerifierOptions): TokenVerifier {
  return verifierWith(createLocalJWKSet(keys), options);
}
