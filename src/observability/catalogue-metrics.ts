/** Gauges read from the database at scrape time: what the catalogue holds. */
import { searchBackendOf } from '../search/open-backend.ts';
import type { SearchCacheStats } from '../search/backend.ts';
import type { Catalogue } from '../services/catalogue.ts';
import type { Metrics } from './metrics.ts';

export function registerCatalogueMetrics(metrics: Metrics, catalogue: Catalogue): void {
  metrics.gauge('aiod_assets', 'Live assets by type, platform and status.', ['type', 'platform', 'status'], async () => {
    const rows = await catalogue.database.kysely.selectFrom('asset_count').selectAll().where('n', '>', 0).execute();
    return rows.map((row) => ({ labels: { type: row.type, platform: row.platform, status: row.status }, value: Number(row.n) }));
  });
  metrics.gauge('aiod_stale_renderings', 'Assets whose stored rendering waits for the background refresher.', [], async () => {
    const row = await catalogue.database.kysely
      .selectFrom('asset')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('render_version', 'is', null)
      .where('live', '=', 1)
      .executeTakeFirstOrThrow();
    return [{ labels: {}, value: Number(row.n) }];
  });
  const rows = catalogue.renderedRows;
  metrics.gauge('aiod_read_cache_bytes', 'Memory held by rendered rows cached for list pages (READ_CACHE_MB).', [], async () => [
    { labels: {}, value: rows.size },
  ]);
  metrics.gauge('aiod_read_cache_lookups', 'List-page rows looked up in the rendered row cache since start, by outcome.', ['outcome'], async () =>
    (['hit', 'miss'] as const).map((outcome) => ({ labels: { outcome }, value: rows.lookups[outcome] })),
  );
  // The database search backend's caches live in its worker threads too; each scrape asks them
  // once: both gauges below are collected at the same time and share the answer in flight.
  let asking: Promise<SearchCacheStats[]> | undefined;
  const searchCaches = () => {
    asking ??= (async () => (await searchBackendOf(catalogue).cacheStats?.()) ?? [])().finally(() => (asking = undefined));
    return asking;
  };
  metrics.gauge('aiod_search_cache_bytes', 'Memory held by index rows the database search backend keeps (SEARCH_CACHE_MB), by cache.', ['cache'], async () =>
    (await searchCaches()).map((stats) => ({ labels: { cache: stats.cache }, value: stats.bytes })),
  );
  metrics.gauge('aiod_search_cache_lookups', 'Index rows looked up in the search caches since start, by cache and outcome.', ['cache', 'outcome'], async () =>
    (await searchCaches()).flatMap((stats) => [
      { labels: { cache: stats.cache, outcome: 'hit' }, value: stats.hits },
      { labels: { cache: stats.cache, outcome: 'miss' }, value: stats.misses },
    ]),
  );
}

/** Connector runs and records, and how far the search indexer trails the change log. */
export function registerHarvestMetrics(metrics: Metrics, catalogue: Catalogue): void {
  const { kysely } = catalogue.database;
  metrics.gauge('aiod_connector_runs', 'Connector runs by connector and outcome.', ['connector', 'status'], async () => {
    const rows = await kysely
      .selectFrom('connector_run')
      .select(['connector', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['connector', 'status'])
      .execute();
    return rows.map((row) => ({ labels: { connector: row.connector, status: row.status }, value: Number(row.n) }));
  });
  metrics.gauge('aiod_connector_records', 'Records connectors handled, by connector and outcome.', ['connector', 'outcome'], async () => {
    const rows = await kysely
      .selectFrom('connector_run')
      .select((eb) => [
        'connector',
        eb.fn.sum<number>('created').as('created'),
        eb.fn.sum<number>('updated').as('updated'),
        eb.fn.sum<number>('unchanged').as('unchanged'),
        eb.fn.sum<number>('deleted').as('deleted'),
        eb.fn.sum<number>('failed').as('failed'),
      ])
      .groupBy('connector')
      .execute();
    return rows.flatMap((row) =>
      (['created', 'updated', 'unchanged', 'deleted', 'failed'] as const).map((outcome) => ({
        labels: { connector: row.connector, outcome },
        value: Number(row[outcome] ?? 0),
      })),
    );
  });
  metrics.gauge(
    'aiod_connector_last_success_timestamp_seconds',
    'When each connector last finished a run successfully (Unix time).',
    ['connector'],
    async () => {
      const rows = await kysely
        .selectFrom('connector_run')
        .select(['connector', (eb) => eb.fn.max('finished_at').as('finished')])
        .where('status', '=', 'succeeded')
        .groupBy('connector')
        .execute();
      return rows.map((row) => ({ labels: { connector: row.connector }, value: Date.parse(String(row.finished)) / 1000 }));
    },
  );
  metrics.gauge('aiod_search_indexer_lag', 'Changes in the change log the search index has not applied yet.', ['consumer'], async () => {
    const latest = await kysely.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    const positions = await kysely.selectFrom('search_position').select(['consumer', 'position']).execute();
    const head = Number(latest?.seq ?? 0);
    return positions.map((row) => ({ labels: { consumer: row.consumer }, value: Math.max(0, head - Number(row.position)) }));
  });
}
