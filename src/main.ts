/**
 * The command line: `serve`, `migrate`, `populate`, `connector <name>`, `indexer`, `reindex`, and
 * the operator tools. Every command reads settings from the environment (README, Configuration).
 */
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { parseCommandLine, portOption, readJsonFile } from './cli-arguments.ts';
import { authenticatorFromSettings } from './auth/authenticator.ts';
import { loadOrCreateLocalKey, mintLocalToken } from './auth/local-issuer.ts';
import { loadSettings, SettingsError, type Settings } from './config.ts';
import { BackupError, backupDatabase, restoreDatabase } from './database/backup/index.ts';
import { openDatabaseShell } from './database/backup/shell.ts';
import type { RebuildMode } from './database/migrate.ts';
import { SchemaNotReadyError } from './database/migrate.ts';
import { createLogger, type Logger } from './logger.ts';
import { connectorCommand, describeRun, parseRunOptions, requireConnector } from './connectors/command.ts';
import { runConnector } from './connectors/runner.ts';
import { loadExamples } from './services/examples.ts';
import { startRenderRefresher } from './services/render-refresher.ts';
import { startHitFlusher } from './services/asset-hits.ts';
import { rebuildSearchIndex, startSearchIndexer } from './search/indexer.ts';
import { searchBackendOf } from './search/open-backend.ts';
import { loadTaxonomyExport, parseTaxonomyExport, TaxonomyExportError } from './services/taxonomy-loader.ts';
import type { Catalogue } from './services/catalogue.ts';
import { DatabaseUnavailableError, loadExamplesIfWanted, openCatalogue } from './startup.ts';

const USAGE = `Usage: aiod <command> [options]

Commands:
  serve [--rebuild-db no|only-if-empty|always] [--port N]   run the API
        [--populate-example] [--populate-connector NAME [--limit N]]
                                                            ... after loading examples / harvesting first
  migrate [--rebuild-db only-if-empty|always]               create or upgrade the schema, then exit
  populate --example | --connector NAME [--limit N]         load the example data or run a connector once, then exit
  connector NAME [--limit N] [--from DATE] [--full]         run a connector (example, huggingface, openml, zenodo) once
  connector NAME --schedule "CRON" [--port N]               ... or on a schedule (UTC), serving GET /status,
                                                            POST /compute, GET /tasks/{id}/status on CONNECTOR_PORT
  indexer                                                   follow the change log into the search index until stopped
  load-taxonomies <file>                                    load an aiod_taxonomies export, then exit
  token --user NAME [--roles a,b] [--hours N]               development without Keycloak: mint a token
  backup <file>                                             consistent backup of the database (<file>.gz: compressed)
  restore <file> [--force]                                  load a backup into an empty database (--force: replace it)
  database-shell [-- client arguments]                      open an SQL shell (sqlite3 or mysql) on DATABASE_URL
  reindex                                                   rebuild the search index from the catalogue, then exit
`;

const REBUILD_MODES = ['no', 'only-if-empty', 'always'];

function rebuildMode(value: string | undefined, settings: Settings): RebuildMode {
  const mode = value ?? settings.REBUILD_DB;
  if (!REBUILD_MODES.includes(mode)) throw new SettingsError(`--rebuild-db must be one of ${REBUILD_MODES.join(', ')}`);
  return mode as RebuildMode;
}

interface PopulateOptions {
  example?: boolean;
  connector?: string;
  limit?: string;
}

/** Loads the examples and/or runs a connector once (with --limit), as AIoD's start-up options do. */
async function populate(catalogue: Catalogue, options: PopulateOptions): Promise<void> {
  if (options.example) catalogue.logger.info({ created: await loadExamples(catalogue) }, 'example data loaded');
  if (options.connector !== undefined) {
    const summary = await runConnector(catalogue, requireConnector(options.connector), parseRunOptions({ limit: options.limit }));
    catalogue.logger.info(summary, `${options.connector} ${describeRun(summary)}`);
    if (summary.status === 'failed') throw new SettingsError(`populating from ${options.connector} failed: ${summary.message ?? 'see the log'}`);
  }
}

async function serveCommand(settings: Settings, logger: Logger, options: { rebuildDb?: string; port?: string } & PopulateOptions) {
  const port = portOption(options.port, settings.PORT);
  const catalogue = await openCatalogue(settings, logger, rebuildMode(options.rebuildDb, settings));
  await loadExamplesIfWanted(catalogue);
  await populate(catalogue, options);
  const app = createApp({ catalogue, authenticator: await authenticatorFromSettings(catalogue) });
  const server = serve({ fetch: app.fetch, port, hostname: settings.HOST }, (info) => {
    logger.info(
      { port: info.port, database: catalogue.database.description, deployment: settings.DEPLOYMENT_TYPE },
      `AIoD catalogue listening on http://${settings.HOST === '0.0.0.0' ? 'localhost' : settings.HOST}:${info.port}${settings.URL_PREFIX}/docs`,
    );
  });
  const stopRefresher = startRenderRefresher(catalogue);
  const stopHitFlusher = startHitFlusher(catalogue);
  const stopIndexer = settings.SEARCH_INDEXER
    ? startSearchIndexer(catalogue, settings.SEARCH_INDEX_INTERVAL_MS)
    : async () => {};
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      void Promise.all([stopRefresher(), stopIndexer(), stopHitFlusher()])
        .then(() => searchBackendOf(catalogue).close())
        .then(() => catalogue.database.close())
        .then(() => process.exit(0));
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** Mints a token of the local development issuer and shows how to use it. */
async function tokenCommand(settings: Settings, options: { user?: string; roles?: string; hours?: string }) {
  if (settings.DEPLOYMENT_TYPE !== 'development' || settings.OIDC_ISSUER) {
    throw new SettingsError(
      'token: only for development without Keycloak (DEPLOYMENT_TYPE=development and no OIDC_ISSUER); sign in with Keycloak instead.',
    );
  }
  if (!options.user) throw new SettingsError('token: give the user name, e.g. --user alice');
  const roles = (options.roles ?? '').split(',').map((role) => role.trim()).filter((role) => role.length > 0);
  const hours = Number(options.hours ?? '12');
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) throw new SettingsError('token: --hours must be between 0 and 720');
  const token = await mintLocalToken(await loadOrCreateLocalKey(settings.LOCAL_SIGNING_KEY_FILE), { username: options.user, roles, hours });
  const host = `http://localhost:${settings.PORT}${settings.URL_PREFIX}`;
  process.stdout.write(
    `${token}\n\nValid for ${hours} hours for user '${options.user}'${roles.length ? ` with roles ${roles.join(', ')}` : ''}. Try:\n` +
      `  curl -H "Authorization: Bearer ${token}" ${host}/authorization_test\n` +
      `In Swagger UI (${host}/docs) use Authorize → bearerAuth and paste the token.\n`,
  );
}

/** Rebuilds the search index with progress on stdout; the index keeps answering meanwhile. */
async function reindexCommand(catalogue: Catalogue): Promise<void> {
  const backend = searchBackendOf(catalogue);
  const started = Date.now();
  let reported = 0;
  process.stdout.write(`rebuilding the ${backend.kind} search index\n`);
  const indexed = await rebuildSearchIndex(catalogue, ({ indexed: done, total }) => {
    if (done === total || Date.now() - reported > 2000) {
      reported = Date.now();
      const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
      process.stdout.write(`  ${done}/${total} assets indexed (${rate}/s)\n`);
    }
  });
  process.stdout.write(`indexed ${indexed} assets in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  await backend.close();
  await catalogue.database.close();
}

/** Follows the change log into the search index until SIGINT/SIGTERM. */
function indexerCommand(catalogue: Catalogue): void {
  const stopIndexer = startSearchIndexer(catalogue, catalogue.settings.SEARCH_INDEX_INTERVAL_MS);
  catalogue.logger.info({ backend: searchBackendOf(catalogue).kind }, 'search indexer following the change log');
  const stop = (signal: string) => {
    catalogue.logger.info({ signal }, 'search indexer shutting down');
    void stopIndexer()
      .then(() => searchBackendOf(catalogue).close())
      .then(() => catalogue.database.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseCommandLine(argv);
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(USAGE);
    return;
  }
  const settings = loadSettings();
  const logger = createLogger(settings.LOG_LEVEL);
  switch (command) {
    case 'serve':
      await serveCommand(settings, logger, {
        rebuildDb: values['rebuild-db'],
        port: values.port,
        example: values['populate-example'],
        connector: values['populate-connector'],
        limit: values.limit,
      });
      return;
    case 'migrate': {
      const catalogue = await openCatalogue(settings, logger, rebuildMode(values['rebuild-db'] ?? 'only-if-empty', settings));
      await catalogue.database.close();
      return;
    }
    case 'populate': {
      if (!values.example && values.connector === undefined) throw new SettingsError('populate: say what to load: --example or --connector NAME');
      if (values.connector !== undefined) requireConnector(values.connector);
      const catalogue = await openCatalogue(settings, logger, rebuildMode(values['rebuild-db'], settings));
      try {
        await populate(catalogue, { example: values.example, connector: values.connector, limit: values.limit });
      } finally {
        await catalogue.database.close();
      }
      return;
    }
    case 'load-taxonomies': {
      const file = rest[0];
      if (!file) throw new SettingsError('load-taxonomies: give the path of an aiod_taxonomies JSON file');
      const document = parseTaxonomyExport(readJsonFile(file, 'load-taxonomies'));
      const catalogue = await openCatalogue(settings, logger, rebuildMode(values['rebuild-db'], settings));
      const report = await loadTaxonomyExport(catalogue, document);
      for (const item of report.loaded) logger.info(item, 'taxonomy loaded');
      if (report.skipped.length > 0) logger.warn({ skipped: report.skipped }, 'taxonomies in the file that the catalogue does not use');
      await catalogue.database.close();
      return;
    }
    case 'token':
      await tokenCommand(settings, { user: values.user, roles: values.roles, hours: values.hours });
      return;
    case 'backup': {
      if (!rest[0]) throw new SettingsError('backup: give the file to write, e.g. backups/aiod.sql.gz');
      logger.info(await backupDatabase(settings.DATABASE_URL, rest[0]), 'backup written');
      return;
    }
    case 'restore': {
      if (!rest[0]) throw new SettingsError('restore: give the backup file to load');
      logger.info(await restoreDatabase(settings.DATABASE_URL, rest[0], { force: values.force === true }), 'backup restored');
      return;
    }
    case 'database-shell':
      process.exitCode = await openDatabaseShell(settings.DATABASE_URL, rest);
      return;
    case 'connector': {
      const connector = requireConnector(rest[0]);
      parseRunOptions(values);
      portOption(values.port, settings.CONNECTOR_PORT);
      // Workers never drop the schema: --rebuild-db always belongs to `migrate` or `serve`.
      const catalogue = await openCatalogue(settings, logger, settings.REBUILD_DB === 'no' ? 'no' : 'only-if-empty');
      await connectorCommand(catalogue, connector.name, values);
      return;
    }
    case 'indexer': {
      const catalogue = await openCatalogue(settings, logger, settings.REBUILD_DB === 'no' ? 'no' : 'only-if-empty');
      indexerCommand(catalogue);
      return;
    }
    case 'reindex': {
      const catalogue = await openCatalogue(settings, logger, rebuildMode(values['rebuild-db'], settings));
      await reindexCommand(catalogue);
      return;
    }
    default:
      throw new SettingsError(`unknown command '${command}'\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof TaxonomyExportError) {
    process.stderr.write(`load-taxonomies: ${error.message}\n`);
  } else if (error instanceof SettingsError || error instanceof SchemaNotReadyError || error instanceof BackupError || error instanceof DatabaseUnavailableError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
