/**
 * docker-compose.yml, checked without Docker: the services and profiles the README promises,
 * pinned images, health checks and start order, every variable documented in .env.example and no
 * secret committed, and catalogue settings that the catalogue's own settings parser accepts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSettings, loadSettings } from '../../src/config.ts';
import {
  allStrings,
  type ComposeFile,
  type ComposeService,
  dependenciesOf,
  environmentOf,
  interpolate,
  interpolateAll,
  loadComposeFile,
  loadEnvExample,
  MissingVariableError,
  readRepositoryFile,
  repositoryFile,
  variableUses,
} from '../helpers/compose-file.ts';
import { CONNECTOR_NAMES } from '../../src/connectors/names.ts';

const BASE_SERVICES = ['mysql', 'elasticsearch', 'keycloak', 'migrate', 'api', 'indexer', 'nginx'];
const PROFILED_SERVICES: Record<string, string> = {
  examples: 'examples',
  taxonomy: 'taxonomy',
  'connector-huggingface': 'huggingface-datasets',
  'connector-openml': 'openml',
  'connector-zenodo': 'zenodo-datasets',
};
/** Long-running services without an HTTP health endpoint, and why that is fine. */
const NO_HEALTHCHECK: Record<string, string> = {
  indexer: 'serves no HTTP; Docker restarts it when it exits and its lag is on the API /metrics',
};
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_KEY/;
/** The only secret-looking value .env.example may carry: the documented password of the realm's development users. */
const DOCUMENTED_DEV_DEFAULTS: Record<string, string> = { KEYCLOAK_DEV_USERS_PASSWORD: 'password' };

const raw = readRepositoryFile('docker-compose.yml');
const compose: ComposeFile = loadComposeFile();
const services = compose.services;
const envExample = loadEnvExample();
const catalogueImage = '${AIOD_IMAGE:-aiod-catalogue:local}';
const isCatalogue = (service: ComposeService) => service.image === catalogueImage;
const isOneShot = (service: ComposeService) => service.restart === 'no';

let scratch: string;
/** .env as scripts/init-env.sh writes it (fresh secrets), the way a deployment starts. */
let deploymentEnvironment: Record<string, string>;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'aiod-compose-test-'));
  const output = join(scratch, '.env');
  execFileSync(repositoryFile('scripts/init-env.sh'), ['--output', output], { stdio: 'pipe' });
  deploymentEnvironment = parseEnv(readFileSync(output, 'utf8')) as Record<string, string>;
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function resolvedEnvironment(name: string): Record<string, string> {
  return interpolateAll(environmentOf(services[name] as ComposeService), deploymentEnvironment);
}

describe('docker-compose.yml: services and profiles', () => {
  it('has exactly the planned services, the connectors and one-shots behind their profiles', () => {
    expect(Object.keys(services).sort()).toEqual([...BASE_SERVICES, ...Object.keys(PROFILED_SERVICES)].sort());
    for (const name of BASE_SERVICES) expect(services[name]?.profiles, name).toBeUndefined();
    for (const [name, profile] of Object.entries(PROFILED_SERVICES)) expect(services[name]?.profiles, name).toEqual([profile]);
    const profiles = new Set(Object.values(services).flatMap((service) => service.profiles ?? []));
    expect([...profiles].sort()).toEqual(['examples', 'huggingface-datasets', 'openml', 'taxonomy', 'zenodo-datasets']);
  });

  it('pins every image it pulls to a version, and builds the catalogue image once for all its processes', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.image, name).toBeDefined();
      if (isCatalogue(service)) {
        expect(service.build, name).toBe('.');
        continue;
      }
      expect(service.build, name).toBeUndefined();
      expect(service.image, name).toMatch(/^[a-z0-9./-]+:\d+\.\d+\.\d+(-[a-z0-9]+)?$/);
    }
  });

  it('runs Elasticsearch of the major version the catalogue\'s client speaks', () => {
    const image = services.elasticsearch?.image as string;
    const client = (JSON.parse(readRepositoryFile('package.json')) as { dependencies: Record<string, string> }).dependencies['@elastic/elasticsearch'];
    // A 9.x client refuses to talk to an 8.x server (and the reverse): keep them on one major.
    if (client) expect(image.split(':')[1]?.split('.')[0]).toBe(/\d+/.exec(client)?.[0]);
    expect(image).toMatch(/^docker\.elastic\.co\/elasticsearch\/elasticsearch:/);
  });

  it('runs only commands the catalogue\'s command line has, and connectors it knows', async () => {
    const main = readRepositoryFile('src/main.ts');
    const commands = new Set([...main.matchAll(/case '([a-z-]+)':/g)].map((match) => match[1]));
    const connectors: string[] = CONNECTOR_NAMES;
    for (const [name, service] of Object.entries(services)) {
      if (!isCatalogue(service)) continue;
      const [command, ...rest] = service.command ?? [];
      expect(commands.has(command as string), `${name}: ${command}`).toBe(true);
      if (command === 'connector') {
        expect(connectors, name).toContain(rest[0]);
        expect(rest[1], name).toBe('--schedule');
        // Five cron fields, whatever .env sets them to.
        expect(interpolate(rest[2] as string, deploymentEnvironment).split(/\s+/), name).toHaveLength(5);
        expect(interpolate(rest[2] as string, {}).split(/\s+/), name).toHaveLength(5);
      }
    }
    expect(services.api?.command).toEqual(['serve']);
    expect(services.indexer?.command).toEqual(['indexer']);
    expect(services.examples?.command).toEqual(['populate', '--example']);
    expect(services.taxonomy?.command?.[0]).toBe('load-taxonomies');
    expect(services.migrate?.command?.slice(0, 2)).toEqual(['migrate', '--rebuild-db']);
  });

  it('mounts only files that exist in the repository', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] as string;
        if (source.startsWith('./')) expect(existsSync(repositoryFile(source.slice(2))), `${name}: ${source}`).toBe(true);
        else expect(Object.keys(compose.volumes ?? {}), `${name}: named volume ${source}`).toContain(source);
      }
    }
  });
});

describe('docker-compose.yml: health and start order', () => {
  it('gives every long-running service a health check, and turns the image\'s off for one-shots', () => {
    for (const [name, service] of Object.entries(services)) {
      if (isOneShot(service)) {
        expect(service.healthcheck?.disable, name).toBe(true);
        continue;
      }
      expect(service.restart, name).toBe('unless-stopped');
      if (name in NO_HEALTHCHECK) {
        expect(service.healthcheck?.disable, name).toBe(true);
        continue;
      }
      const test = service.healthcheck?.test;
      expect(Array.isArray(test) && ['CMD', 'CMD-SHELL'].includes(test[0] as string), name).toBe(true);
      for (const field of ['interval', 'timeout', 'start_period'] as const) expect(service.healthcheck?.[field], `${name} ${field}`).toMatch(/^\d+s$/);
    }
  });

  it('starts each service after what it needs is healthy (or, for one-shots, done)', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(dependenciesOf(service))) {
        const target = services[dependency];
        expect(target, `${name} depends on ${dependency}`).toBeDefined();
        expect(target?.profiles, `${name} must not need the profiled ${dependency}`).toBeUndefined();
        const expected = isOneShot(target as ComposeService)
          ? 'service_completed_successfully'
          : target?.healthcheck?.disable
            ? 'service_started'
            : 'service_healthy';
        expect(condition, `${name} → ${dependency}`).toBe(expected);
      }
    }
    for (const [name, service] of Object.entries(services)) {
      if (isCatalogue(service) && name !== 'migrate') expect(dependenciesOf(service).migrate?.condition, name).toBe('service_completed_successfully');
    }
    expect(Object.keys(dependenciesOf(services.api as ComposeService)).sort()).toEqual(['elasticsearch', 'migrate', 'mysql']);
    expect(Object.keys(dependenciesOf(services.nginx as ComposeService)).sort()).toEqual(['api', 'keycloak']);
    expect(Object.keys(dependenciesOf(services.keycloak as ComposeService))).toEqual(['mysql']);
  });

  it('checks the API\'s health the way the image does, on /health', () => {
    const test = (services.api?.healthcheck?.test as string[]).join(' ');
    expect(test).toContain('http://127.0.0.1:8000/health');
    expect(test).not.toMatch(/curl|wget/);
    const connectorCheck = (services['connector-openml']?.healthcheck?.test as string[]).join(' ');
    expect(connectorCheck).toContain('http://127.0.0.1:8001/status');
    for (const name of ['connector-huggingface', 'connector-openml', 'connector-zenodo']) expect(resolvedEnvironment(name).CONNECTOR_PORT).toBe('8001');
  });
});

describe('docker-compose.yml and .env.example: variables and secrets', () => {
  // Values only: Compose interpolates values, not comments or keys.
  const uses = allStrings(parse(raw)).flatMap(variableUses);

  it('uses variables only as ${NAME} forms', () => {
    expect(uses.filter((use) => use.operator === 'bare').map((use) => use.name)).toEqual([]);
    expect(uses.length).toBeGreaterThan(20);
  });

  it('documents every variable it uses in .env.example, with a comment, and nothing else', () => {
    const documented = new Map(envExample.entries.map((entry) => [entry.name, entry]));
    const used = new Set(uses.map((use) => use.name));
    for (const name of used) {
      expect(documented.has(name), `${name} is used in docker-compose.yml but not in .env.example`).toBe(true);
      expect(documented.get(name)?.comment.length ?? 0, `${name} has no comment in .env.example`).toBeGreaterThan(10);
    }
    for (const name of documented.keys()) expect(used.has(name), `${name} is in .env.example but docker-compose.yml does not use it`).toBe(true);
  });

  it('commits no secret: .env.example leaves them empty, the compose file only references variables', () => {
    for (const entry of envExample.entries.filter((item) => SECRET_NAME.test(item.name))) {
      expect(entry.value, entry.name).toBe(DOCUMENTED_DEV_DEFAULTS[entry.name] ?? '');
    }
    for (const [name, value] of Object.entries(DOCUMENTED_DEV_DEFAULTS)) {
      expect(envExample.entries.find((entry) => entry.name === name)?.comment, name).toMatch(/[Dd]evelopment only/);
      expect(value).toBeTruthy();
    }
    for (const [serviceName, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        if (!SECRET_NAME.test(key)) continue;
        expect(value, `${serviceName}.${key}`).toMatch(/^\$\{[A-Z_]+(:[?-][^}]*)?\}$/);
      }
    }
    // No default password hides anywhere else in the file either.
    for (const use of uses.filter((item) => SECRET_NAME.test(item.name) && !item.name.endsWith('TOKEN'))) {
      expect([':?', '?'], `${use.name} must be required (\${${use.name}:?...}), not defaulted`).toContain(use.operator);
    }
  });

  it('refuses to start without secrets: .env.example alone does not interpolate', () => {
    expect(() => interpolateAll(compose, envExample.values)).toThrow(MissingVariableError);
    expect(() => interpolateAll(compose, envExample.values)).toThrow(/scripts\/init-env\.sh/);
  });

  it('interpolates completely with the .env that scripts/init-env.sh writes', () => {
    const resolved = interpolateAll(compose, deploymentEnvironment);
    for (const text of allStrings(resolved)) expect(text).not.toMatch(/\$\{/);
    expect(deploymentEnvironment.MYSQL_PASSWORD).toMatch(/^[0-9a-f]{48}$/);
    expect(deploymentEnvironment.MYSQL_PASSWORD).not.toBe(deploymentEnvironment.MYSQL_ROOT_PASSWORD);
  });
});

describe('docker-compose.yml: the catalogue\'s settings', () => {
  const known = new Set(describeSettings().map((setting) => setting.name));
  const catalogueServices = Object.entries(services).filter(([, service]) => isCatalogue(service));

  it('passes only settings the catalogue has, with values its settings parser accepts', () => {
    expect(catalogueServices.map(([name]) => name).sort()).toEqual(
      ['api', 'connector-huggingface', 'connector-openml', 'connector-zenodo', 'examples', 'indexer', 'migrate', 'taxonomy'],
    );
    for (const [name] of catalogueServices) {
      const environment = resolvedEnvironment(name);
      for (const key of Object.keys(environment)) expect(known.has(key), `${name}: ${key} is not a setting of src/config.ts`).toBe(true);
      expect(() => loadSettings(environment), name).not.toThrow();
    }
  });

  it('runs the API in production on MySQL, with Keycloak tokens and Elasticsearch', () => {
    const environment = resolvedEnvironment('api');
    const settings = loadSettings(environment);
    expect(settings.DEPLOYMENT_TYPE).toBe('production');
    expect(settings.DATABASE_URL).toBe(
      `mysql://aiod:${deploymentEnvironment.MYSQL_PASSWORD}@mysql:3306/aiod`,
    );
    expect(settings.OIDC_ISSUER).toBe('http://localhost/aiod-auth/realms/aiod');
    expect(settings.OIDC_JWKS_URL).toBe('http://keycloak:8080/aiod-auth/realms/aiod/protocol/openid-connect/certs');
    expect(settings.OIDC_AUDIENCE).toBe('aiod-api');
    expect(settings.REBUILD_DB).toBe('no');
    expect(environment.SEARCH_BACKEND).toBe('elasticsearch');
    expect(environment.ELASTICSEARCH_URL).toBe('http://elasticsearch:9200');
    expect(environment.ELASTICSEARCH_PASSWORD).toBe(deploymentEnvironment.ELASTICSEARCH_PASSWORD);
    expect(environment.SEARCH_INDEXER).toBe('false');
    // An operator's own PUBLIC_URL reaches the issuer.
    const custom = interpolateAll(environmentOf(services.api as ComposeService), { ...deploymentEnvironment, PUBLIC_URL: 'https://aiod.example.org' });
    expect(custom.OIDC_ISSUER).toBe('https://aiod.example.org/aiod-auth/realms/aiod');
  });

  it('gives each connector worker its own token only', () => {
    expect(resolvedEnvironment('connector-huggingface')).toHaveProperty('HF_TOKEN');
    expect(resolvedEnvironment('connector-zenodo')).toHaveProperty('ZENODO_TOKEN');
    for (const name of ['api', 'indexer', 'connector-openml', 'connector-zenodo']) expect(resolvedEnvironment(name), name).not.toHaveProperty('HF_TOKEN');
    for (const name of ['api', 'indexer', 'connector-openml', 'connector-huggingface']) expect(resolvedEnvironment(name), name).not.toHaveProperty('ZENODO_TOKEN');
  });

  it('wires MySQL, Elasticsearch, Keycloak and nginx to the same variables as the catalogue', () => {
    const mysql = resolvedEnvironment('mysql');
    const api = resolvedEnvironment('api');
    expect(api.DATABASE_URL).toBe(`mysql://${mysql.MYSQL_USER}:${mysql.MYSQL_PASSWORD}@mysql:3306/${mysql.MYSQL_DATABASE}`);
    const elasticsearch = resolvedEnvironment('elasticsearch');
    expect(elasticsearch['xpack.security.enabled']).toBe('true');
    expect(elasticsearch['discovery.type']).toBe('single-node');
    expect(elasticsearch.ELASTIC_PASSWORD).toBe(api.ELASTICSEARCH_PASSWORD);
    expect(api.ELASTICSEARCH_USERNAME).toBe('elastic');
    const keycloak = resolvedEnvironment('keycloak');
    expect(keycloak.KC_HTTP_RELATIVE_PATH).toBe('/aiod-auth');
    expect(keycloak.KC_PROXY_HEADERS).toBe('xforwarded');
    expect(keycloak.KC_HEALTH_ENABLED).toBe('true');
    expect(`${keycloak.KC_HOSTNAME}/realms/aiod`).toBe(api.OIDC_ISSUER);
    expect(keycloak.KC_DB_PASSWORD).toBe(mysql.KEYCLOAK_DB_PASSWORD);
    expect(services.keycloak?.command).toEqual(['start', '--import-realm']);
    expect(services.keycloak?.volumes).toContain('./keycloak:/opt/keycloak/data/import:ro');
    expect(services.nginx?.volumes).toContain('./nginx/templates:/etc/nginx/templates:ro');
    expect(resolvedEnvironment('nginx').BODY_LIMIT_BYTES).toBe(api.BODY_LIMIT_BYTES);
    expect(services.nginx?.ports).toEqual(['${NGINX_PORT:-80}:80']);
    // Only nginx is published: replicas of the API can scale, the databases stay inside.
    for (const [name, service] of Object.entries(services)) if (name !== 'nginx') expect(service.ports, name).toBeUndefined();
  });

  it('passes every placeholder of the realm file to Keycloak', () => {
    const realm = readRepositoryFile('keycloak/aiod-realm.json');
    const placeholders = new Set(variableUses(realm).map((use) => use.name));
    expect(placeholders.size).toBeGreaterThanOrEqual(4);
    const keycloak = resolvedEnvironment('keycloak');
    for (const name of placeholders) expect(keycloak[name], name).toBeTruthy();
  });
});

describe('README: Run with Docker Compose', () => {
  const readme = readRepositoryFile('README.md');
  const section = readme.slice(readme.indexOf('## Run with Docker Compose'), readme.indexOf('\n## ', readme.indexOf('## Run with Docker Compose') + 5));

  it('deploys the whole system with the two commands, and says what each service and profile is', () => {
    expect(section).toContain('scripts/init-env.sh\ndocker compose --profile examples up -d');
    for (const [name, service] of Object.entries(services)) {
      const row = section.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      expect(row, `README row for ${name}`).toBeDefined();
      expect(row, name).toContain(service.profiles ? `| \`${service.profiles[0]}\` |` : `| \`${name}\` | |`);
    }
    for (const user of ['`user`', '`reviewer`', '`admin`']) expect(section).toContain(user);
  });

  it('has the sections an operator needs, and names only scripts that exist', () => {
    for (const heading of ['## Run with Docker Compose', '## Connectors', '## Backups', '## Scaling out', '## Configuration']) expect(readme).toContain(`\n${heading}\n`);
    for (const match of readme.matchAll(/scripts\/([a-z-]+\.sh)/g)) expect(existsSync(repositoryFile(`scripts/${match[1]}`)), match[0]).toBe(true);
  });
});
