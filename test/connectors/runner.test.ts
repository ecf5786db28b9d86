/**
 * The connector framework on both dialects, with a scripted connector whose "platform" is an
 * in-memory list: create, update, skip unchanged, delete after a complete listing, checkpoints,
 * a run killed half-way and restarted, record errors retried, references and cycles, renames,
 * the lease.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector, ConnectorContext, ConnectorEvent } from '../../src/connectors/connector.ts';
import { runConnector } from '../../src/connectors/runner.ts';
import type { Json } from '../../src/database/model/normalize.ts';
import { acquireLease } from '../../src/repositories/connector-state.ts';
import { openTestCatalogue, type TestCatalogue } from '../helpers/catalogue.ts';
import { dialects } from '../helpers/databases.ts';

interface Item {
  id: string;
  name: string;
  description?: string;
  creator?: string;
  broken?: boolean;
}

/** A platform of datasets (and their creators as contacts), listed in pages of `pageSize`. */
function scriptedConnector(items: Item[], options: { pageSize?: number; failAfterPages?: number; keepOldName?: boolean } = {}) {
  const seen: Array<{ state: Json | null }> = [];
  const connector: Connector = {
    name: 'openml',
    platform: 'openml',
    resources: ['datasets'],
    keepOldNameAsAlternate: options.keepOldName ?? false,
    async *run(context: ConnectorContext): AsyncGenerator<ConnectorEvent> {
      seen.push({ state: context.state });
      const pageSize = options.pageSize ?? 3;
      let offset = (context.state?.offset as number | undefined) ?? 0;
      let pages = 0;
      while (offset < items.length) {
        if (options.failAfterPages !== undefined && pages >= options.failAfterPages) throw new Error('upstream went away');
        for (const item of items.slice(offset, offset + pageSize)) {
          if (item.broken) {
            yield { kind: 'error', resource: 'datasets', platformResourceIdentifier: item.id, message: 'malformed upstream record' };
            continue;
          }
          if (item.creator) {
            yield { kind: 'record', resource: 'contacts', platformResourceIdentifier: `creator:${item.creator}`, body: { name: item.creator } };
          }
          const body: Json = { name: item.name, description: { plain: item.description ?? `About ${item.name}` } };
          if (item.creator) body.creator = [`@contacts:creator:${item.creator}`];
          yield { kind: 'record', resource: 'datasets', platformResourceIdentifier: item.id, body };
        }
        offset += pageSize;
        pages += 1;
        yield { kind: 'checkpoint', state: { offset } };
      }
      if ((context.state?.offset ?? 0) === 0 || context.options.full) yield { kind: 'listed-all' };
    },
  };
  return { connector, seen };
}

async function datasets(t: TestCatalogue): Promise<Array<Record<string, any>>> {
  const response = await t.app.request('/datasets?limit=1000');
  expect(response.status).toBe(200);
  return ((await response.json()) as Array<Record<string, any>>).filter((dataset) => dataset.platform === 'openml');
}

const items = (n: number): Item[] =>
  Array.from({ length: n }, (_, index) => ({ id: String(index + 1), name: `dataset-${index + 1}` }));

describe.each(dialects)('connector runner on %s', (dialect) => {
  let t: TestCatalogue;
  beforeEach(async () => {
    t = await openTestCatalogue(dialect, { settings: { CONNECTOR_BATCH_SIZE: '4' } });
  });
  afterEach(async () => t.close());

  it('fills an empty catalogue, then skips unchanged records and updates changed ones', async () => {
    const platform = items(7);
    platform[0] = { ...platform[0], creator: 'Ada Lovelace' } as Item;
    const { connector } = scriptedConnector(platform);
    const first = await runConnector(t.catalogue, connector, { full: true });
    expect(first).toMatchObject({ status: 'succeeded', complete: true, created: 8, updated: 0, unchanged: 0, failed: 0, deleted: 0 });
    const stored = await datasets(t);
    expect(stored.map((dataset) => dataset.name).sort()).toEqual(platform.map((item) => item.name).sort());
    const withCreator = stored.find((dataset) => dataset.platform_resource_identifier === '1');
    expect(withCreator?.creator).toHaveLength(1);
    const contact = (await (await t.app.request(`/contacts/${withCreator?.creator[0]}`)).json()) as Record<string, any>;
    expect(contact.name).toBe('Ada Lovelace');
    expect(stored.every((dataset) => dataset.aiod_entry.status === 'published')).toBe(true);

    (platform[2] as Item).description = 'A better description';
    const second = await runConnector(t.catalogue, connector, { full: true });
    expect(second).toMatchObject({ status: 'succeeded', created: 0, updated: 1, unchanged: 7 });
    const changed = (await datasets(t)).find((dataset) => dataset.platform_resource_identifier === '3');
    expect(changed?.description.plain).toBe('A better description');
    expect(changed?.identifier).toBe(stored.find((dataset) => dataset.platform_resource_identifier === '3')?.identifier);
  });

  it('deletes what a complete listing no longer has, and only then', async () => {
    const platform = items(6);
    const { connector } = scriptedConnector(platform);
    await runConnector(t.catalogue, connector, { full: true });
    const gone = platform.splice(1, 2);
    const partial = await runConnector(t.catalogue, connector, { full: true, limit: 2 });
    expect(partial.complete).toBe(false);
    expect(await datasets(t)).toHaveLength(6);
    const complete = await runConnector(t.catalogue, connector, { full: true });
    expect(complete).toMatchObject({ complete: true, deleted: 2 });
    const names = (await datasets(t)).map((dataset) => dataset.name);
    for (const item of gone) expect(names).not.toContain(item.name);
    expect(names).toHaveLength(4);
    const counts = (await (await t.app.request('/counts/datasets?detailed=true')).json()) as Record<string, any>;
    expect(counts.openml).toBe(4);
  });

  it('never deletes everything because the platform listed nothing', async () => {
    const platform = items(3);
    const { connector } = scriptedConnector(platform);
    await runConnector(t.catalogue, connector, { full: true });
    platform.length = 0;
    const empty = await runConnector(t.catalogue, connector, { full: true });
    expect(empty).toMatchObject({ status: 'succeeded', complete: false, deleted: 0 });
    expect(empty.message).toMatch(/listed nothing/);
    expect(await datasets(t)).toHaveLength(3);
  });

  it('resumes a run that failed half-way at its last checkpoint: nothing lost, nothing duplicated', async () => {
    const platform = items(10);
    const failing = scriptedConnector(platform, { failAfterPages: 2 });
    const broken = await runConnector(t.catalogue, failing.connector);
    expect(broken.status).toBe('failed');
    expect(broken.message).toMatch(/upstream went away/);
    expect(broken.created).toBe(6);
    expect(await datasets(t)).toHaveLength(6);

    const healthy = scriptedConnector(platform);
    const resumed = await runConnector(t.catalogue, healthy.connector);
    expect(healthy.seen[0]?.state).toEqual({ offset: 6 });
    expect(resumed).toMatchObject({ status: 'succeeded', created: 4, unchanged: 0 });
    const stored = await datasets(t);
    expect(stored).toHaveLength(10);
    expect(new Set(stored.map((dataset) => dataset.platform_resource_identifier)).size).toBe(10);
  });

  it('keeps records read before an abort, and the abort leaves the state at the last stored page', async () => {
    const platform = items(9);
    const controller = new AbortController();
    const { connector } = scriptedConnector(platform);
    const aborting: Connector = {
      ...connector,
      async *run(context) {
        let count = 0;
        for await (const event of connector.run(context)) {
          yield event;
          if (event.kind === 'record' && ++count === 5) {
            // The runner reads ahead of what it stores: abort once the first page is stored.
            while ((await datasets(t)).length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
            controller.abort(new Error('shutting down'));
          }
        }
      },
    };
    const aborted = await runConnector(t.catalogue, aborting, {}, { signal: controller.signal });
    expect(aborted.status).toBe('aborted');
    const afterAbort = await datasets(t);
    expect(afterAbort.length).toBeGreaterThanOrEqual(3);
    const again = scriptedConnector(platform);
    await runConnector(t.catalogue, again.connector);
    expect(again.seen[0]?.state).toEqual({ offset: 3 });
    expect(await datasets(t)).toHaveLength(9);
  });

  it('stores record errors, keeps failing records from deletion, and resolves them once stored', async () => {
    const platform = items(4);
    const { connector } = scriptedConnector(platform);
    await runConnector(t.catalogue, connector, { full: true });
    (platform[1] as Item).broken = true;
    platform.push({ id: '99', name: '' });
    const withErrors = await runConnector(t.catalogue, connector, { full: true });
    expect(withErrors).toMatchObject({ status: 'succeeded', failed: 2, deleted: 0, complete: true });
    expect(await datasets(t)).toHaveLength(4);
    const errors = await t.catalogue.database.kysely.selectFrom('connector_error').selectAll().where('run', '=', withErrors.run).execute();
    expect(errors.map((error) => error.platform_resource_identifier).sort()).toEqual(['2', '99']);
    expect(errors.find((error) => error.platform_resource_identifier === '99')?.message).toMatch(/name/);

    (platform[1] as Item).broken = false;
    (platform[4] as Item).name = 'now valid';
    const fixed = await runConnector(t.catalogue, connector, { full: true });
    expect(fixed).toMatchObject({ failed: 0, created: 1 });
    const open = await t.catalogue.database.kysely.selectFrom('connector_error').selectAll().where('resolved_run', 'is', null).execute();
    expect(open).toEqual([]);
  });

  it('keeps one open error per failing record, its latest, and resolves only the record stored', async () => {
    let run = 0;
    const connector: Connector = {
      name: 'openml',
      platform: 'openml',
      resources: ['datasets', 'ml_models'],
      async *run(): AsyncGenerator<ConnectorEvent> {
        run += 1;
        // Dataset 7 fails every run; model 7 (the same platform id, another type) fails, then is stored from run 3.
        yield { kind: 'error', resource: 'datasets', platformResourceIdentifier: '7', message: `malformed in run ${run}` };
        if (run < 3) yield { kind: 'error', resource: 'ml_models', platformResourceIdentifier: '7', message: `model malformed in run ${run}` };
        else yield { kind: 'record', resource: 'ml_models', platformResourceIdentifier: '7', body: { name: 'model 7' } };
        yield { kind: 'error', resource: 'datasets', message: `unidentifiable in run ${run}` };
      },
    };
    const { kysely } = t.catalogue.database;
    const openErrors = () =>
      kysely.selectFrom('connector_error').select(['resource', 'platform_resource_identifier', 'message']).where('resolved_run', 'is', null).orderBy('identifier').execute();
    for (let n = 0; n < 3; n += 1) expect(await runConnector(t.catalogue, connector)).toMatchObject({ status: 'succeeded' });

    expect(await openErrors()).toEqual([
      { resource: 'datasets', platform_resource_identifier: null, message: 'unidentifiable in run 1' },
      { resource: 'datasets', platform_resource_identifier: null, message: 'unidentifiable in run 2' },
      { resource: 'datasets', platform_resource_identifier: '7', message: 'malformed in run 3' },
      { resource: 'datasets', platform_resource_identifier: null, message: 'unidentifiable in run 3' },
    ]);
    const resolved = await kysely.selectFrom('connector_error').select(['resource', 'message']).where('resolved_run', 'is not', null).execute();
    expect(resolved).toEqual([{ resource: 'ml_models', message: 'model malformed in run 2' }]);
    const overview = await t.app.request('/connectors');
    const openml = ((await overview.json()) as Array<{ name: string; open_errors: number }>).find((entry) => entry.name === 'openml');
    expect(openml?.open_errors).toBe(4);
  });

  it('keeps the old name of a renamed record as an alternate name', async () => {
    const platform = items(2);
    const { connector } = scriptedConnector(platform, { keepOldName: true });
    await runConnector(t.catalogue, connector);
    (platform[0] as Item).name = 'renamed-once';
    await runConnector(t.catalogue, connector, { full: true });
    (platform[0] as Item).name = 'renamed-twice';
    await runConnector(t.catalogue, connector, { full: true });
    const renamed = (await datasets(t)).filter((dataset) => dataset.platform_resource_identifier === '1');
    expect(renamed).toHaveLength(1);
    expect(renamed[0]?.name).toBe('renamed-twice');
    expect([...renamed[0]?.alternate_name].sort()).toEqual(['dataset-1', 'renamed-once']);
  });

  it('runs one run per connector at a time: a held lease makes another run skip', async () => {
    const { connector } = scriptedConnector(items(2));
    const now = new Date();
    const held = await acquireLease(t.catalogue.database.kysely, t.catalogue.database.dialect, {
      connector: 'openml',
      owner: 'another-process',
      now: now.toISOString(),
      until: new Date(now.getTime() + 60_000).toISOString(),
    });
    expect(held).toBe(true);
    const skipped = await runConnector(t.catalogue, connector);
    expect(skipped).toMatchObject({ status: 'skipped', run: 0, created: 0 });
    expect(await datasets(t)).toHaveLength(0);
    // An expired lease (its process died) is taken over.
    await t.catalogue.database.kysely.updateTable('connector_state').set({ lease_until: '2000-01-01T00:00:00.000Z' }).execute();
    expect((await runConnector(t.catalogue, connector)).status).toBe('succeeded');
    expect(await datasets(t)).toHaveLength(2);
  });

  it('fails the run at once, with a clear message, when its platform is not registered', async () => {
    const { connector } = scriptedConnector(items(3));
    const unregistered: Connector = { ...connector, platform: 'nowhere' };
    const summary = await runConnector(t.catalogue, unregistered);
    expect(summary).toMatchObject({ status: 'failed', created: 0, failed: 0 });
    expect(summary.message).toMatch(/Platform nowhere does not exist; register it with POST \/platforms/);
    const errors = await t.catalogue.database.kysely.selectFrom('connector_error').selectAll().execute();
    expect(errors).toEqual([]);
  });

  it('keeps its lease while the connector waits longer than the lease between two batches', async () => {
    const short = await openTestCatalogue(dialect, { settings: { CONNECTOR_LEASE_SECONDS: '1' } });
    try {
      let contested: boolean | undefined;
      const slow: Connector = {
        name: 'openml',
        platform: 'openml',
        resources: ['datasets'],
        async *run() {
          yield { kind: 'record', resource: 'datasets', platformResourceIdentifier: '1', body: { name: 'before the wait' } };
          yield { kind: 'checkpoint', state: { offset: 1 } };
          // Twice the lease; another process tries to take it half-way.
          await new Promise((resolve) => setTimeout(resolve, 1000));
          const now = new Date();
          contested = await acquireLease(short.catalogue.database.kysely, short.catalogue.database.dialect, {
            connector: 'openml',
            owner: 'another-process',
            now: now.toISOString(),
            until: new Date(now.getTime() + 60_000).toISOString(),
          });
          await new Promise((resolve) => setTimeout(resolve, 1000));
          yield { kind: 'record', resource: 'datasets', platformResourceIdentifier: '2', body: { name: 'after the wait' } };
        },
      };
      const summary = await runConnector(short.catalogue, slow);
      expect(contested).toBe(false);
      expect(summary).toMatchObject({ status: 'succeeded', created: 2 });
    } finally {
      await short.close();
    }
  });

  it('completes references between records of one batch written before their targets', async () => {
    const connector: Connector = {
      name: 'zenodo',
      platform: 'zenodo',
      resources: ['datasets', 'publications'],
      async *run() {
        yield { kind: 'record', resource: 'datasets', platformResourceIdentifier: 'zenodo.org:1', body: { name: 'cited data', citation: ['@publications:p1'] } };
        yield { kind: 'record', resource: 'publications', platformResourceIdentifier: 'p1', body: { name: 'the paper' } };
        yield { kind: 'record', resource: 'datasets', platformResourceIdentifier: 'zenodo.org:2', body: { name: 'orphan', citation: ['@publications:never'] } };
      },
    };
    const summary = await runConnector(t.catalogue, connector);
    expect(summary, summary.message).toMatchObject({ status: 'succeeded', created: 3, failed: 0 });
    const all = (await (await t.app.request('/datasets?limit=100')).json()) as any[];
    const cited = all.find((dataset: any) => dataset.platform_resource_identifier === 'zenodo.org:1');
    const paper = (await (await t.app.request(`/publications/${cited.citation[0]}`)).json()) as Record<string, any>;
    expect(paper.name).toBe('the paper');
    const orphan = all.find((dataset: any) => dataset.platform_resource_identifier === 'zenodo.org:2');
    expect(orphan.citation).toEqual([]);
    // The orphan is written again next run (its reference may resolve by then); the other is unchanged.
    const again = await runConnector(t.catalogue, connector);
    expect(again).toMatchObject({ unchanged: 2, updated: 1 });
  });
});

// At the default batch size (200): runs whose records go in one batch.
describe.each(dialects)('connector runs in default batches on %s', (dialect) => {
  let t: TestCatalogue;
  beforeEach(async () => {
    t = await openTestCatalogue(dialect);
  });
  afterEach(async () => t.close());

  it('counts only its own types towards --limit, and stores the checkpoint a connector gives at its limit', async () => {
    const platform = items(6).map((item) => ({ ...item, creator: `Creator ${item.id}` }));
    const { connector } = scriptedConnector(platform, { pageSize: 2 });
    // The scripted connector does not honour the limit itself: the runner stops at the next record.
    const limited = await runConnector(t.catalogue, connector, { limit: 3 });
    expect(limited).toMatchObject({ status: 'succeeded', complete: false });
    expect(await datasets(t)).toHaveLength(3);
    expect(limited.created).toBe(6);

    const honouring: Connector = {
      ...connector,
      async *run(context) {
        yield { kind: 'record', resource: 'contacts', platformResourceIdentifier: 'creator:x', body: { name: 'X' } };
        yield { kind: 'record', resource: 'datasets', platformResourceIdentifier: '50', body: { name: 'fifty', creator: ['@contacts:creator:x'] } };
        yield { kind: 'checkpoint', state: { offset: 50 } };
      },
    };
    await runConnector(t.catalogue, honouring, { limit: 1 });
    const stored = await t.catalogue.database.kysely.selectFrom('connector_state').select('state').where('connector', '=', 'openml').executeTakeFirst();
    expect(JSON.parse(stored?.state as string)).toEqual({ offset: 50 });
  });

  it('stores a batch whose documents and renderings are larger than one statement may be', async () => {
    // 100 records (one batch) with descriptions of 60,000 characters in plain text and in HTML:
    // each row holds ~240,000 characters (its document and its rendering), ~24 MB for the batch,
    // above MySQL's 16 MB packet limit.
    let revision = 'first';
    const text = (index: number) => `${index} ${revision} `.padEnd(60_000, 'abcdefghij ');
    const connector: Connector = {
      name: 'openml',
      platform: 'openml',
      resources: ['datasets'],
      async *run(): AsyncGenerator<ConnectorEvent> {
        for (let index = 1; index <= 100; index++) {
          const description = { plain: text(index), html: `<p>${text(index)}</p>` };
          yield { kind: 'record', resource: 'datasets', platformResourceIdentifier: String(index), body: { name: `large-${index}`, description } };
        }
        yield { kind: 'listed-all' };
      },
    };
    expect(await runConnector(t.catalogue, connector, { full: true })).toMatchObject({ status: 'succeeded', created: 100, failed: 0 });
    revision = 'second';
    expect(await runConnector(t.catalogue, connector, { full: true })).toMatchObject({ status: 'succeeded', updated: 100, failed: 0 });
    const stored = await datasets(t);
    expect(stored).toHaveLength(100);
    expect(stored.every((dataset) => dataset.description.plain.includes(' second '))).toBe(true);
  });
});
