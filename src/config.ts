/**
 * Every setting of the catalogue, parsed once from the environment (and an optional env-style file
 * named by CONFIG_FILE). Nothing else reads process.env: a bad value stops start-up here, with the
 * setting's name in the message, instead of surfacing as a strange failure later.
 */
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { databaseUrlProblem } from './database/location.ts';

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const commaList = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter((item) => item.length > 0));

const settingsSchema = z.object({
  DATABASE_URL: z
    .string()
    .min(1)
    .superRefine((url, context) => {
      const problem = databaseUrlProblem(url);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .default('./data/catalogue.sqlite')
    .describe('SQLite file path (or sqlite:<path>), or mysql://user:password@host:port/database'),
  HOST: z.string().default('0.0.0.0').describe('Interface the API listens on'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000).describe('Port the API listens on'),
  DEPLOYMENT_TYPE: z
    .enum(['development', 'production', 'test'])
    .default('development')
    .describe('development enables conveniences that must never run in production'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info').describe('Lowest level that is logged'),
  CORS_ORIGINS: commaList
    .pipe(z.array(z.string().regex(/^(\*|https?:\/\/[^/\s]+)$/, 'each origin is * or scheme://host[:port], e.g. https://portal.example.org')))
    .default(['*']).describe('Comma-separated origins allowed by CORS, or *'),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 * 1024)
    .describe('Largest accepted request body; larger bodies get 413'),
  URL_PREFIX: z
    .string()
    .default('')
    .refine((value) => value === '' || (value.startsWith('/') && !value.endsWith('/')), {
      message: 'must be empty or start with / and not end with /',
    })
    .describe('Path prefix the API is served under behind a proxy, e.g. /api'),
  REBUILD_DB: z
    .enum(['no', 'only-if-empty', 'always'])
    .default('only-if-empty')
    .describe('Schema handling at start: never touch it, create/upgrade it, or drop and recreate it'),
  EXAMPLE_DATA: z
    .enum(['auto', 'if-empty', 'never'])
    .default('auto')
    .describe('Load example data into an empty catalogue: auto = only for an embedded SQLite catalogue in development'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('MySQL/MariaDB connection pool size'),
  READ_CACHE_MB: z.coerce
    .number()
    .int()
    .min(0)
    .max(65536)
    .default(64)
    .describe('Memory per API process for rendered rows served to list pages, checked against the database on every read (0 turns it off)'),
  SLOW_REQUEST_MS: z.coerce.number().int().min(0).default(1000).describe('Requests slower than this are logged as warnings'),
  DISABLE_REVIEWS: booleanText.default(false).describe('Publish new assets at once instead of starting them as drafts'),
  OIDC_ISSUER: z
    .string()
    .default('')
    .describe('Issuer of accepted tokens: the Keycloak realm URL, e.g. https://host/aiod-auth/realms/aiod (required in production)'),
  OIDC_JWKS_URL: z
    .string()
    .default('')
    .describe('Where the signing keys are fetched; default <OIDC_ISSUER>/protocol/openid-connect/certs'),
  OIDC_AUDIENCE: z.string().default('').describe('If set, tokens must carry this audience'),
  OIDC_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30).describe('Clock skew allowed on token expiry'),
  OIDC_JWKS_REFRESH_COOLDOWN_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10)
    .describe('Least time between two fetches of the signing keys for tokens naming an unknown key'),
  OIDC_SWAGGER_CLIENT_ID: z
    .string()
    .default('aiod-api-swagger')
    .describe('Public client Swagger UI signs in with (authorization code + PKCE)'),
  LOCAL_SIGNING_KEY_FILE: z
    .string()
    .default('./data/local-signing-key.json')
    .describe('Development without OIDC_ISSUER: key that signs tokens from the `token` command'),
  UPLOAD_RATE_LIMIT: z.coerce.number().int().min(0).default(100).describe('Assets one user may create per window; 0 = no limit (connectors are exempt)'),
  UPLOAD_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600).describe('Length of the upload rate-limit window'),
  OAI_REPOSITORY_NAME: z.string().min(1).default('AIoD Metadata Catalogue').describe('Repository name the OAI-PMH interface (/oai) reports'),
  OAI_REPOSITORY_IDENTIFIER: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/, 'must be a domain name, e.g. aiod.example.org')
    .default('catalogue.localhost')
    .describe('Domain name in OAI-PMH record identifiers (oai:<this>:<identifier>); keep it stable once harvested'),
  OAI_ADMIN_EMAIL: z.string().email().default('admin@catalogue.localhost').describe('Administrator e-mail the OAI-PMH interface reports'),
  SEARCH_BACKEND: z
    .enum(['database', 'elasticsearch'])
    .default('database')
    .describe("Where search looks: the database's own search index, or Elasticsearch"),
  SEARCH_WORKERS: z.coerce
    .number()
    .int()
    .min(0)
    .max(64)
    .default(1)
    .describe('Worker threads answering database searches off the event loop; 0 = on it (SEARCH_BACKEND=database, file databases)'),
  SEARCH_CACHE_MB: z.coerce
    .number()
    .int()
    .min(0)
    .max(65536)
    .default(64)
    .describe("Memory per search worker (or API process) for the database search index's word sets and facet blocks, checked against the database on every search (0 turns it off)"),
  SEARCH_INDEXER: booleanText
    .default(true)
    .describe('Run the search indexer (follows the change log) in the serve process'),
  SEARCH_INDEX_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(60_000)
    .default(1000)
    .describe('How often the search indexer looks for new changes'),
  SEARCH_GAP_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(1000)
    .describe('How long the search indexer waits for a change-log entry written but not yet committed (MySQL/MariaDB) before passing it (it still indexes it if it commits within ten minutes)'),
  CHANGE_LOG_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .max(36500)
    .default(7)
    .describe('Days the change log keeps its rows for the search indexes (pruned hourly by the search indexer; an index further behind is rebuilt); 0 keeps every row'),
  ELASTICSEARCH_URL: z
    .string()
    .url()
    .default('http://localhost:9200')
    .describe('Elasticsearch node URL (SEARCH_BACKEND=elasticsearch)'),
  ELASTICSEARCH_USERNAME: z.string().default('').describe('Elasticsearch basic-auth user (empty: no basic auth)'),
  ELASTICSEARCH_PASSWORD: z.string().default('').describe('Elasticsearch basic-auth password'),
  ELASTICSEARCH_API_KEY: z.string().default('').describe('Elasticsearch API key (instead of user and password)'),
  ELASTICSEARCH_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,99}$/, 'lower-case letters, digits, "_" and "-"')
    .default('aiod')
    .describe('Prefix of the Elasticsearch alias (<prefix>-catalogue) and its indices'),
  ELASTICSEARCH_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(10_000)
    .describe('Timeout of one Elasticsearch request'),
  CONNECTOR_USER_AGENT: z
    .string()
    .min(1)
    .default('aiod-catalogue-connector/0.1 (+https://github.com/aiondemand/AIOD-rest-api)')
    .describe('User-Agent connectors send to the platforms they harvest'),
  CONNECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(200).describe('Records a connector writes per transaction (it reads as many ahead meanwhile)'),
  CONNECTOR_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000).describe('Timeout of one connector HTTP request'),
  CONNECTOR_HTTP_RETRIES: z.coerce.number().int().min(0).max(20).default(5).describe('Retries of a failed connector HTTP request (5xx, 429, network)'),
  CONNECTOR_MAX_WAIT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(900)
    .describe('Longest a connector waits for a rate limit to reset before it gives up the run'),
  CONNECTOR_PORT: z.coerce.number().int().min(0).max(65535).default(8001).describe('Port of a scheduled worker\'s task-service endpoints'),
  CONNECTOR_LEASE_SECONDS: z.coerce.number().int().min(1).default(300).describe('How long a connector run holds its lease without renewing it'),
  HUGGINGFACE_API_URL: z.string().url().default('https://huggingface.co').describe('HuggingFace Hub base URL'),
  HUGGINGFACE_VIEWER_URL: z
    .string()
    .url()
    .default('https://datasets-server.huggingface.co')
    .describe('HuggingFace dataset viewer base URL (parquet files)'),
  HF_TOKEN: z.string().default('').describe('HuggingFace access token (optional; raises rate limits)'),
  OPENML_API_URL: z.string().url().default('https://www.openml.org/api/v1/json').describe('OpenML JSON API base URL'),
  ZENODO_URL: z.string().url().default('https://zenodo.org').describe('Zenodo base URL (OAI-PMH at /oai2d, records at /api/records)'),
  ZENODO_REQUESTS_PER_MINUTE: z.coerce
    .number()
    .min(0)
    .default(60)
    .describe("Client-side pace of the Zenodo connector (Zenodo allows guests 60 requests a minute); 0 = none"),
  ZENODO_TOKEN: z.string().default('').describe('Zenodo access token (optional; raises rate limits)'),
  CONNECTOR_FULL_SCAN_DAYS: z.coerce
    .number()
    .min(0)
    .default(7)
    .describe('Incremental connectors re-scan everything this often (days), which also finds deletions; 0 = every run'),
});

export type Settings = z.infer<typeof settingsSchema>;

/** One line per setting, for the README: name, default, description. */
export function describeSettings(): Array<{ name: string; defaultValue: string; description: string }> {
  return Object.entries(settingsSchema.shape).map(([name, schema]) => {
    const parsed = (schema as z.ZodType).safeParse(undefined);
    const value: unknown = parsed.success ? parsed.data : undefined;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    const defaultValue = !parsed.success ? '(required)' : text === '' ? '(empty)' : text;
    return { name, defaultValue, description: (schema as z.ZodType).description ?? '' };
  });
}

export class SettingsError extends Error {}

function readConfigFile(path: string): Record<string, string> {
  try {
    return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch (error) {
    throw new SettingsError(`CONFIG_FILE: cannot read ${path}: ${(error as Error).message}`);
  }
}

/**
 * Parses settings from an environment-like record. Values from CONFIG_FILE are defaults that the
 * environment overrides. Empty strings count as unset so `PORT=` in a compose file means "default".
 */
export function loadSettings(environment: Record<string, string | undefined> = process.env): Settings {
  const fromFile = environment.CONFIG_FILE ? readConfigFile(environment.CONFIG_FILE) : {};
  const merged: Record<string, string> = {};
  for (const name of Object.keys(settingsSchema.shape)) {
    const value = environment[name] ?? fromFile[name];
    if (value !== undefined && value !== '') merged[name] = value;
  }
  const result = settingsSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new SettingsError(`Invalid settings:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

/** Settings for tests and tools: defaults, overridden by the given values. */
export function settingsWith(overrides: Partial<Record<keyof Settings, string>>): Settings {
  return loadSettings(overrides as Record<string, string>);
}
