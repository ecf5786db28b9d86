/**
 * Opening a catalogue: settings → database → schema (per --rebuild-db) → seed data → examples.
 * `serve`, `migrate`, `populate` and the workers all start here.
 */
import type { Settings } from './config.ts';
import { sql } from 'kysely';
import { type Database, openDatabase } from './database/db.ts';
import { describeLocation, parseDatabaseUrl } from './database/location.ts';
import { prepareSchema, type RebuildMode } from './database/migrate.ts';
import type { Logger } from './logger.ts';
import { RenderedRowCache } from './repositories/rendered-row-cache.ts';
import type { Catalogue } from './services/catalogue.ts';
import { loadExamples } from './services/examples.ts';
import { invalidateOtherVersions } from './services/rendering.ts';
import { seedCatalogue } from './services/seed.ts';

/** The database cannot be reached or opened at all (server down, wrong password, unknown database, unwritable file). */
export class DatabaseUnavailableError extends Error {}

/** Opens the database and makes a first query, so that a wrong DATABASE_URL is one clear line. */
async function reachDatabase(settings: Settings): Promise<Database> {
  const location = describeLocation(parseDatabaseUrl(settings.DATABASE_URL));
  let database: Database | undefined;
  try {
    database = openDatabase(settings.DATABASE_URL, { poolSize: settings.DB_POOL_SIZE });
    await sql`SELECT 1`.execute(database.kysely);
    return database;
  } catch (error) {
    await database?.close().catch(() => {});
    throw new DatabaseUnavailableError(`cannot open the database ${location}: ${(error as Error).message}`);
  }
}

export async function openCatalogue(settings: Settings, logger: Logger, rebuild: RebuildMode): Promise<Catalogue> {
  const database = await reachDatabase(settings);
  const renderedRows = new RenderedRowCache(settings.READ_CACHE_MB * 1024 * 1024);
  const catalogue: Catalogue = { database, renderedRows, settings, logger, now: () => new Date() };
  try {
    const applied = await prepareSchema(database, rebuild);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database schema updated');
    if (rebuild !== 'no') await seedCatalogue(catalogue);
    const stale = await invalidateOtherVersions(database.kysely);
    if (stale > 0) logger.info({ assets: stale }, 'renderings from another model version will be refreshed');
  } catch (error) {
    await database.close();
    throw error;
  }
  return catalogue;
}

async function isEmpty(catalogue: Catalogue): Promise<boolean> {
  const row = await catalogue.database.kysely.selectFrom('asset').select('identifier').limit(1).executeTakeFirst();
  return row === undefined;
}

/** EXAMPLE_DATA=auto loads examples only into an empty embedded (SQLite) catalogue in development. */
export async function loadExamplesIfWanted(catalogue: Catalogue): Promise<void> {
  const { EXAMPLE_DATA, DEPLOYMENT_TYPE, DATABASE_URL } = catalogue.settings;
  const wanted =
    EXAMPLE_DATA === 'if-empty' ||
    (EXAMPLE_DATA === 'auto' && DEPLOYMENT_TYPE === 'development' && parseDatabaseUrl(DATABASE_URL).dialect === 'sqlite');
  if (!wanted || !(await isEmpty(catalogue))) return;
  const created = await loadExamples(catalogue);
  catalogue.logger.info({ created }, 'loaded example data into the empty catalogue');
}
