/** Gauges read from the database at scrape time: what the catalogue holds. */
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
}
