/**
 * The search backend interface (DESIGN §8). Two implementations: the database's own full-text
 * index (database-backend.ts, the default) and Elasticsearch (elasticsearch-backend.ts). Both hold
 * only published, live assets; the indexer (indexer.ts) keeps them current from the change log.
 */
import type { Executor } from '../database/dialect.ts';
import type { Json } from '../database/model/normalize.ts';
import type { FacetName, SearchDocument } from './document.ts';

export type SearchSort = 'relevance' | 'date_modified' | 'identifier';

export interface SearchQuery {
  /** The types searched (one for /search/{type}, every searchable type for /search). */
  types: string[];
  /** The user's words; matched case- and diacritic-insensitively. */
  text: string;
  /** Fields searched; every searchable field of the types when absent. */
  fields?: string[];
  /** true: every word must occur in the searched fields; false: any word (ranked). */
  allWords: boolean;
  platforms?: string[];
  /** Inclusive lower bound on date_modified (ISO text). */
  dateModifiedAfter?: string;
  /** Exclusive upper bound on date_modified. */
  dateModifiedBefore?: string;
  sort: SearchSort;
  direction: 'asc' | 'desc';
  offset: number;
  limit: number;
  facets: FacetName[];
}

export interface SearchHit {
  identifier: string;
  type: string;
  /** The reduced read object stored in the index. */
  summary: Json;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResult {
  /** Matches: exactly (`eq`), or at least this many (`gte`) where counting all would cost too much. */
  total: number;
  totalRelation: 'eq' | 'gte';
  hits: SearchHit[];
  facets: Partial<Record<FacetName, FacetCount[]>>;
}

/** What the indexer hands a backend: documents to add or replace, identifiers to remove. */
export interface IndexChanges {
  upsert: SearchDocument[];
  remove: string[];
}

/** Memory and look-ups of one of a backend's caches, summed over its processes and threads (for /metrics). */
export interface SearchCacheStats {
  cache: string;
  bytes: number;
  hits: number;
  misses: number;
}

export interface SearchBackend {
  readonly kind: 'database' | 'elasticsearch';
  /** Names this index in `search_position`: each index follows the change log on its own. */
  readonly consumer: string;
  search(query: SearchQuery): Promise<SearchResult>;
  /** Applies changes; the database backend writes through `executor` (the indexer's transaction) when given. */
  apply(changes: IndexChanges, executor?: Executor): Promise<void>;
  /**
   * Rebuilds the index from `batches` (every published live asset) without downtime: searches
   * keep being answered by the old index until the new one is complete.
   */
  rebuild(batches: AsyncIterable<SearchDocument[]>, onBatch?: (indexed: number) => void): Promise<number>;
  /** Whether the index exists (a missing one is built before anything else). */
  exists(): Promise<boolean>;
  ping(): Promise<boolean>;
  /** The backend's in-memory caches, where it keeps any. */
  cacheStats?(): Promise<SearchCacheStats[]>;
  close(): Promise<void>;
}

/** How many facet values a facet lists. */
export const FACET_SIZE = 20;

/**
 * The search backend cannot answer now (Elasticsearch overloaded or down): a 503 for the caller,
 * never a 500 with the backend's raw text.
 */
export class SearchUnavailableError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
