/** What every service function works with: the database and its read cache, settings, logger and a clock. */
import type { Settings } from '../config.ts';
import type { Database } from '../database/db.ts';
import type { Logger } from '../logger.ts';
import type { RenderedRowCache } from '../repositories/rendered-row-cache.ts';
import type { SearchBackend } from '../search/backend.ts';

export interface Catalogue {
  database: Database;
  /** Rendered rows list pages are served from while their render stamps hold (one per process). */
  renderedRows: RenderedRowCache;
  settings: Settings;
  logger: Logger;
  /** The current time; tests may pin it. */
  now(): Date;
  /** The search backend; by default the one SEARCH_BACKEND names (see search/open-backend.ts). */
  search?: SearchBackend;
}

export const timestamp = (catalogue: Catalogue): string => catalogue.now().toISOString();
