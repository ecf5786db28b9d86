/**
 * The Zenodo connector end to end, on both dialects: runs of the real runner and sink against the
 * loopback Zenodo, read back through the API. Fill, update after an upstream change (a new
 * datestamp), delete on a deleted header, and a run killed half-way then restarted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient, httpClientOptions } from '../../src/connectors/http-client.ts';
import { runConnector } from '../../src/connectors/runner.ts';
import { readConnectorState } from '../../src/repositories/connector-state.ts';
import { zenodoConnector } from '../../src/connectors/zenodo/index.ts';
import { openTestCatalogue, type TestCatalogue } from '../helpers/catalogue.ts';
import { dialects } from '../helpers/databases.ts';
import { isDatasetXml, liveRecord, recordedFiles, recordedRecords, startZenodoFixture, type ZenodoFixture, type ZenodoRecord } from '../fixture-servers/zenodo.ts';

const DAY1 = '2024-03-01';
const DAY3 = '2024-03-03';
const NOW = new Date(`${DAY3}T12:00:00Z`);
const TYPO_ID = 10628550;

function generated(id: number, datestamp: string, title = `Generated dataset ${id}`): ZenodoRecord {
  return liveRecord(id, datestamp, {
    title,
    creators: [{ name: 'Lovelace, Ada', orcid: '0000-0002-1825-0097' }],
    description: `About ${id}`,
    issued: '2024-02-20',
    license: { id: 'CC-BY-4.0', text: 'Creative Commons Attribution 4.0 International' },
    access: 'open',
  });
}

const day1 = recordedRecords()
  .filter((record) => record.datestamp.startsWith('2023-05-23'))
  .map((record, index) => ({ ...record, datestamp: `${DAY1}T${String(index % 24).padStart(2, '0')}:00:00Z` }));
const day3 = [generated(900_001, `${DAY3}T01:00:00Z`), generated(900_002, `${DAY3}T02:00:00Z`), generated(900_003, `${DAY3}T03:00:00Z`)];
const expectedIds = [...day1.filter((record) => isDatasetXml(record.resourceXml) && record.id !== TYPO_ID), ...day3]
  .map((record) => `zenodo.org:${record.id}`)
  .sort();

async function zenodoDatasets(t: TestCatalogue): Promise<Array<Record<string, any>>> {
  const response = await t.app.request('/datasets?limit=1000');
  expect(response.status).toBe(200);
  return ((await response.json()) as Array<Record<string, any>>).filter((dataset) => dataset.platform === 'zenodo');
}

describe.each(dialects)('zenodo connector runs on %s', (dialect) => {
  let t: TestCatalogue;
  let zenodo: ZenodoFixture;

  beforeEach(async () => {
    zenodo = await startZenodoFixture([...day1, ...day3]);
    for (const record of day1) if (isDatasetXml(record.resourceXml) && record.id !== TYPO_ID) zenodo.files.set(record.id, recordedFiles(record.id));
    zenodo.files.set(900_003, { status: 403 });
    t = await openTestCatalogue(dialect, { settings: { ZENODO_URL: zenodo.url, CONNECTOR_BATCH_SIZE: '5', CONNECTOR_HTTP_RETRIES: '0', ZENODO_REQUESTS_PER_MINUTE: '0' } });
    t.catalogue.now = () => NOW;
  });

  afterEach(async () => {
    await t.close();
    await zenodo.close();
  });

  it('fills the catalogue, then updates what changed upstream and deletes on a deleted header', async () => {
    const first = await runConnector(t.catalogue, zenodoConnector, { from: DAY1 });
    expect(first).toMatchObject({ status: 'succeeded', complete: false, failed: 0, deleted: 0 });
    let stored = await zenodoDatasets(t);
    expect(stored.map((dataset) => dataset.platform_resource_identifier).sort()).toEqual(expectedIds);

    const koga = stored.find((dataset) => dataset.platform_resource_identifier === 'zenodo.org:7947283');
    expect(koga).toMatchObject({ name: 'kogalab21/all-alpha_design', same_as: `${zenodo.url}/records/7947283`, version: 'v1.0.0' });
    expect(koga?.distribution).toHaveLength(15);
    const contact = await (await t.app.request(`/contacts/${koga?.creator[0]}`)).json();
    expect(contact).toMatchObject({ name: 'Nobuyasu Koga', platform: 'zenodo', platform_resource_identifier: 'creator:Nobuyasu Koga' });
    // One contact for the creator of the three generated datasets (same ORCID).
    const generatedCreators = new Set(stored.filter((dataset) => dataset.platform_resource_identifier.startsWith('zenodo.org:9000')).map((dataset) => dataset.creator[0]));
    expect(generatedCreators.size).toBe(1);
    const restricted = stored.find((dataset) => dataset.platform_resource_identifier === 'zenodo.org:900003');
    expect(restricted?.distribution).toEqual([]);
    const generatedOne = stored.find((dataset) => dataset.platform_resource_identifier === 'zenodo.org:900001');
    expect(generatedOne).toMatchObject({ license: 'CC-BY-4.0', is_accessible_for_free: true, date_published: expect.stringMatching(/^2024-02-20T00:00:00/) });

    // Upstream: a day-1 record is edited (its datestamp moves to today), another is deleted.
    const original = day1.find((record) => record.id === 7947283) as ZenodoRecord;
    zenodo.put({ id: 7947283, datestamp: `${DAY3}T09:00:00Z`, resourceXml: original.resourceXml.replace('kogalab21/all-alpha_design', 'All-alpha design, revised') });
    zenodo.markDeleted(7902673, `${DAY3}T10:00:00Z`);
    const listedBefore = zenodo.listRequests().length;
    const second = await runConnector(t.catalogue, zenodoConnector);
    // The stored position is today: only today's window is listed again.
    const secondLists = zenodo.listRequests().slice(listedBefore).filter((request) => request.url.includes('from='));
    expect(secondLists.map((request) => new URL(request.url, zenodo.url).searchParams.get('from'))).toEqual([DAY3]);
    expect(second).toMatchObject({ status: 'succeeded', updated: 1, deleted: 1, failed: 0, created: 0 });
    stored = await zenodoDatasets(t);
    expect(stored.map((dataset) => dataset.platform_resource_identifier).sort()).toEqual(expectedIds.filter((id) => id !== 'zenodo.org:7902673'));
    const revised = stored.find((dataset) => dataset.platform_resource_identifier === 'zenodo.org:7947283');
    expect(revised?.name).toBe('All-alpha design, revised');
    expect(revised?.identifier).toBe(koga?.identifier);
    const counts = (await (await t.app.request('/counts/datasets?detailed=true')).json()) as Record<string, number>;
    expect(counts.zenodo).toBe(expectedIds.length - 1);

    // Nothing changed upstream: nothing is written.
    const third = await runConnector(t.catalogue, zenodoConnector);
    expect(third).toMatchObject({ status: 'succeeded', created: 0, updated: 0, deleted: 0, failed: 0 });
  });

  it('a run killed half-way and restarted loses nothing and duplicates nothing', async () => {
    const controller = new AbortController();
    const base = createHttpClient(httpClientOptions(t.catalogue.settings));
    // Killed while fetching the files of today's second dataset, once the days before are stored
    // (the runner reads ahead of what it stores, so the connector gets there earlier).
    const killing: HttpClient = {
      get: async (url, options) => {
        if (String(url).endsWith('/api/records/900002/files')) {
          while (((await readConnectorState(t.catalogue.database.kysely, zenodoConnector.name)).state as { nextWindowStart?: string } | null)?.nextWindowStart !== DAY3) {
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          controller.abort(new Error('killed'));
        }
        return base.get(url, options);
      },
    };
    const killed = await runConnector(t.catalogue, zenodoConnector, { from: DAY1 }, { http: killing, signal: controller.signal });
    expect(killed.status).toBe('aborted');
    const afterKill = await zenodoDatasets(t);
    expect(afterKill.length).toBeGreaterThanOrEqual(expectedIds.length - day3.length);
    expect(afterKill.length).toBeLessThan(expectedIds.length);

    const listedBefore = zenodo.listRequests().length;
    const resumed = await runConnector(t.catalogue, zenodoConnector);
    expect(resumed).toMatchObject({ status: 'succeeded', failed: 0 });
    // It resumed at the window it was killed in.
    const lists = zenodo.listRequests().slice(listedBefore).filter((request) => request.url.includes('from='));
    expect(lists.map((request) => new URL(request.url, zenodo.url).searchParams.get('from'))).toEqual([DAY3]);
    const stored = await zenodoDatasets(t);
    expect(stored.map((dataset) => dataset.platform_resource_identifier).sort()).toEqual(expectedIds);
    expect(new Set(stored.map((dataset) => dataset.identifier)).size).toBe(expectedIds.length);
    const contacts = ((await (await t.app.request('/contacts?limit=1000')).json()) as Array<Record<string, any>>).filter((contact) => contact.platform === 'zenodo');
    expect(new Set(contacts.map((contact) => contact.platform_resource_identifier)).size).toBe(contacts.length);
  });
});
