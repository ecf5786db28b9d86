/**
 * The OpenML connector end to end on both dialects: the runner and sink store what it reads from
 * the loopback OpenML into a fresh catalogue, then follow upstream edits, removals and killed runs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMlConnector } from '../../src/connectors/openml/index.ts';
import { runConnector } from '../../src/connectors/runner.ts';
import { startOpenMlServer, type OpenMlServer } from '../fixture-servers/openml.ts';
import { openTestCatalogue, type TestCatalogue } from '../helpers/catalogue.ts';
import { dialects } from '../helpers/databases.ts';

type Asset = Record<string, any>;

describe.each(dialects)('OpenML connector into a catalogue on %s', (dialect) => {
  let openml: OpenMlServer;
  let t: TestCatalogue;

  beforeEach(async () => {
    openml = await startOpenMlServer();
    t = await openTestCatalogue(dialect, { settings: { OPENML_API_URL: openml.apiUrl, CONNECTOR_BATCH_SIZE: '100', CONNECTOR_HTTP_RETRIES: '1' } });
  });
  afterEach(async () => {
    await t.close();
    await openml.close();
  });

  async function harvested(plural: string): Promise<Asset[]> {
    const response = await t.app.request(`/${plural}?limit=1000`);
    expect(response.status).toBe(200);
    return ((await response.json()) as Asset[]).filter((asset) => asset.platform === 'openml');
  }
  const platformIds = (assets: Asset[]) => assets.map((asset) => Number(asset.platform_resource_identifier)).sort((a, b) => a - b);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

  it('fills an empty catalogue with datasets, models, their creators and citations', async () => {
    const summary = await runConnector(t.catalogue, openMlConnector);
    expect(summary, summary.message).toMatchObject({ status: 'succeeded', complete: true, failed: 0 });

    const datasets = await harvested('datasets');
    expect(platformIds(datasets)).toEqual([2, 3, 4]);
    expect(platformIds(await harvested('ml_models'))).toEqual([1, 2, 3]);
    const anneal = datasets.find((dataset) => dataset.name === 'anneal')!;
    expect(anneal).toMatchObject({ size: { value: 898, unit: 'instances' }, license: 'public', same_as: `${openml.apiUrl}/data/2` });
    expect(anneal.creator).toHaveLength(3);
    const creator = (await (await t.app.request(`/contacts/${anneal.creator[0]}`)).json()) as Asset;
    expect(creator).toMatchObject({ name: 'David Sterling', platform: 'openml', platform_resource_identifier: 'name:David Sterling' });
    const citation = (await (await t.app.request(`/publications/${anneal.citation[0]}`)).json()) as Asset;
    expect(citation.same_as).toBe('https://archive.ics.uci.edu/ml/citation_policy.html');

    const again = await runConnector(t.catalogue, openMlConnector);
    expect(again).toMatchObject({ status: 'succeeded', complete: false, created: 0, updated: 0 });
  });

  it('updates a dataset edited upstream at the next full scan, and deletes one removed upstream', async () => {
    await runConnector(t.catalogue, openMlConnector);
    const before = (await harvested('datasets')).find((dataset) => dataset.platform_resource_identifier === '3')!;
    openml.editDatasetDescription(3, 'Edited upstream.');
    openml.removeDataset(4);

    const incremental = await runConnector(t.catalogue, openMlConnector);
    expect(incremental).toMatchObject({ complete: false, updated: 0, deleted: 0 });

    const full = await runConnector(t.catalogue, openMlConnector, { full: true });
    expect(full, full.message).toMatchObject({ status: 'succeeded', complete: true, updated: 1, deleted: 1 });
    const datasets = await harvested('datasets');
    expect(platformIds(datasets)).toEqual([2, 3]);
    const after = datasets.find((dataset) => dataset.platform_resource_identifier === '3')!;
    expect(after.identifier).toBe(before.identifier);
    expect(after.description.plain).toBe('Edited upstream.');
  });

  it('loses and duplicates nothing when a full scan fails mid-listing and is run again', async () => {
    openml.addDatasets(520); // 5..524: the second list page fails, beyond one retry
    openml.fault({ pathPrefix: '/data/list/limit/500/offset/500', status: 500, times: 2 });
    const failed = await runConnector(t.catalogue, openMlConnector);
    expect(failed.status).toBe('failed');
    expect(platformIds(await harvested('datasets'))).toEqual(range(2, 501));

    const resumed = await runConnector(t.catalogue, openMlConnector);
    expect(resumed, resumed.message).toMatchObject({ status: 'succeeded', complete: true, deleted: 0, failed: 0 });
    expect(platformIds(await harvested('datasets'))).toEqual(range(2, 524));
    expect(platformIds(await harvested('ml_models'))).toEqual([1, 2, 3]);
  });

  it('loses and duplicates nothing when a run is aborted and run again', async () => {
    await runConnector(t.catalogue, openMlConnector);
    openml.addDatasets(520); // 5..524, appended: the next run is incremental
    const controller = new AbortController();
    const aborted = await runConnector(t.catalogue, openMlConnector, {}, {
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.created >= 300) controller.abort(new Error('shutting down'));
      },
    });
    expect(aborted.status).toBe('aborted');
    const partial = platformIds(await harvested('datasets'));
    expect(partial.length).toBeGreaterThan(3);
    expect(partial.length).toBeLessThan(523);

    const resumed = await runConnector(t.catalogue, openMlConnector);
    expect(resumed, resumed.message).toMatchObject({ status: 'succeeded', deleted: 0, failed: 0 });
    expect(platformIds(await harvested('datasets'))).toEqual(range(2, 524));
  });

  it('stores a broken record as a record error and retries it once it is mended', async () => {
    openml.breakDataset(3, 'non-string-description');
    const first = await runConnector(t.catalogue, openMlConnector);
    expect(first).toMatchObject({ status: 'succeeded', failed: 1 });
    expect(platformIds(await harvested('datasets'))).toEqual([2, 4]);

    delete openml.datasets.get(3)!.broken;
    const retried = await runConnector(t.catalogue, openMlConnector);
    expect(retried).toMatchObject({ status: 'succeeded', complete: false, failed: 0 });
    expect(platformIds(await harvested('datasets'))).toEqual([2, 3, 4]);
  });
});
