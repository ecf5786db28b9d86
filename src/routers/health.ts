/** GET /health: whether the API and what it depends on are up (for load balancers and compose). */
import { sql } from 'kysely';
import type { Hono } from 'hono';
import { searchBackendOf } from '../search/open-backend.ts';
import type { Catalogue } from '../services/catalogue.ts';
import { CATALOGUE_VERSION } from '../version.ts';
import type { AppEnv } from './app-env.ts';

export function addHealthRoute(app: Hono<AppEnv>, catalogue: Catalogue): void {
  app.get('/health', async (c) => {
    let reachable = true;
    try {
      await sql`SELECT 1`.execute(catalogue.database.kysely);
    } catch (error) {
      reachable = false;
      catalogue.logger.error({ err: error }, 'health check: database unreachable');
    }
    const search = searchBackendOf(catalogue);
    const searchReachable = await search.ping();
    // Search down degrades the API but does not take a replica out of the load balancer: 200.
    const body = {
      status: reachable ? (searchReachable ? 'ok' : 'degraded') : 'unavailable',
      deployment_type: catalogue.settings.DEPLOYMENT_TYPE,
      version: CATALOGUE_VERSION,
      database: { reachable, dialect: catalogue.database.dialect },
      search: { reachable: searchReachable, backend: search.kind },
    };
    return c.json(body, reachable ? 200 : 503);
  });
}
