/**
 * A whole catalogue for a test: a fresh database with schema and seed data, and the HTTP app built
 * by the production factory. Queries are counted so tests can assert how many a request costs.
 */
import type { Hono } from 'hono';
import { createApp } from '../../src/app.ts';
import type { Authenticator } from '../../src/auth/authenticator.ts';
import { operator, type Principal } from '../../src/auth/principal.ts';
import { settingsWith, type Settings } from '../../src/config.ts';
import { type DialectName, openDatabase } from '../../src/database/db.ts';
import { migrateToLatest } from '../../src/database/migrate.ts';
import { silentLogger } from '../../src/logger.ts';
import { RenderedRowCache } from '../../src/repositories/rendered-row-cache.ts';
import type { AppEnv } from '../../src/routers/app-env.ts';
import type { Catalogue } from '../../src/services/catalogue.ts';
import { seedCatalogue } from '../../src/services/seed.ts';
import { rememberUser } from '../../src/services/users.ts';
import { createTestDatabase } from './databases.ts';

export interface TestCatalogue {
  catalogue: Catalogue;
  app: Hono<AppEnv>;
  /** Queries executed since the last reset. */
  queries: { count: number; sql: string[]; reset(): void };
  /** Builds another app on the same catalogue (e.g. with another authenticator). */
  appWith(authenticator: Authenticator): Hono<AppEnv>;
  /** The app with every request made by `principal`, known as a user (as after signing in once). */
  appAs(principal: Principal): Hono<AppEnv>;
  /** Another API process on the same database: its own connections and caches, requests as `principal`. */
  replica(principal: Principal): { app: Hono<AppEnv>; close(): Promise<void> };
  close(): Promise<void>;
}

export async function openTestCatalogue(
  dialect: DialectName,
  options: {
    settings?: Partial<Record<keyof Settings, string>>;
    authenticator?: Authenticator;
  } = {},
): Promise<TestCatalogue> {
  const database = await createTestDatabase(dialect);
  const queries = {
    count: 0,
    sql: [] as string[],
    reset() {
      this.count = 0;
      this.sql = [];
    },
  };
  // The rendered row cache is on as in a served catalogue: every test that writes and then lists
  // also checks that the cache never serves an outdated row.
  const cacheBytes = 16 * 1024 * 1024;
  const db = openDatabase(database.url, {
    poolSize: 4,
    onQuery: (sql) => {
      queries.count += 1;
      queries.sql.push(sql);
    },
  });
  // Searches run in-process unless a test asks for worker threads (search-workers.test.ts).
  // Tests index synchronously after their writes have ended: a gap in the change log is final at once.
  const settings = settingsWith({ DATABASE_URL: database.url, DEPLOYMENT_TYPE: 'test', LOG_LEVEL: 'silent', SEARCH_WORKERS: '0', SEARCH_GAP_GRACE_MS: '0', ...options.settings });
  const catalogue: Catalogue = { database: db, renderedRows: new RenderedRowCache(cacheBytes), settings, logger: silentLogger(), now: () => new Date() };
  await migrateToLatest(db);
  await seedCatalogue(catalogue);
  queries.reset();
  const appWith = (authenticator: Authenticator) => createApp({ catalogue, authenticator });
  return {
    catalogue,
    // Unless a test says otherwise, requests come from an in-process operator (administrator role,
    // publishes at once, may set any platform), so tests of other rules need no sign-in.
    app: appWith(options.authenticator ?? (async () => operator('test'))),
    queries,
    appWith,
    appAs: (principal) =>
      appWith(async () => {
        await rememberUser(catalogue, principal);
        return principal;
      }),
    replica: (principal) => {
      const other = openDatabase(database.url, { poolSize: 2 });
      return {
        app: createApp({ catalogue: { ...catalogue, database: other, renderedRows: new RenderedRowCache(cacheBytes) }, authenticator: async () => principal }),
        close: () => other.close(),
      };
    },
    close: async () => {
      await db.close();
      await database.drop();
    },
  };
}

/** A signed-in user (no token needed: tests inject principals). */
export const testUser = (name: string, roles: string[] = []): Principal => ({ subject: `subject-${name}`, username: name, roles: new Set(roles) });
