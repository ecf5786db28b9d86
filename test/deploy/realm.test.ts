/**
 * keycloak/aiod-realm.json, checked without Keycloak: valid JSON; every role the code checks, and
 * no role it ignores; the four clients with their flows (PKCE for Swagger UI, the device grant for
 * the Python client, service accounts for scripts); tokens that carry realm_access.roles,
 * preferred_username and the aiod-api audience; development users; no committed secret.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mayDelete, mayEdit, mayManagePlatforms } from '../../src/auth/policy.ts';
import { ADMIN_ROLE, connectorPlatforms as platformsOf, isAdmin, isReviewer, type Principal, REVIEWER_ROLE } from '../../src/auth/principal.ts';
import { settingsWith } from '../../src/config.ts';
import { resourceTypes } from '../../src/database/model/registry.ts';
import { PRIVATE_PLATFORM_VIEWER_ROLE } from '../../src/services/visibility.ts';
import { environmentOf, interpolate, loadComposeFile, readRepositoryFile, repositoryFile, variableUses } from '../helpers/compose-file.ts';
import { CONNECTOR_PLATFORMS } from '../../src/connectors/names.ts';

interface Role {
  name: string;
  description?: string;
  composite?: boolean;
}
interface ProtocolMapper {
  protocolMapper: string;
  config: Record<string, string>;
}
interface Client {
  clientId: string;
  enabled?: boolean;
  publicClient?: boolean;
  secret?: string;
  standardFlowEnabled?: boolean;
  implicitFlowEnabled?: boolean;
  directAccessGrantsEnabled?: boolean;
  serviceAccountsEnabled?: boolean;
  redirectUris?: string[];
  webOrigins?: string[];
  attributes?: Record<string, string>;
  defaultClientScopes?: string[];
  protocolMappers?: ProtocolMapper[];
}
interface User {
  username: string;
  enabled: boolean;
  email?: string;
  firstName?: string;
  lastName?: string;
  credentials?: Array<{ type: string; value: string; temporary: boolean }>;
  realmRoles?: string[];
}
interface Realm {
  realm: string;
  enabled: boolean;
  sslRequired: string;
  registrationAllowed: boolean;
  accessTokenLifespan: number;
  roles: { realm: Role[] };
  clients: Client[];
  users: User[];
  clientScopes?: unknown;
}

const realmText = readRepositoryFile('keycloak/aiod-realm.json');
const realm = JSON.parse(realmText) as Realm;
const realmRoles = new Set(realm.roles.realm.map((role) => role.name));
/** Roles Keycloak creates in every realm by itself. */
const KEYCLOAK_BUILT_IN_ROLES = ['offline_access', 'uma_authorization', 'default-roles-aiod'];
const clientsById = new Map(realm.clients.map((client) => [client.clientId, client]));
const client = (id: string): Client => {
  const found = clientsById.get(id);
  if (!found) throw new Error(`no client ${id}`);
  return found;
};
const onlyRole = (role: string): Principal => ({ subject: 'someone', username: 'someone', roles: new Set([role]) });
const plurals = resourceTypes.map((resource) => resource.plural);

describe('keycloak/aiod-realm.json: the file', () => {
  it('is the only JSON file in keycloak/ (Keycloak imports every .json file there)', () => {
    const directory = repositoryFile('keycloak');
    const jsonFiles = readdirSync(directory).filter((name) => name.endsWith('.json') && statSync(join(directory, name)).isFile());
    expect(jsonFiles).toEqual(['aiod-realm.json']);
  });

  it('is realm aiod, enabled, without self-registration, with short-lived access tokens', () => {
    expect(realm.realm).toBe('aiod');
    expect(realm.enabled).toBe(true);
    expect(realm.registrationAllowed).toBe(false);
    expect(realm.sslRequired).toBe('external');
    expect(realm.accessTokenLifespan).toBe(300);
  });
});

describe('keycloak/aiod-realm.json: roles', () => {
  it('has every role the code checks', () => {
    for (const role of [ADMIN_ROLE, REVIEWER_ROLE, PRIVATE_PLATFORM_VIEWER_ROLE]) expect(realmRoles, role).toContain(role);
    for (const action of ['create', 'update', 'delete'] as const) {
      const granting = [...realmRoles].filter((role) => role !== ADMIN_ROLE && mayManagePlatforms(onlyRole(role), action));
      expect(granting, `${action} platforms`).toEqual([`${action}_platforms`]);
    }
    const asset = { platform: 'somewhere-else' };
    for (const plural of plurals) {
      const editors = [...realmRoles].filter((role) => role !== ADMIN_ROLE && mayEdit(onlyRole(role), asset, undefined, plural));
      const deleters = [...realmRoles].filter((role) => role !== ADMIN_ROLE && mayDelete(onlyRole(role), asset, undefined, plural));
      expect(editors, plural).toEqual([`update_${plural}`]);
      expect(deleters, plural).toEqual([`delete_${plural}`]);
    }
  });

  it('has a platform_<name> connector role for every connector platform', async () => {
    for (const platform of Object.values(CONNECTOR_PLATFORMS)) {
      const role = `platform_${platform}`;
      expect(realmRoles, role).toContain(role);
      expect(platformsOf(onlyRole(role))).toEqual([platform]);
    }
  });

  it('has no role the code ignores, and each role says what it allows', () => {
    const asset = { platform: 'somewhere-else' };
    for (const role of realm.roles.realm) {
      expect(KEYCLOAK_BUILT_IN_ROLES, `${role.name} is created by Keycloak itself`).not.toContain(role.name);
      expect(role.composite, role.name).toBe(false);
      expect(role.description?.length ?? 0, role.name).toBeGreaterThan(15);
      const principal = onlyRole(role.name);
      const grants =
        isAdmin(principal) ||
        isReviewer(principal) ||
        role.name === PRIVATE_PLATFORM_VIEWER_ROLE ||
        platformsOf(principal).length > 0 ||
        (['create', 'update', 'delete'] as const).some((action) => mayManagePlatforms(principal, action)) ||
        plurals.some((plural) => mayEdit(principal, asset, undefined, plural) || mayDelete(principal, asset, undefined, plural));
      expect(grants, `${role.name} grants nothing in the code`).toBe(true);
    }
  });

  it('covers every role check in the code (a new check needs its role here and in this test)', () => {
    const checks = new Set<string>();
    const visit = (directory: string) => {
      for (const name of readdirSync(directory)) {
        const path = join(directory, name);
        if (statSync(path).isDirectory()) visit(path);
        else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
          for (const match of readFileSync(path, 'utf8').matchAll(/roles\.has\(([^)]*)\)/g)) checks.add((match[1] as string).trim());
        }
      }
    };
    visit(repositoryFile('src'));
    expect([...checks].sort()).toEqual(
      ['ADMIN_ROLE', 'PRIVATE_PLATFORM_VIEWER_ROLE', 'REVIEWER_ROLE', '`${action}_platforms`', '`delete_${plural}`', '`update_${plural}`'].sort(),
    );
  });
});

describe('keycloak/aiod-realm.json: clients', () => {
  it('has the four clients of AIoD v2, enabled, on OpenID Connect', () => {
    expect([...clientsById.keys()].sort()).toEqual(['aiod-api', 'aiod-api-swagger', 'aiod-sdk', 'sdk-service']);
    for (const item of realm.clients) expect(item.enabled, item.clientId).toBe(true);
  });

  it('aiod-api: confidential, its secret from KEYCLOAK_CLIENT_SECRET, no browser flow', () => {
    const api = client('aiod-api');
    expect(api.publicClient).toBe(false);
    expect(api.secret).toBe('${KEYCLOAK_CLIENT_SECRET}');
    expect(api.standardFlowEnabled).toBe(false);
    expect(api.implicitFlowEnabled).toBe(false);
    expect(api.directAccessGrantsEnabled).toBe(false);
  });

  it('aiod-api-swagger: public, authorization code with PKCE S256, redirecting to the docs page the app serves', () => {
    const swagger = client('aiod-api-swagger');
    expect(swagger.clientId).toBe(settingsWith({}).OIDC_SWAGGER_CLIENT_ID);
    expect(swagger.publicClient).toBe(true);
    expect(swagger.standardFlowEnabled).toBe(true);
    expect(swagger.implicitFlowEnabled).toBe(false);
    expect(swagger.directAccessGrantsEnabled).toBe(false);
    expect(swagger.attributes?.['pkce.code.challenge.method']).toBe('S256');
    expect(swagger.redirectUris).toEqual(
      expect.arrayContaining(['${PUBLIC_URL}/docs/oauth2-redirect', 'http://localhost/docs/oauth2-redirect', 'http://localhost:8000/docs/oauth2-redirect']),
    );
    for (const uri of swagger.redirectUris ?? []) expect(uri).not.toContain('*');
    expect(swagger.webOrigins).toEqual(expect.arrayContaining(['${PUBLIC_URL}', 'http://localhost', 'http://localhost:8000']));
    expect(readRepositoryFile('src/routers/docs.ts')).toContain("app.get('/docs/oauth2-redirect'");
  });

  it('aiod-sdk: public, OAuth 2.0 device authorization grant only (the Python client signs in with it)', () => {
    const sdk = client('aiod-sdk');
    expect(sdk.publicClient).toBe(true);
    expect(sdk.attributes?.['oauth2.device.authorization.grant.enabled']).toBe('true');
    expect(sdk.standardFlowEnabled).toBe(false);
    expect(sdk.directAccessGrantsEnabled).toBe(false);
  });

  it('sdk-service: confidential with a service account (client credentials for scripts), its secret from the environment', () => {
    const service = client('sdk-service');
    expect(service.publicClient).toBe(false);
    expect(service.serviceAccountsEnabled).toBe(true);
    expect(service.secret).toBe('${KEYCLOAK_SDK_SERVICE_SECRET}');
    expect(service.standardFlowEnabled).toBe(false);
  });

  it('puts realm roles, the username and the subject into access tokens: Keycloak\'s built-in scopes on every client', () => {
    // Declaring any clientScopes would stop Keycloak from creating its built-in ones at import
    // (RealmManager.importRealm), and with them the `roles` scope's realm-roles mapper
    // (realm_access.roles), `profile`'s preferred_username and `basic`'s sub.
    expect(realm.clientScopes).toBeUndefined();
    for (const item of realm.clients) expect(item.defaultClientScopes, item.clientId).toEqual(expect.arrayContaining(['roles', 'profile', 'basic']));
  });

  it('gives every token the aiod-api audience, which the compose deployment requires', () => {
    for (const item of realm.clients) {
      const audience = item.protocolMappers?.find((mapper) => mapper.protocolMapper === 'oidc-audience-mapper');
      expect(audience?.config['included.client.audience'], item.clientId).toBe('aiod-api');
      expect(audience?.config['access.token.claim'], item.clientId).toBe('true');
    }
    const api = environmentOf(loadComposeFile().services.api as never);
    expect(interpolate(api.OIDC_AUDIENCE as string, {})).toBe('aiod-api');
  });
});

describe('keycloak/aiod-realm.json: users and secrets', () => {
  it('has the development users user, reviewer and admin with the roles their names say', () => {
    const users = new Map(realm.users.map((user) => [user.username, user]));
    expect([...users.keys()].sort()).toEqual(['admin', 'reviewer', 'user']);
    expect(users.get('reviewer')?.realmRoles).toContain(REVIEWER_ROLE);
    expect(users.get('admin')?.realmRoles).toContain(ADMIN_ROLE);
    expect(users.get('user')?.realmRoles).not.toContain(REVIEWER_ROLE);
    expect(users.get('user')?.realmRoles).not.toContain(ADMIN_ROLE);
    for (const user of realm.users) {
      expect(user.enabled, user.username).toBe(true);
      // A complete profile, so Keycloak does not stop the first sign-in to ask for one.
      expect(user.email && user.firstName && user.lastName, user.username).toBeTruthy();
      expect(user.credentials, user.username).toEqual([{ type: 'password', value: '${KEYCLOAK_DEV_USERS_PASSWORD}', temporary: false }]);
      for (const role of user.realmRoles ?? []) expect([...realmRoles, 'offline_access'], `${user.username}: ${role}`).toContain(role);
    }
  });

  it('commits no secret: client secrets and passwords are placeholders Keycloak fills from its environment at import', () => {
    const placeholders = variableUses(realmText).map((use) => use.name);
    expect(new Set(placeholders)).toEqual(new Set(['PUBLIC_URL', 'KEYCLOAK_CLIENT_SECRET', 'KEYCLOAK_SDK_SERVICE_SECRET', 'KEYCLOAK_DEV_USERS_PASSWORD']));
    for (const item of realm.clients) if (item.secret !== undefined) expect(item.secret).toMatch(/^\$\{[A-Z_]+\}$/);
    expect(realmText).not.toMatch(/"(secret|value)"\s*:\s*"(?!\$\{)[^"]+"/);
  });
});
