/**
 * Sign-in without Keycloak, for the embedded development catalogue only: a signing key made on
 * first use (kept in a file), and tokens minted for any user and roles by the `token` command.
 * The API refuses to use it when the deployment type is production.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

export const LOCAL_ISSUER = 'urn:aiod:local-development';

export interface LocalKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** Reads the development signing key, creating it (readable by its owner only) if missing. */
export async function loadOrCreateLocalKey(file: string): Promise<LocalKey> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalKey;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const publicJwk = await exportJWK(publicKey);
  const kid = createHash('sha256').update(JSON.stringify(publicJwk)).digest('base64url').slice(0, 16);
  const key: LocalKey = { kid, privateJwk: { ...privateJwk, kid, alg: 'RS256' }, publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' } };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

/** A stable, UUID-shaped subject for a local username (Keycloak subjects look like UUIDs). */
export function localSubject(username: string): string {
  const hex = createHash('sha256').update(`local:${username}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export async function mintLocalToken(key: LocalKey, user: { username: string; roles: string[]; hours: number }): Promise<string> {
  const privateKey = await importJWK(key.privateJwk, 'RS256');
  return new SignJWT({ preferred_username: user.username, realm_access: { roles: user.roles } })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setSubject(localSubject(user.username))
    .setIssuedAt()
    .setExpirationTime(`${user.hours}h`)
    .sign(privateKey);
}
