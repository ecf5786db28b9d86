/**
 * Access statistics (AIoD's `/stats`): successful reads of an asset through its own route
 * (`/{type}/{id}`, `/assets/{id}` and the deprecated parent routes, any version) are counted in
 * memory and added to `asset_hit` in one upsert every few seconds, so a read costs no write.
 * Several API processes each add their own counts. What was counted since the last flush is lost
 * if the process is killed: these are statistics, not catalogue data.
 */
import { upsertRows } from '../database/dialect.ts';
import { inListChunks } from '../database/in-lists.ts';
import { parentRoutes, resourceTypes } from '../database/model/registry.ts';
import type { ResourceType } from '../database/model/resource.ts';
import type { Catalogue } from './catalogue.ts';
import { IDENTIFIER_PATTERN } from './identifiers.ts';
import { startPeriodicTask } from './periodic-task.ts';
import { LISTED_STATUSES } from './visibility.ts';

export interface HitCounter {
  /** Counts a successful read of the asset a request path names, if it names one. */
  recordRead(path: string): void;
  /** Adds the counts so far to the database. */
  flush(): Promise<void>;
}

const FLUSH_INTERVAL_MS = 5000;
const ROWS_PER_STATEMENT = 400;

/** Route segments before an identifier that read that asset itself. */
const READ_SEGMENTS = new Set([...resourceTypes.map((resource) => resource.plural), 'assets', ...parentRoutes.map((parent) => parent.path)]);
/** The asset a read path names (`…/{type}/{identifier}`), if any: the segment is looked up before the identifier is matched. */
function assetRead(path: string): string | undefined {
  const last = path.lastIndexOf('/');
  if (!READ_SEGMENTS.has(path.slice(path.lastIndexOf('/', last - 1) + 1, last))) return undefined;
  const identifier = path.slice(last + 1);
  return IDENTIFIER_PATTERN.test(identifier) ? identifier : undefined;
}

function createHitCounter(catalogue: Catalogue): HitCounter {
  let pending = new Map<string, number>();
  return {
    recordRead(path) {
      // A platform's own identifiers (`/platforms/{platform}/{type}/{id}`) are not ours.
      if (path.includes('/platforms/')) return;
      const asset = assetRead(path);
      if (asset === undefined) return;
      pending.set(asset, (pending.get(asset) ?? 0) + 1);
    },
    async flush() {
      if (pending.size === 0) return;
      const counted = pending;
      pending = new Map();
      const rows = [...counted].map(([asset, hits]) => ({ asset, hits }));
      try {
        await catalogue.database.kysely.transaction().execute(async (trx) => {
          for (const chunk of inListChunks(rows, ROWS_PER_STATEMENT)) {
            await upsertRows(trx, catalogue.database.dialect, 'asset_hit', ['asset'], { hits: 'add' }, chunk);
          }
        });
      } catch (error) {
        // Kept for the next flush rather than dropped.
        for (const [asset, hits] of counted) pending.set(asset, (pending.get(asset) ?? 0) + hits);
        throw error;
      }
    },
  };
}

const counters = new WeakMap<Catalogue, HitCounter>();

/** The catalogue's hit counter (one per process and catalogue). */
export function hitCounterOf(catalogue: Catalogue): HitCounter {
  let counter = counters.get(catalogue);
  if (!counter) counters.set(catalogue, (counter = createHitCounter(catalogue)));
  return counter;
}

/** Flushes the hit counts every few seconds until the returned function is called (which flushes once more). */
export function startHitFlusher(catalogue: Catalogue, intervalMs = FLUSH_INTERVAL_MS): () => Promise<void> {
  const counter = hitCounterOf(catalogue);
  const flush = () => counter.flush().catch((error: unknown) => catalogue.logger.error({ err: error }, 'saving asset hits failed'));
  const stop = startPeriodicTask(flush, intervalMs);
  return async () => {
    await stop();
    await flush();
  };
}

export interface AssetHits {
  asset: string;
  hits: number;
}

/** The most read published assets of a type, most read first (ties by identifier). */
export async function topHits(catalogue: Catalogue, resource: ResourceType, limit: number): Promise<AssetHits[]> {
  const rows = await catalogue.database.kysely
    .selectFrom('asset_hit as h')
    .innerJoin('asset as a', 'a.identifier', 'h.asset')
    .select(['h.asset', 'h.hits'])
    .where('a.type', '=', resource.type)
    .where('a.live', '=', 1)
    .where('a.status', 'in', LISTED_STATUSES)
    .orderBy('h.hits', 'desc')
    .orderBy('h.asset')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ asset: row.asset, hits: Number(row.hits) }));
}

/** The most read published assets of every type: `limitPerType` per type. */
export async function topHitsPerType(catalogue: Catalogue, limitPerType: number): Promise<Array<AssetHits & { type: string }>> {
  const perType = await Promise.all(
    resourceTypes.map(async (resource) => (await topHits(catalogue, resource, limitPerType)).map((row) => ({ type: resource.plural, ...row }))),
  );
  return perType.flat();
}
