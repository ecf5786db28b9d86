/** The search backend a catalogue's settings ask for, created once per catalogue. */
import type { Settings } from '../config.ts';
import type { Database } from '../database/db.ts';
import type { Logger } from '../logger.ts';
import type { Catalogue } from '../services/catalogue.ts';
import type { SearchBackend } from './backend.ts';
import { searchInWorkers } from './search-workers.ts';
import { createDatabaseBackend } from './database-backend.ts';
import { createElasticsearchBackend, elasticsearchClient } from './elasticsearch-backend.ts';

export function createSearchBackend(settings: Settings, database: Database, logger?: Logger): SearchBackend {
  if (settings.SEARCH_BACKEND === 'database') {
    const cacheBytes = settings.SEARCH_CACHE_MB * 1024 * 1024;
    const backend = createDatabaseBackend(database, { cacheBytes });
    // An in-memory database lives on one connection: a worker could not open it.
    const inMemory = settings.DATABASE_URL.endsWith(':memory:');
    if (settings.SEARCH_WORKERS === 0 || inMemory) return backend;
    return searchInWorkers(backend, { databaseUrl: settings.DATABASE_URL, cacheBytes }, settings.SEARCH_WORKERS, (error) =>
      logger?.warn({ err: error }, 'search workers cannot start; searching in the API process'),
    );
  }
  const client = elasticsearchClient({
    url: settings.ELASTICSEARCH_URL,
    username: settings.ELASTICSEARCH_USERNAME,
    password: settings.ELASTICSEARCH_PASSWORD,
    apiKey: settings.ELASTICSEARCH_API_KEY,
    timeoutMs: settings.ELASTICSEARCH_TIMEOUT_MS,
  });
  return createElasticsearchBackend({ client, indexPrefix: settings.ELASTICSEARCH_INDEX_PREFIX });
}

const created = new WeakMap<Catalogue, SearchBackend>();

/** The catalogue's search backend: the one it was given, or the one its settings name. */
export function searchBackendOf(catalogue: Catalogue): SearchBackend {
  if (catalogue.search) return catalogue.search;
  let backend = created.get(catalogue);
  if (!backend) {
    backend = createSearchBackend(catalogue.settings, catalogue.database, catalogue.logger);
    created.set(catalogue, backend);
  }
  return backend;
}
