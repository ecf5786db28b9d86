/**
 * The Zenodo connector against a loopback Zenodo (test/fixture-servers/zenodo.ts) built from real
 * recorded responses: windows, paging, expired tokens, deletions, files, resuming, retries.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorEvent, ConnectorRecord } from '../../src/connectors/connector.ts';
import { createHttpClient, fetchOnce, HttpError, httpClientOptions, isAccepted, type HttpClient } from '../../src/connectors/http-client.ts';
import { MAX_RESTARTS } from '../../src/connectors/zenodo/harvest.ts';
import { zenodoConnector } from '../../src/connectors/zenodo/index.ts';
import { contacts } from '../../src/database/model/resources/contacts.ts';
import { datasets } from '../../src/database/model/resources/datasets.ts';
import { createSchema } from '../../src/database/model/schemas.ts';
import { collectEvents, connectorContext } from '../helpers/connector-context.ts';
import {
  type DataCiteInput,
  isDatasetXml,
  liveRecord,
  recordedFiles,
  recordedRecords,
  startZenodoFixture,
  type ZenodoFixture,
  type ZenodoRecord,
} from '../fixture-servers/zenodo.ts';

const DAY1 = '2024-03-01';
const DAY2 = '2024-03-02'; // nothing happened on Zenodo that day
const DAY3 = '2024-03-03'; // today
const NOW = new Date(`${DAY3}T12:00:00Z`);

const recorded = recordedRecords();
const recordedDatasets = recorded.filter((record) => isDatasetXml(record.resourceXml));
const recordedOthers = recorded.filter((record) => !isDatasetXml(record.resourceXml));
/** `resourceTypeGeneral="Datasets"`: a typo, not a DataCite type; skipped like any other type. */
const TYPO_ID = 10628550;
const RESTRICTED_ID = 900_003;
const BROKEN_FILES_ID = 900_004;

function generated(id: number, datestamp: string, extra: Partial<DataCiteInput> = {}): ZenodoRecord {
  return liveRecord(id, datestamp, {
    title: `Generated dataset ${id}`,
    creators: [{ name: 'Lovelace, Ada', orcid: 'https://orcid.org/0000-0002-1825-0097' }, { name: `Author ${id}` }],
    description: `<p>About <b>${id}</b></p>`,
    issued: '2024-02',
    subjects: ['Benchmark', 'benchmark', 'Tabular'],
    license: { id: 'CC-BY-4.0', text: 'Creative Commons Attribution 4.0 International' },
    access: 'open',
    version: '1.0',
    ...extra,
  });
}

/** Day 1: the recorded datasets of page 1 among recorded other types; day 3: one recorded, four generated. */
function initialRecords(): ZenodoRecord[] {
  const onDay1 = recorded
    .filter((record) => record.datestamp.startsWith('2023-05-23'))
    .map((record, index) => ({ ...record, datestamp: `${DAY1}T${String(index % 24).padStart(2, '0')}:00:00Z` }));
  const onDay3 = recorded
    .filter((record) => record.id === 7199024 || recordedOthers.slice(-2).includes(record))
    .map((record) => ({ ...record, datestamp: `${DAY3}T01:00:00Z` }));
  return [
    ...onDay1,
    ...onDay3,
    generated(900_001, `${DAY3}T02:00:00Z`),
    generated(900_002, `${DAY3}T03:00:00Z`, { type: 'Software', title: 'Not a dataset' }),
    generated(RESTRICTED_ID, `${DAY3}T04:00:00Z`, { access: 'restricted' }),
    generated(BROKEN_FILES_ID, `${DAY3}T05:00:00Z`),
  ];
}

const datasetIdsOn = (records: ZenodoRecord[], day: string) =>
  records
    .filter((record) => record.datestamp.startsWith(day) && !record.deleted && /resourceTypeGeneral="Dataset"/.test(record.resourceXml))
    .map((record) => `zenodo.org:${record.id}`);

let zenodo: ZenodoFixture;

beforeEach(async () => {
  zenodo = await startZenodoFixture(initialRecords());
  for (const record of recordedDatasets) if (record.id !== TYPO_ID) zenodo.files.set(record.id, recordedFiles(record.id));
  zenodo.files.set(RESTRICTED_ID, { status: 403 });
  zenodo.files.set(BROKEN_FILES_ID, { status: 500 });
});

afterEach(async () => {
  await zenodo.close();
});

function context(overrides: Parameters<typeof connectorContext>[1] = {}, settings: Record<string, string> = {}) {
  // No retries: the 500 of a broken files answer must not cost backoff time once the client retries.
  return connectorContext({ ZENODO_URL: zenodo.url, CONNECTOR_HTTP_RETRIES: '0', ...settings }, { now: () => NOW, options: { from: DAY1 }, ...overrides });
}

const records = (events: ConnectorEvent[], resource = 'datasets') =>
  events.filter((event): event is ConnectorRecord => event.kind === 'record' && event.resource === resource);
const ids = (events: ConnectorEvent[]) => records(events).map((event) => event.platformResourceIdentifier);
const checkpoints = (events: ConnectorEvent[]) => events.filter((event) => event.kind === 'checkpoint').map((event) => event.kind === 'checkpoint' && event.state);

describe('zenodo connector', () => {
  it('declares itself', () => {
    expect(zenodoConnector).toMatchObject({ name: 'zenodo', platform: 'zenodo', resources: ['datasets'] });
  });

  it('walks the windows day by day, following resumption tokens, up to today', async () => {
    const all = initialRecords();
    const events = await collectEvents(zenodoConnector, context());

    expect(ids(events).sort()).toEqual([...datasetIdsOn(all, DAY1), ...datasetIdsOn(all, DAY3)].filter((id) => id !== `zenodo.org:${BROKEN_FILES_ID}`).sort());
    expect(new Set(ids(events)).size).toBe(ids(events).length);
    // One checkpoint per window; today's keeps the position at today.
    expect(checkpoints(events)).toEqual([{ nextWindowStart: DAY2 }, { nextWindowStart: DAY3 }, { nextWindowStart: DAY3 }]);
    // Each dataset comes before the checkpoint of its window.
    const day1Checkpoint = events.findIndex((event) => event.kind === 'checkpoint');
    for (const id of datasetIdsOn(all, DAY1)) {
      expect(events.findIndex((event) => event.kind === 'record' && event.platformResourceIdentifier === id)).toBeLessThan(day1Checkpoint);
    }

    const lists = zenodo.listRequests().map((request) => new URL(request.url, zenodo.url).searchParams);
    const firstPages = lists.filter((params) => params.has('from'));
    expect(firstPages.map((params) => [params.get('from'), params.get('until'), params.get('metadataPrefix')])).toEqual([
      [DAY1, DAY1, 'oai_datacite'],
      [DAY2, DAY2, 'oai_datacite'],
      [DAY3, DAY3, 'oai_datacite'],
    ]);
    const tokenPages = lists.filter((params) => params.has('resumptionToken'));
    // Pages of 2: day 1 has 26 records (13 pages), day 3 has 7 (4 pages).
    expect(tokenPages).toHaveLength(12 + 3);
    for (const params of tokenPages) expect([...params.keys()].sort()).toEqual(['resumptionToken', 'verb']);
  });

  it('skips records that are not datasets, silently', async () => {
    const events = await collectEvents(zenodoConnector, context());
    const skipped = [...recordedOthers.map((record) => record.id), 900_002].map((id) => `zenodo.org:${id}`);
    for (const event of events) {
      if (event.kind === 'record' || event.kind === 'error' || event.kind === 'deleted') {
        expect(skipped).not.toContain(event.platformResourceIdentifier);
      }
    }
    expect(events.filter((event) => event.kind === 'error').map((event) => event.kind === 'error' && event.platformResourceIdentifier)).toEqual([
      `zenodo.org:${BROKEN_FILES_ID}`,
    ]);
  });

  it('yields valid create bodies, contacts before the datasets that refer to them', async () => {
    const events = await collectEvents(zenodoConnector, context());
    const contactIds = new Set<string>();
    for (const event of events) {
      if (event.kind !== 'record') continue;
      if (event.resource === 'contacts') {
        expect(contactIds.has(event.platformResourceIdentifier)).toBe(false);
        contactIds.add(event.platformResourceIdentifier);
        expect(createSchema(contacts, 'latest').safeParse(event.body).error).toBeUndefined();
        continue;
      }
      const creators = (event.body.creator as string[] | undefined) ?? [];
      for (const reference of creators) expect(contactIds.has(reference.replace(/^@contacts:/, ''))).toBe(true);
      // The sink replaces `@contacts:<platform id>` with the contact's identifier.
      const resolved = JSON.parse(JSON.stringify(event.body).replace(/"@contacts:[^"]*"/g, '"con_000000000000000000000000"'));
      expect(createSchema(datasets, 'latest').safeParse(resolved).error).toBeUndefined();
    }
    expect(contactIds.has('orcid:0000-0002-1825-0097')).toBe(true);

    const generatedBody = records(events).find((event) => event.platformResourceIdentifier === 'zenodo.org:900001')?.body;
    expect(generatedBody).toMatchObject({
      name: 'Generated dataset 900001',
      description: { plain: 'About 900001' },
      date_published: '2024-02-01T00:00:00Z',
      same_as: `${zenodo.url}/records/900001`,
      relevant_link: ['https://doi.org/10.5281/zenodo.900001'],
      license: 'cc-by-4.0',
      keyword: ['Benchmark', 'Tabular'],
      version: '1.0',
      is_accessible_for_free: true,
      creator: ['@contacts:orcid:0000-0002-1825-0097', '@contacts:creator:Author 900001'],
    });
  });

  it('turns files into distributions; a 403 leaves the record without distributions', async () => {
    const events = await collectEvents(zenodoConnector, context());
    const body = (id: number) => records(events).find((event) => event.platformResourceIdentifier === `zenodo.org:${id}`)?.body;
    const distributions = body(7947283)?.distribution as Array<Record<string, unknown>>;
    expect(distributions).toHaveLength(15);
    expect(distributions[0]).toMatchObject({
      name: 'ExtFig3.cc4.txt',
      content_url: 'https://zenodo.org/api/records/7947283/files/ExtFig3.cc4.txt/content',
      encoding_format: 'text/plain',
      checksum: 'c86bd8be85412da69145fb56eddf3cd4',
      checksum_algorithm: 'md5',
      content_size_kb: 78,
    });
    expect(body(RESTRICTED_ID)).toBeDefined();
    expect(body(RESTRICTED_ID)?.distribution).toBeUndefined();
    expect(body(RESTRICTED_ID)?.is_accessible_for_free).toBe(false);
    const error = events.find((event) => event.kind === 'error');
    expect(error).toMatchObject({ resource: 'datasets', platformResourceIdentifier: `zenodo.org:${BROKEN_FILES_ID}` });
  });

  it('sends the Zenodo token when one is set', async () => {
    await collectEvents(zenodoConnector, context({ options: { from: DAY3 } }, { ZENODO_TOKEN: 'secret-token' }));
    const filesRequests = zenodo.requests.filter((request) => request.url.startsWith('/api/records/'));
    expect(filesRequests.length).toBeGreaterThan(0);
    for (const request of zenodo.requests) expect(request.headers.authorization).toBe('Bearer secret-token');
  });

  it('yields a deletion for a deleted header', async () => {
    zenodo.markDeleted(7947283, `${DAY3}T08:00:00Z`);
    const events = await collectEvents(zenodoConnector, context({ options: { from: DAY3 } }));
    expect(events.filter((event) => event.kind === 'deleted')).toEqual([
      { kind: 'deleted', resource: 'datasets', platformResourceIdentifier: 'zenodo.org:7947283' },
    ]);
    expect(ids(events)).not.toContain('zenodo.org:7947283');
  });

  for (const mode of ['badResumptionToken', 'http422'] as const) {
    it(`restarts the window when a resumption token expires (${mode}) and still yields every record once`, async () => {
      const expected = (await collectEvents(zenodoConnector, context())).filter((event) => event.kind === 'record');
      zenodo.expireNextToken(mode);
      const requestsBefore = zenodo.listRequests().length;
      const events = await collectEvents(zenodoConnector, context());
      expect(events.filter((event) => event.kind === 'record')).toEqual(expected);
      // Day 1 was listed twice from its first page: once cut short, once whole.
      const firstPagesOfDay1 = zenodo
        .listRequests()
        .slice(requestsBefore)
        .filter((request) => request.url.includes(`from=${DAY1}`));
      expect(firstPagesOfDay1).toHaveLength(2);
    });
  }

  it('fails the run (no checkpoint past the window) when tokens keep failing', async () => {
    const events: ConnectorEvent[] = [];
    let expiring = 0;
    // Expire every token of day 1, more often than the restarts allow.
    const http: HttpClient = {
      get: async (url, options) => {
        if (String(url).includes('resumptionToken') && expiring++ <= MAX_RESTARTS) zenodo.expireNextToken('badResumptionToken');
        return base.get(url, options);
      },
    };
    const base = createHttpClient(httpClientOptions(context().settings));
    await expect(async () => {
      for await (const event of zenodoConnector.run(context({ http }))) events.push(event);
    }).rejects.toThrow(/resumption token failed 4 times/);
    expect(events).toEqual([]);
  });

  it('resumes from a checkpoint at the window it names, and never lists earlier days', async () => {
    const first = await collectEvents(zenodoConnector, context());
    const state = checkpoints(first)[1];
    expect(state).toEqual({ nextWindowStart: DAY3 });
    const before = zenodo.listRequests().length;
    const events = await collectEvents(zenodoConnector, context({ state: state as Record<string, unknown>, options: {} }));
    const lists = zenodo.listRequests().slice(before).filter((request) => request.url.includes('from='));
    expect(lists.map((request) => new URL(request.url, zenodo.url).searchParams.get('from'))).toEqual([DAY3]);
    expect(ids(events).sort()).toEqual(datasetIdsOn(initialRecords(), DAY3).filter((id) => id !== `zenodo.org:${BROKEN_FILES_ID}`).sort());
  });

  it('a run killed inside a window restarts that window: nothing is skipped', async () => {
    const killed = new AbortController();
    const partial: ConnectorEvent[] = [];
    let sinceCheckpoint = 0;
    for await (const event of zenodoConnector.run(context({ signal: killed.signal }))) {
      partial.push(event);
      if (event.kind === 'checkpoint') sinceCheckpoint = 0;
      if (event.kind === 'record' && event.resource === 'datasets') sinceCheckpoint++;
      // Killed two datasets into today's window.
      if (checkpoints(partial).length === 2 && sinceCheckpoint === 2) killed.abort();
    }
    expect(sinceCheckpoint).toBe(2);
    const lastState = checkpoints(partial).at(-1);
    expect(lastState).toEqual({ nextWindowStart: DAY3 });
    const rest = await collectEvents(zenodoConnector, context({ state: lastState as Record<string, unknown>, options: {} }));
    const seen = new Set([...ids(partial.slice(0, partial.findLastIndex((event) => event.kind === 'checkpoint') + 1)), ...ids(rest)]);
    const all = await collectEvents(zenodoConnector, context());
    expect([...seen].sort()).toEqual(ids(all).sort());
  });

  it('without state or options.from starts at 2020-04-03', async () => {
    const events = await collectEvents(zenodoConnector, context({ options: {}, now: () => new Date('2020-04-04T10:00:00Z') }));
    expect(checkpoints(events)).toEqual([{ nextWindowStart: '2020-04-04' }, { nextWindowStart: '2020-04-04' }]);
    expect(zenodo.listRequests().map((request) => new URL(request.url, zenodo.url).searchParams.get('from'))).toEqual(['2020-04-03', '2020-04-04']);
  });

  it('finds records published later today on the next run', async () => {
    const first = await collectEvents(zenodoConnector, context({ options: { from: DAY3 } }));
    zenodo.put(generated(900_010, `${DAY3}T20:00:00Z`));
    const events = await collectEvents(zenodoConnector, context({ state: checkpoints(first).at(-1) as Record<string, unknown>, options: {}, now: () => new Date(`${DAY3}T21:00:00Z`) }));
    expect(ids(events)).toContain('zenodo.org:900010');
  });

  it('stops after options.limit records without a checkpoint for the unfinished window', async () => {
    const events = await collectEvents(zenodoConnector, context({ options: { from: DAY1, limit: 3 } }));
    expect(ids(events)).toHaveLength(3);
    expect(checkpoints(events)).toEqual([]);
  });

  it('retries records that failed before, one by one (GetRecord); gone ones are deleted', async () => {
    const events = await collectEvents(
      zenodoConnector,
      context({
        options: { from: '2030-01-01' },
        retry: [
          { resource: 'datasets', platformResourceIdentifier: 'zenodo.org:900001' },
          { resource: 'datasets', platformResourceIdentifier: 'zenodo.org:123' },
          { resource: 'datasets', platformResourceIdentifier: 'zenodo.org:900002' },
        ],
      }),
    );
    expect(ids(events)).toEqual(['zenodo.org:900001']);
    expect(events.filter((event) => event.kind === 'deleted').map((event) => event.kind === 'deleted' && event.platformResourceIdentifier)).toEqual([
      'zenodo.org:123',
      'zenodo.org:900002',
    ]);
  });

  it('does not turn a rate limit into a record error: the run stops, or goes on when the client waits', async () => {
    // A client that never retries (whatever createHttpClient becomes): the 429 reaches the connector.
    const clientOptions = httpClientOptions(context().settings);
    const base: HttpClient = {
      get: async (url, options = {}) => {
        const response = await fetchOnce(clientOptions, url, options);
        if (!isAccepted(response, options)) throw new HttpError(response.status, response.url, response.body);
        return response;
      },
    };
    zenodo.rateLimitOnce('/api/records');
    await expect(collectEvents(zenodoConnector, context({ options: { from: DAY3 }, http: base }))).rejects.toThrow(HttpError);

    // A client that obeys Retry-After (the real one lives in src/connectors/http/).
    const patient: HttpClient = {
      get: async (url, options) => {
        try {
          return await base.get(url, options);
        } catch (error) {
          if (!(error instanceof HttpError) || error.status !== 429) throw error;
          await new Promise((resolve) => setTimeout(resolve, 1000));
          return base.get(url, options);
        }
      },
    };
    zenodo.rateLimitOnce('/oai2d');
    zenodo.rateLimitOnce('/api/records');
    const events = await collectEvents(zenodoConnector, context({ options: { from: DAY3 }, http: patient }));
    expect(ids(events).sort()).toEqual(datasetIdsOn(initialRecords(), DAY3).filter((id) => id !== `zenodo.org:${BROKEN_FILES_ID}`).sort());
    expect(zenodo.requests.filter((request) => request.url.includes('verb=ListRecords')).length).toBeGreaterThan(0);
  });

  it('reads standard OAI-PMH error answers (HTTP 200) as well as Zenodo\'s (HTTP 422)', async () => {
    zenodo.errorStatus = 200;
    zenodo.expireNextToken('badResumptionToken');
    const events = await collectEvents(zenodoConnector, context());
    expect(checkpoints(events)).toHaveLength(3);
    expect(ids(events).length).toBeGreaterThan(5);
  });
});
