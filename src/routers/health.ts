/** GET /health: whether the API and what it depends on are up (for load balancers and compose). */
import { sql } from 'kysely';
import type { Hono } from 'hono';
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
    const body = {
      status: reachable ? 'ok' : 'unavailable',
      deployment_type: catalogue.settings.DEPLOYMENT_TYPE,
      version: CATALOGUE_VERSION,
      database: { reachable, dialect: catalogue.database.dialect },
    };
    return c.json(body, reachable ? 200 : 503);
  });
}
