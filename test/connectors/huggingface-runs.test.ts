/**
 * The HuggingFace connector end to end: runs through the runner and sink into a real catalogue (each
 * dialect), against the fixture Hub, read back over the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorByName } from '../../src/connectors/registry.ts';
import { runConnector } from '../../src/connectors/runner.ts';
import { huggingFaceConnector } from '../../src/connectors/huggingface/index.ts';
import { openTestCatalogue, type TestCatalogue } from '../helpers/catalogue.ts';
import { dialects } from '../helpers/databases.ts';
import { recordedDatasets, startHuggingFaceFixture, type HuggingFaceFixture } from '../fixture-servers/huggingface.ts';

type Asset = Record<string, unknown> & { identifier: string; name: string };

const RECORDED = recordedDatasets();
const idOf = (repoId: string): string => String(RECORDED.find((item) => item.id === repoId)!._id);

describe.each(dialects)('HuggingFace connector runs on %s', (dialect) => {
  let hub: HuggingFaceFixture;
  let t: TestCatalogue;

  beforeAll(async () => {
    hub = await startHuggingFaceFixture({ pageSize: 3 });
    t = await openTestCatalogue(dialect, {
      settings: { HUGGINGFACE_API_URL: hub.url, HUGGINGFACE_VIEWER_URL: hub.url, CONNECTOR_HTTP_RETRIES: '0' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await hub?.close();
  });

  async function get<T = Asset>(path: string): Promise<{ status: number; body: T }> {
    const response = await t.app.request(path);
    return { status: response.status, body: (await response.json()) as T };
  }
  const hubDatasets = async (): Promise<Asset[]> => (await get<Asset[]>('/platforms/huggingface/datasets?limit=1000')).body;
  const byPlatformId = async (platformId: string) => get(`/platforms/huggingface/datasets/${platformId}`);

  it('is the connector `connector huggingface` runs', () => {
    expect(connectorByName('huggingface')).toBe(huggingFaceConnector);
  });

  it('fills an empty catalogue: datasets with their creators, citations and parquet files', async () => {
    expect(await hubDatasets()).toEqual([]);

    const summary = await runConnector(t.catalogue, huggingFaceConnector);
    expect(summary).toMatchObject({ status: 'succeeded', complete: true, failed: 0, deleted: 0 });
    expect(summary.created).toBe(7 + 4 + 6); // datasets, authors, cited publications

    const datasets = await hubDatasets();
    expect(datasets.map((dataset) => dataset.name).sort()).toEqual(RECORDED.map((item) => String(item.id)).sort());
    const codexglue = (await byPlatformId(idOf('0n1xus/codexglue'))).body;
    expect(codexglue).toMatchObject({ platform: 'huggingface', name: '0n1xus/codexglue', same_as: `${hub.url}/datasets/0n1xus/codexglue` });
    expect(codexglue.distribution).toHaveLength((hub.parquet.get('0n1xus/codexglue') as { parquet_files: unknown[] }).parquet_files.length);
    const [creator] = codexglue.creator as string[];
    expect((await get(`/contacts/${creator}`)).body).toMatchObject({ name: '0n1xus', platform: 'huggingface' });
    const [citation] = codexglue.citation as string[];
    expect((await get(`/publications/${citation}`)).body).toMatchObject({
      name: 'CodeXGLUE - A Machine Learning Benchmark Dataset for Code Understanding and Generation',
      type: 'article',
    });
  });

  it('updates a dataset changed upstream, and only that one', async () => {
    const before = (await byPlatformId(idOf('air_dialogue'))).body;
    hub.changeDescription('air_dialogue', 'AirDialogue, described again.');

    const summary = await runConnector(t.catalogue, huggingFaceConnector);
    expect(summary).toMatchObject({ status: 'succeeded', complete: false, updated: 1, created: 0, failed: 0 });

    const after = (await byPlatformId(idOf('air_dialogue'))).body;
    expect(after.identifier).toBe(before.identifier);
    expect(after.description).toEqual({ plain: 'AirDialogue, described again.' });
  });

  it('a dataset that failed is fetched again by its name in the next incremental run, which the watermark alone would skip', async () => {
    const byName = () => hub.requests.filter((request) => request.url.startsWith('/api/datasets/air_dialogue')).length;
    hub.changeDescription('air_dialogue', 'Changed while the viewer was down.');
    hub.failViewer('air_dialogue', 503);
    const failing = await runConnector(t.catalogue, huggingFaceConnector);
    expect(failing).toMatchObject({ status: 'succeeded', complete: false, failed: 1, updated: 0 });
    const [error] = await t.catalogue.database.kysely.selectFrom('connector_error').selectAll().where('resolved_run', 'is', null).execute();
    expect(error).toMatchObject({ connector: 'huggingface', platform_resource_identifier: idOf('air_dialogue'), locator: 'air_dialogue' });

    hub.healViewer('air_dialogue');
    const retried = await runConnector(t.catalogue, huggingFaceConnector);
    expect(retried).toMatchObject({ status: 'succeeded', failed: 0, updated: 1 });
    expect(byName()).toBe(1);
    expect((await byPlatformId(idOf('air_dialogue'))).body.description).toEqual({ plain: 'Changed while the viewer was down.' });

    // Resolved: the next run fetches nothing by name.
    expect(await runConnector(t.catalogue, huggingFaceConnector)).toMatchObject({ status: 'succeeded', updated: 0, failed: 0 });
    expect(byName()).toBe(1);
  });

  it('a renamed repository keeps its identifier, takes the new name and keeps the old one as alternate', async () => {
    const before = (await byPlatformId(idOf('bobbydylan/top2k'))).body;
    hub.rename('bobbydylan/top2k', 'bobbydylan/top3k');

    const summary = await runConnector(t.catalogue, huggingFaceConnector);
    expect(summary).toMatchObject({ status: 'succeeded', updated: 1, created: 0 });

    const after = (await get(`/datasets/${before.identifier}`)).body;
    expect(after).toMatchObject({ name: 'bobbydylan/top3k', same_as: `${hub.url}/datasets/bobbydylan/top3k` });
    expect(after.alternate_name).toContain('bobbydylan/top2k');
    expect((await hubDatasets()).filter((dataset) => String(dataset.name).startsWith('bobbydylan/'))).toHaveLength(1);
  });

  it('a dataset deleted upstream is gone after the next full scan, with the paper only it cited', async () => {
    const rotten = (await byPlatformId(idOf('rotten_tomatoes'))).body;
    hub.remove('rotten_tomatoes');

    const incremental = await runConnector(t.catalogue, huggingFaceConnector);
    expect(incremental).toMatchObject({ status: 'succeeded', complete: false, deleted: 0 });
    expect((await get(`/datasets/${rotten.identifier}`)).status).toBe(200);

    const full = await runConnector(t.catalogue, huggingFaceConnector, { full: true });
    expect(full).toMatchObject({ status: 'succeeded', complete: true, deleted: 2, failed: 0 });
    expect((await get(`/datasets/${rotten.identifier}`)).status).toBe(404);
    expect((await hubDatasets()).map((dataset) => dataset.name)).not.toContain('rotten_tomatoes');
    expect((await hubDatasets())).toHaveLength(RECORDED.length - 1);
    expect((await get(`/publications/${(rotten.citation as string[])[0]}`)).status).toBe(404);
  });
});
