/** What every service function works with: the database, settings, logger and a clock. */
import type { Settings } from '../config.ts';
import type { Database } from '../database/db.ts';
import type { Logger } from '../logger.ts';

export interface Catalogue {
  database: Database;
  settings: Settings;
  logger: Logger;
  /** The current time; tests may pin it. */
  now(): Date;
}

export const timestamp = (catalogue: Catalogue): string => catalogue.now().toISOString();
