/**
 * Database searches in worker threads. A search over words found in most entries costs
 * milliseconds of computation (block-ranking.ts, facet-counts.ts); run on
 * the API's event loop, that would stall every other request meanwhile. Workers run them on the
 * other cores, each with its own read connections, while the event loop goes on serving. They
 * are started by the first search (commands that never search start none), which, like every
 * search until a worker is ready, runs here; the backend's writes stay here too.
 */
import { Worker } from 'node:worker_threads';
import type { SearchBackend, SearchCacheStats, SearchQuery, SearchResult } from './backend.ts';
import { SearchUnavailableError } from './backend.ts';
import type { SearchReply, SearchRequest, SearchWorkerSetup } from './search-worker.ts';

interface Pending {
  /** Called with the reply's result (a search) or stats (a stats request). */
  resolve: (answer: unknown) => void;
  reject: (error: Error) => void;
}

interface SearchWorker {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Loaded and answering (its first message says so). */
  ready: boolean;
}

const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER_FILE = new URL(`./search-worker${FROM_SOURCES ? '.ts' : '.js'}`, import.meta.url);

/** Run from TypeScript sources, a worker first registers tsx's loader; compiled, it needs none. */
function startWorker(workerData: unknown): Worker {
  if (!FROM_SOURCES) return new Worker(WORKER_FILE, { workerData });
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER_FILE.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

function errorOf(reply: { name: string; message: string }): Error {
  const error = reply.name === SearchUnavailableError.name ? new SearchUnavailableError(reply.message) : new Error(reply.message);
  error.name = reply.name;
  return error;
}

export interface WorkerSearchBackend extends SearchBackend {
  cacheStats(): Promise<SearchCacheStats[]>;
  /** Workers started so far, running now, and of those loaded and answering (for tests and diagnostics). */
  workerCounts(): { started: number; running: number; ready: number };
}

/**
 * `backend` with its searches answered by `size` worker threads on the same database, each
 * keeping its own cache of entry sets; `onUnavailable` hears once if a worker cannot start
 * (searches then stay in-process).
 */
export function searchInWorkers(
  backend: SearchBackend,
  setup: SearchWorkerSetup,
  size: number,
  onUnavailable: (error: Error) => void = () => {},
): WorkerSearchBackend {
  const workers: SearchWorker[] = [];
  let nextId = 0;
  let started = 0;
  let closed = false;
  /** A worker failed before it was ready: it cannot load here, so searches stay in-process. */
  let unavailable = false;

  function start(): SearchWorker {
    const worker = startWorker(setup);
    started += 1;
    const entry: SearchWorker = { worker, pending: new Map(), ready: false };
    worker.on('message', (reply: SearchReply | 'ready') => {
      if (reply === 'ready') {
        entry.ready = true;
        return;
      }
      const pending = entry.pending.get(reply.id);
      if (!pending) return;
      entry.pending.delete(reply.id);
      if ('error' in reply) pending.reject(errorOf(reply.error));
      else pending.resolve('stats' in reply ? reply.stats : reply.result);
    });
    // A worker that fails or exits fails its searches and is replaced on the next one (unless it
    // never got ready: then no worker would).
    const fail = (error: Error) => {
      if (!entry.ready && !unavailable) {
        unavailable = true;
        onUnavailable(error);
      }
      for (const pending of entry.pending.values()) pending.reject(error);
      entry.pending.clear();
      const index = workers.indexOf(entry);
      if (index >= 0) workers.splice(index, 1);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`search worker exited with code ${code}`)));
    // Idle workers must not keep a finished command alive.
    worker.unref();
    return entry;
  }

  /** The ready worker with the fewest searches under way; undefined while none is ready. */
  function leastBusy(): SearchWorker | undefined {
    if (unavailable) return undefined;
    while (workers.length < size) workers.push(start());
    let best: SearchWorker | undefined;
    for (const entry of workers) {
      if (entry.ready && (!best || entry.pending.size < best.pending.size)) best = entry;
    }
    return best;
  }

  function ask<T>(entry: SearchWorker, request: SearchRequest): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      entry.pending.set(request.id, { resolve: resolve as (answer: unknown) => void, reject });
      entry.worker.postMessage(request);
    });
  }

  function search(query: SearchQuery): Promise<SearchResult> {
    if (closed) return Promise.reject(new SearchUnavailableError('The search backend is closed.'));
    const entry = leastBusy();
    if (!entry) return backend.search(query);
    return ask<SearchResult>(entry, { id: nextId++, query });
  }

  /** The caches of this process (searches before a worker was ready) and of every ready worker, summed. */
  async function cacheStats(): Promise<SearchCacheStats[]> {
    const ready = workers.filter((entry) => entry.ready);
    const all = await Promise.all([
      backend.cacheStats?.() ?? Promise.resolve([]),
      ...ready.map((entry) => ask<SearchCacheStats[]>(entry, { id: nextId++, stats: true }).catch(() => [])),
    ]);
    return sumByCache(all.flat());
  }

  async function close(): Promise<void> {
    closed = true;
    // A worker only reads: stopping it mid-search loses nothing (its callers are failed).
    await Promise.all(workers.splice(0).map((entry) => entry.worker.terminate()));
    await backend.close();
  }

  const workerCounts = () => ({ started, running: workers.length, ready: workers.filter((entry) => entry.ready).length });
  return { ...backend, search, cacheStats, close, workerCounts };
}

function sumByCache(stats: SearchCacheStats[]): SearchCacheStats[] {
  const sums = new Map<string, SearchCacheStats>();
  for (const { cache, bytes, hits, misses } of stats) {
    const sum = sums.get(cache);
    if (sum) Object.assign(sum, { bytes: sum.bytes + bytes, hits: sum.hits + hits, misses: sum.misses + misses });
    else sums.set(cache, { cache, bytes, hits, misses });
  }
  return [...sums.values()];
}
