/**
 * A search worker thread (search-workers.ts): opens the catalogue database for reading and
 * answers search queries with the database backend, off the API's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../database/db.ts';
import type { SearchCacheStats, SearchQuery } from './backend.ts';
import { createDatabaseBackend } from './database-backend.ts';

/** A search to run, or (`stats`) a request for the worker's cache figures. */
export type SearchRequest = { id: number; query: SearchQuery } | { id: number; stats: true };

export type SearchReply =
  | { id: number; result: unknown }
  | { id: number; stats: SearchCacheStats[] }
  | { id: number; error: { name: string; message: string } };

export interface SearchWorkerSetup {
  databaseUrl: string;
  /** Memory for index rows kept between searches (database-backend.ts `cacheBytes`). */
  cacheBytes: number;
}

const { databaseUrl, cacheBytes } = workerData as SearchWorkerSetup;
// SQLite reads one search at a time on the worker's thread; MySQL searches wait on the server,
// so a worker runs several at once, each a few statements.
const database = openDatabase(databaseUrl, { poolSize: 8 });
const backend = createDatabaseBackend(database, { cacheBytes });
const port = parentPort;
if (!port) throw new Error('search-worker.ts runs as a worker thread');

port.postMessage('ready');
port.on('message', (request: SearchRequest) => {
  const answer: Promise<SearchReply> =
    'stats' in request
      ? (backend.cacheStats?.() ?? Promise.resolve([])).then((stats) => ({ id: request.id, stats }))
      : backend.search(request.query).then((result) => ({ id: request.id, result }));
  answer.then(
    (reply) => port.postMessage(reply),
    (error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      // The class's name, so the API tells an unavailable search (503) from a failure.
      port.postMessage({ id: request.id, error: { name: failure.constructor.name, message: failure.message } } satisfies SearchReply);
    },
  );
});
