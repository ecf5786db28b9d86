/**
 * A real OpenID Connect server on loopback (oauth2-mock-server) that signs real RS256 tokens, in
 * the shape Keycloak gives them (preferred_username, realm_access.roles), for tests that exercise
 * token verification end to end.
 */
import { OAuth2Server } from 'oauth2-mock-server';

export interface TestUser {
  username: string;
  subject?: string;
  roles?: string[];
}

export interface TestIdentityProvider {
  issuer: string;
  jwksUrl: string;
  /** A valid access token for the user; `change` may alter header or claims (to make bad tokens). */
  token(user: TestUser, options?: { expiresIn?: number; change?: (header: Record<string, unknown>, claims: Record<string, unknown>) => void }): Promise<string>;
  /** Adds a new signing key (key rotation); tokens signed with it name it in `kid`. */
  rotateKey(): Promise<string>;
  stop(): Promise<void>;
}

export function subjectOf(username: string): string {
  const hex = Buffer.from(username.padEnd(16, '.')).toString('hex').padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export async function startIdentityProvider(): Promise<TestIdentityProvider> {
  const server = new OAuth2Server();
  let kid = (await server.issuer.keys.generate('RS256')).kid;
  await server.start(0, '127.0.0.1');
  const issuer = server.issuer.url as string;
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    token: (user, options = {}) =>
      server.issuer.buildToken({
        kid,
        expiresIn: options.expiresIn ?? 300,
        scopesOrTransform: (header, payload) => {
          payload.sub = user.subject ?? subjectOf(user.username);
          payload.preferred_username = user.username;
          payload.realm_access = { roles: user.roles ?? [] };
          options.change?.(header as Record<string, unknown>, payload as Record<string, unknown>);
        },
      }),
    rotateKey: async () => {
      kid = (await server.issuer.keys.generate('RS256')).kid;
      return kid;
    },
    stop: () => server.stop(),
  };
}
