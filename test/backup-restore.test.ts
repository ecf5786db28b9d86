/**
 * Backup and restore round-trip, on SQLite and MariaDB: a populated catalogue (examples, links,
 * terms, users, permissions, a review, bookmarks, the change log and, once they exist, connector
 * state) is backed up, restored into an empty database, and found again row for row in every
 * table, and answer for answer over HTTP. Also: the guards (non-empty target, truncated dump).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { operator, type Principal } from '../src/auth/principal.ts';
import { settingsWith } from '../src/config.ts';
import { BackupError, backupDatabase, restoreDatabase } from '../src/database/backup/index.ts';
import { openDatabase } from '../src/database/db.ts';
import { resourceByType } from '../src/database/model/registry.ts';
import { silentLogger } from '../src/logger.ts';
import { RenderedRowCache } from '../src/repositories/rendered-row-cache.ts';
import type { Catalogue } from '../src/services/catalogue.ts';
import { loadExamples } from '../src/services/examples.ts';
import { rememberUser } from '../src/services/users.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { createTestDatabase, dialects, type TestDatabase } from './helpers/databases.ts';
import { call, get, post } from './helpers/http.ts';
import { snapshotTables, type TableSnapshot } from './helpers/table-snapshot.ts';

const user = (name: string, roles: string[] = []): Principal => ({ subject: `subject-${name}`, username: name, roles: new Set(roles) });
const alice = user('alice');
const bob = user('bob');
const reviewer = user('rita', ['review_aiod_resources']);

/** Tables a populated catalogue must have rows in, so the comparison proves something. */
const MUST_HAVE_ROWS = [
  'asset',
  'asset_link',
  'asset_term',
  'taxonomy_term',
  'change_log',
  'app_user',
  'asset_permission',
  'submission',
  'submission_asset',
  'review',
  'bookmark',
  'upload_log',
  'kysely_migration',
];
/** Connector bookkeeping: the example connector's run writes these, so a backup must carry them. */
const CONNECTOR_TABLES_WITH_ROWS = ['connector_state', 'connector_run'];

/** The app as `principal` sees it; writers are remembered as users (as signing in does), readers not, so reads change nothing. */
function appOn(catalogue: Catalogue, principal: Principal, options: { remember: boolean } = { remember: true }): Hono<any> {
  return createApp({
    catalogue,
    authenticator: async () => {
      if (options.remember) await rememberUser(catalogue, principal);
      return principal;
    },
  });
}

const readerOn = (catalogue: Catalogue, principal: Principal) => appOn(catalogue, principal, { remember: false });

/** Writes through the API what the examples do not: drafts, links, a review, bookmarks, permissions. */
async function populate(t: TestCatalogue): Promise<void> {
  await loadExamples(t.catalogue);
  const as = (principal: Principal) => appOn(t.catalogue, principal);
  const publication = await post(as(alice), '/publications', { name: 'Backups considered helpful' });
  expect(publication.status).toBe(200);
  const dataset = await post(as(alice), '/datasets', {
    name: 'Round-trip dataset',
    citation: [publication.body.identifier],
    keyword: ['backup', 'restore'],
  });
  expect(dataset.status, JSON.stringify(dataset.body)).toBe(200);
  const submitted = await post(as(alice), '/submissions', { asset_identifiers: [dataset.body.identifier, publication.body.identifier] });
  expect(submitted.status).toBe(200);
  const reviewed = await post(as(reviewer), '/reviews', { submission_identifier: submitted.body.submission_identifier, decision: 'accepted' });
  expect(reviewed.status).toBe(200);
  const draft = await post(as(alice), '/datasets', { name: 'Still a draft' });
  await as(bob).request('/'); // makes bob a known user, as signing in does
  expect((await post(as(alice), '/assets/permissions', { asset_identifier: draft.body.identifier, user: 'bob', permission_type: 'read' })).status).toBe(200);
  expect((await call(as(bob), 'POST', `/bookmarks?resource_identifier=${dataset.body.identifier}`)).status).toBe(200);
}

/** A catalogue on an existing (restored) database, without touching its schema or data. */
function catalogueOn(url: string): Catalogue {
  return {
    database: openDatabase(url, { poolSize: 2 }),
    renderedRows: new RenderedRowCache(0),
    settings: settingsWith({ DATABASE_URL: url, DEPLOYMENT_TYPE: 'test', LOG_LEVEL: 'silent' }),
    logger: silentLogger(),
    now: () => new Date(),
  };
}

/** Every asset's read body and ETag, as an administrator and as the public see it. */
async function everyAnswer(catalogue: Catalogue): Promise<Record<string, unknown>> {
  const assets = await catalogue.database.kysely.selectFrom('asset').select(['identifier', 'type']).orderBy('identifier').execute();
  const admin = readerOn(catalogue, operator('backup-test'));
  const answers: Record<string, unknown> = {};
  for (const asset of assets) {
    const path = `/${resourceByType(asset.type).plural}/${asset.identifier}`;
    const response = await get(admin, path);
    answers[path] = { status: response.status, etag: response.headers.get('etag'), body: response.body };
  }
  for (const path of ['/datasets?limit=1000', '/counts', '/platforms']) answers[path] = (await get(admin, path)).body;
  answers['bob:/bookmarks'] = (await get(readerOn(catalogue, bob), '/bookmarks')).body;
  answers['alice:/submissions'] = (await get(readerOn(catalogue, alice), '/submissions?mode=all')).body;
  answers['alice:/user/resources'] = (await get(readerOn(catalogue, alice), '/user/resources')).body;
  return answers;
}

describe.each(dialects)('backup and restore on %s', (dialect) => {
  let source: TestCatalogue;
  let scratch: string;
  let before: TableSnapshot;
  let answersBefore: Record<string, unknown>;
  const extension = dialect === 'sqlite' ? 'sqlite' : 'sql';
  const targets: TestDatabase[] = [];

  async function emptyTarget(): Promise<TestDatabase> {
    const target = await createTestDatabase(dialect);
    targets.push(target);
    return target;
  }

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'aiod-backup-test-'));
    source = await openTestCatalogue(dialect, { settings: { UPLOAD_RATE_LIMIT: '1000' } });
    await populate(source);
    answersBefore = await everyAnswer(source.catalogue);
    before = await snapshotTables(source.catalogue.database);
  });

  afterAll(async () => {
    await source?.close();
    for (const target of targets) await target.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('has a populated catalogue to back up', () => {
    const reads = Object.values(answersBefore).filter((answer): answer is { status: number } => typeof answer === 'object' && answer !== null && 'status' in answer);
    expect(reads.length).toBeGreaterThanOrEqual(19);
    expect(new Set(reads.map((read) => read.status))).toEqual(new Set([200]));
    expect(answersBefore['bob:/bookmarks']).toHaveLength(1);
    expect(answersBefore['alice:/submissions']).toHaveLength(1);
    for (const table of MUST_HAVE_ROWS) expect(before[table]?.length ?? 0, `rows in ${table}`).toBeGreaterThan(0);
    for (const table of CONNECTOR_TABLES_WITH_ROWS) {
      expect(before[table]?.length ?? 0, `rows in ${table}`).toBeGreaterThan(0);
    }
  });

  for (const compressed of [true, false]) {
    it(`restores every row of every table into an empty database (${compressed ? 'gzip' : 'plain'} file)`, async () => {
      const file = join(scratch, `catalogue-${compressed}.${extension}${compressed ? '.gz' : ''}`);
      const report = await backupDatabase(source.catalogue.settings.DATABASE_URL, file);
      expect(report).toMatchObject({ dialect, file });
      expect(report.bytes).toBeGreaterThan(1000);
      const target = await emptyTarget();
      const restored = await restoreDatabase(target.url, file, { force: false });
      expect(restored.pendingMigrations).toEqual([]);
      expect(restored.assets).toBe(before.asset?.length);
      // The backup is one file: no partial copy, and no WAL or shared-memory file beside it.
      expect(readdirSync(scratch).filter((name) => name.startsWith(`catalogue-${compressed}.`))).toEqual([basename(file)]);
      const database = openDatabase(target.url);
      try {
        expect(await snapshotTables(database)).toEqual(before);
      } finally {
        await database.close();
      }
    });
  }

  it('serves the same assets, lists, counts, bookmarks and submissions from the restored database, and takes new writes', async () => {
    const file = join(scratch, `served.${extension}.gz`);
    await backupDatabase(source.catalogue.settings.DATABASE_URL, file);
    const target = await emptyTarget();
    await restoreDatabase(target.url, file, { force: false });
    const catalogue = catalogueOn(target.url);
    try {
      expect(await everyAnswer(catalogue)).toEqual(answersBefore);
      // Counters (AUTO_INCREMENT, sqlite_sequence) came along: new rows do not collide with old ones.
      const created = await post(appOn(catalogue, alice), '/datasets', { name: 'Written after the restore' });
      expect(created.status).toBe(200);
      const submitted = await post(appOn(catalogue, alice), '/submissions', { asset_identifiers: [created.body.identifier] });
      expect(submitted.status).toBe(200);
    } finally {
      await catalogue.database.close();
    }
  });

  it('refuses to restore over a catalogue unless forced, and then replaces it', async () => {
    const file = join(scratch, `force.${extension}.gz`);
    await backupDatabase(source.catalogue.settings.DATABASE_URL, file);
    const occupied = await openTestCatalogue(dialect);
    try {
      await post(occupied.app, '/datasets', { name: 'Will be replaced' });
      await expect(restoreDatabase(occupied.catalogue.settings.DATABASE_URL, file, { force: false })).rejects.toThrow(
        /not empty .*--force/,
      );
      await restoreDatabase(occupied.catalogue.settings.DATABASE_URL, file, { force: true });
      const database = openDatabase(occupied.catalogue.settings.DATABASE_URL);
      try {
        expect(await snapshotTables(database)).toEqual(before);
      } finally {
        await database.close();
      }
    } finally {
      await occupied.close();
    }
  });

  it('refuses a backup file that was cut short', async () => {
    const file = join(scratch, `whole.${extension}.gz`);
    await backupDatabase(source.catalogue.settings.DATABASE_URL, file);
    const content = gunzipSync(readFileSync(file));
    const truncated = join(scratch, `truncated.${extension}.gz`);
    writeFileSync(truncated, gzipSync(content.subarray(0, Math.floor(content.length * 0.7))));
    const target = await emptyTarget();
    const attempt = restoreDatabase(target.url, truncated, { force: false });
    await expect(attempt).rejects.toThrow(BackupError);
    const database = openDatabase(target.url);
    try {
      // Nothing was half-loaded.
      expect((await snapshotTables(database)).asset).toBeUndefined();
    } finally {
      await database.close();
    }
  });

  it('leaves no file behind when the backup fails', async () => {
    const file = join(scratch, 'never.gz');
    const missing = dialect === 'sqlite' ? join(scratch, 'no-such.sqlite') : `${source.catalogue.settings.DATABASE_URL}_missing`;
    await expect(backupDatabase(missing, file)).rejects.toThrow(BackupError);
    expect(() => readFileSync(file)).toThrow();
    expect(() => readFileSync(`${file}.partial`)).toThrow();
  });
});
