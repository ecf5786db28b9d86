/**
 * The HuggingFace connector's generator against a fixture Hub (real HTTP on loopback): what it
 * yields, in which order, and how its checkpoints let runs continue one another.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorContext, ConnectorEvent, ConnectorRecord } from '../../src/connectors/connector.ts';
import { HttpError } from '../../src/connectors/http-client.ts';
import { huggingFaceConnector } from '../../src/connectors/huggingface/index.ts';
import type { Json } from '../../src/database/model/normalize.ts';
import { resourceByPlural } from '../../src/database/model/registry.ts';
import { createSchema } from '../../src/database/model/schemas.ts';
import { platformIdentifierProblem } from '../../src/services/platform-identifiers.ts';
import { collectEvents, connectorContext } from '../helpers/connector-context.ts';
import { recordedDatasets, startHuggingFaceFixture, type HuggingFaceFixture } from '../fixture-servers/huggingface.ts';

const PAGE_SIZE = 3;
const RECORDED = recordedDatasets();
const NEWEST = '2023-09-19T06:52:17.000Z'; // bigIR/ar_cov19, the most recently modified recording
const idOf = (repoId: string): string => String(RECORDED.find((item) => item.id === repoId)!._id);

let hub: HuggingFaceFixture;
beforeEach(async () => {
  hub = await startHuggingFaceFixture({ pageSize: PAGE_SIZE });
});
afterEach(async () => {
  await hub.close();
});

function context(overrides: Partial<ConnectorContext> = {}, settings: Record<string, string> = {}): ConnectorContext {
  return connectorContext({ HUGGINGFACE_API_URL: hub.url, HUGGINGFACE_VIEWER_URL: hub.url, ...settings }, overrides);
}

/** A context continuing from `state`, with a recent full scan (so the run is incremental). */
const after = (state: Json | null, overrides: Partial<ConnectorContext> = {}): ConnectorContext =>
  context({ state, lastFullScan: new Date(), ...overrides });

const records = (events: ConnectorEvent[], resource: string): ConnectorRecord[] =>
  events.filter((event): event is ConnectorRecord => event.kind === 'record' && event.resource === resource);
const datasetNames = (events: ConnectorEvent[]): string[] => records(events, 'datasets').map((record) => String(record.body.name));
const checkpoints = (events: ConnectorEvent[]): Json[] =>
  events.flatMap((event) => (event.kind === 'checkpoint' ? [event.state] : []));
const lastState = (events: ConnectorEvent[]): Json => checkpoints(events).at(-1)!;

/** The body with its `@<plural>:<id>` references replaced by a real-looking identifier, as the sink does. */
function resolved(body: Json): Json {
  return JSON.parse(JSON.stringify(body), (_key, value: unknown) =>
    typeof value === 'string' && /^@(contacts|publications):/.test(value) ? 'con_000000000000000000000000' : value,
  ) as Json;
}

/** Runs until the first checkpoint and stops there, as a killed run would. */
async function untilFirstCheckpoint(runContext: ConnectorContext): Promise<ConnectorEvent[]> {
  const events: ConnectorEvent[] = [];
  for await (const event of huggingFaceConnector.run(runContext)) {
    events.push(event);
    if (event.kind === 'checkpoint') break;
  }
  return events;
}

describe('HuggingFace connector', () => {
  it('declares itself: name, platform, owned resources, old names kept on rename', () => {
    expect(huggingFaceConnector).toMatchObject({
      name: 'huggingface',
      platform: 'huggingface',
      resources: ['datasets', 'contacts', 'publications'],
      keepOldNameAsAlternate: true,
    });
  });

  it('first run: lists every dataset across pages with valid bodies, related records first, listed-all at the end', async () => {
    const events = await collectEvents(huggingFaceConnector, context());

    const datasets = records(events, 'datasets');
    expect(datasets.map((record) => record.platformResourceIdentifier).sort()).toEqual(RECORDED.map((item) => item._id).sort());
    expect(datasetNames(events)[0]).toBe('bigIR/ar_cov19'); // newest first

    for (const record of events.filter((event): event is ConnectorRecord => event.kind === 'record')) {
      const parsed = createSchema(resourceByPlural(record.resource)!, 'latest').safeParse(resolved(record.body));
      expect(parsed.success, `${record.resource} ${record.platformResourceIdentifier}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(platformIdentifierProblem('huggingface', record.platformResourceIdentifier, resourceByPlural(record.resource)!.type)).toBeNull();
    }

    // every reference points at a record yielded before it, and each related record comes once
    const seen = new Set<string>();
    for (const event of events) {
      if (event.kind !== 'record') continue;
      for (const reference of [...((event.body.creator as string[]) ?? []), ...((event.body.citation as string[]) ?? [])]) {
        expect(seen, `${reference} before ${String(event.body.name)}`).toContain(reference);
      }
      const key = `@${event.resource}:${event.platformResourceIdentifier}`;
      expect(seen).not.toContain(key);
      seen.add(key);
    }
    expect(records(events, 'contacts').map((record) => record.body.name).sort()).toEqual(['04-07-22', '0n1xus', 'bigIR', 'bobbydylan']);
    const titles = records(events, 'publications').map((record) => record.body.name);
    expect(titles).toContain('ArCOV-19: The First Arabic COVID-19 Twitter Dataset with Propagation Networks'); // its BibTeX lacks the final brace
    expect(titles).toContain('Probing neural language models for understanding of words of estimative probability Anonymous submission');
    expect(titles).toHaveLength(6); // every recording but bobbydylan/top2k cites one

    const rotten = datasets.find((record) => record.body.name === 'rotten_tomatoes')!;
    expect(rotten.body).toMatchObject({ same_as: `${hub.url}/datasets/rotten_tomatoes`, license: 'unknown', is_accessible_for_free: true });
    expect(rotten.body.distribution).toHaveLength(3);
    expect(datasets.find((record) => record.body.name === '04-07-22/wep-probes')!.body.distribution).toEqual([]); // viewer 404

    expect(events.at(-2)).toEqual({ kind: 'listed-all' });
    expect(events.at(-1)).toEqual({ kind: 'checkpoint', state: { watermark: NEWEST } });
    expect(hub.listingRequests()).toHaveLength(3);
    const first = new URL(hub.listingRequests()[0]!.url, hub.url).searchParams;
    expect(Object.fromEntries(first)).toEqual({ full: 'true', sort: 'lastModified', direction: '-1', limit: '100' });
    expect(hub.listingRequests()[1]!.url).toContain('cursor=');
  });

  it('incremental run: only the dataset changed since the last run, stopping at the watermark', async () => {
    const first = await collectEvents(huggingFaceConnector, context());
    const changed = hub.changeDescription('air_dialogue', 'A new description');
    const listedBefore = hub.listingRequests().length;
    const viewedBefore = hub.requests.length - listedBefore;

    const events = await collectEvents(huggingFaceConnector, after(lastState(first)));

    expect(records(events, 'datasets')).toHaveLength(1);
    expect(records(events, 'datasets')[0]).toMatchObject({
      platformResourceIdentifier: idOf('air_dialogue'),
      body: { name: 'air_dialogue', description: { plain: 'A new description' } },
    });
    expect(events.some((event) => event.kind === 'listed-all')).toBe(false);
    expect(lastState(events)).toEqual({ watermark: changed.lastModified });
    expect(hub.listingRequests().length - listedBefore).toBe(1);
    expect(hub.requests.length - hub.listingRequests().length - viewedBefore).toBe(1); // the viewer only for the changed one

    const nothing = await collectEvents(huggingFaceConnector, after(lastState(events)));
    expect(records(nothing, 'datasets')).toEqual([]);
    expect(lastState(nothing)).toEqual({ watermark: changed.lastModified });
  });

  it('a renamed repository keeps its platform id and gets the new name and link', async () => {
    const first = await collectEvents(huggingFaceConnector, context());
    hub.rename('bobbydylan/top2k', 'bobbydylan/top3k');

    const events = await collectEvents(huggingFaceConnector, after(lastState(first)));

    expect(records(events, 'datasets')).toEqual([
      expect.objectContaining({
        platformResourceIdentifier: idOf('bobbydylan/top2k'),
        body: expect.objectContaining({ name: 'bobbydylan/top3k', same_as: `${hub.url}/datasets/bobbydylan/top3k` }),
      }),
    ]);
    expect(records(events, 'datasets')[0]!.body.distribution).toHaveLength(1);
  });

  it('a malformed record becomes an error event with its _id; the others are still yielded', async () => {
    const malformed = hub.addMalformed();
    const events = await collectEvents(huggingFaceConnector, context());

    expect(events.filter((event) => event.kind === 'error')).toEqual([
      { kind: 'error', resource: 'datasets', platformResourceIdentifier: malformed, message: expect.stringContaining('no repo id') },
    ]);
    expect(records(events, 'datasets')).toHaveLength(RECORDED.length);
    expect(events.at(-2)).toEqual({ kind: 'listed-all' });
  });

  it('a viewer refusal gives a dataset no files; a viewer failure makes it a record error', async () => {
    hub.failViewer('air_dialogue', 403);
    hub.failViewer('rotten_tomatoes', 503);
    const events = await collectEvents(huggingFaceConnector, context({}, { CONNECTOR_HTTP_RETRIES: '0' }));

    expect(records(events, 'datasets').find((record) => record.body.name === 'air_dialogue')!.body.distribution).toEqual([]);
    expect(datasetNames(events)).not.toContain('rotten_tomatoes');
    expect(events.filter((event) => event.kind === 'error')).toEqual([
      // With the repo name, by which the next run fetches it again.
      { kind: 'error', resource: 'datasets', platformResourceIdentifier: idOf('rotten_tomatoes'), message: expect.stringContaining('503'), locator: 'rotten_tomatoes' },
    ]);
  });

  it('a full scan after a deletion no longer yields the deleted dataset, then says it listed everything', async () => {
    hub.remove('rotten_tomatoes');
    const events = await collectEvents(huggingFaceConnector, context({ options: { full: true }, state: { watermark: NEWEST } }));
    expect(datasetNames(events)).not.toContain('rotten_tomatoes');
    expect(records(events, 'datasets')).toHaveLength(RECORDED.length - 1);
    expect(events.at(-2)).toEqual({ kind: 'listed-all' });
  });

  it('a killed run resumes at the next page without repeating; a failing page keeps the checkpoint', async () => {
    const killed = await untilFirstCheckpoint(context());
    expect(datasetNames(killed)).toHaveLength(PAGE_SIZE);
    const checkpoint = lastState(killed);
    expect(checkpoint).toMatchObject({ run: { skip: 0, full: true, newest: NEWEST, url: expect.stringContaining('cursor=') } });

    hub.failNextListing(500);
    const failing = collectEvents(huggingFaceConnector, context({ state: checkpoint }, { CONNECTOR_HTTP_RETRIES: '0' }));
    await expect(failing).rejects.toMatchObject({ status: 500 });

    const resumed = await collectEvents(huggingFaceConnector, context({ state: checkpoint }));
    expect(hub.listingRequests().at(-2)!.url).toBe(new URL(String((checkpoint.run as Json).url)).pathname + new URL(String((checkpoint.run as Json).url)).search);
    expect([...datasetNames(killed), ...datasetNames(resumed)].sort()).toEqual(RECORDED.map((item) => String(item.id)).sort());
    // the resumed run did not list everything itself, so it must not trigger deletions
    expect(resumed.some((event) => event.kind === 'listed-all')).toBe(false);
    expect(lastState(resumed)).toEqual({ watermark: NEWEST });
  });

  it('stops when the run is aborted, without reading further pages', async () => {
    const controller = new AbortController();
    const events: ConnectorEvent[] = [];
    const stopped = (async () => {
      for await (const event of huggingFaceConnector.run(context({ signal: controller.signal }))) {
        events.push(event);
        if (event.kind === 'record' && event.resource === 'datasets') controller.abort(new Error('shutdown'));
      }
    })();
    await expect(stopped).rejects.toThrow('shutdown');
    expect(records(events, 'datasets')).toHaveLength(1);
    expect(hub.listingRequests()).toHaveLength(1);
  });

  it('rides out a 429 (waiting its Retry-After) and a 500 on the listing', async () => {
    hub.failNextListing(429);
    hub.failNextListing(500);
    const events = await collectEvents(huggingFaceConnector, context());

    expect(events.filter((event) => event.kind === 'error')).toEqual([]);
    expect(records(events, 'datasets')).toHaveLength(RECORDED.length);
    expect(events.at(-2)).toEqual({ kind: 'listed-all' });
    const [refused, retried] = hub.listingRequests();
    expect(retried!.at - refused!.at).toBeGreaterThanOrEqual(950);
    expect(hub.listingRequests()).toHaveLength(3 + 2);
  });

  it('a rate-limited listing the client gives up on fails the run instead of ending it quietly', async () => {
    hub.failNextListing(429);
    const events: ConnectorEvent[] = [];
    const failure = await (async () => {
      try {
        for await (const event of huggingFaceConnector.run(context({}, { CONNECTOR_HTTP_RETRIES: '0' }))) events.push(event);
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(HttpError);
    expect(failure).toMatchObject({ status: 429 });
    expect(events).toEqual([]);
  });

  it('stops at the limit mid-page and the next run continues right after it', async () => {
    const limited = await collectEvents(huggingFaceConnector, context({ options: { limit: 2 } }));
    expect(datasetNames(limited)).toEqual(['bigIR/ar_cov19', 'rotten_tomatoes']);
    expect(new URL(hub.listingRequests()[0]!.url, hub.url).searchParams.get('limit')).toBe('2');
    expect(limited.some((event) => event.kind === 'listed-all')).toBe(false);
    // asked for pages of 2, so the next run starts on the second page
    expect(lastState(limited)).toMatchObject({ run: { skip: 0, url: expect.stringContaining('cursor=') } });
    expect(lastState(limited).watermark).toBeUndefined();

    const rest = await collectEvents(huggingFaceConnector, context({ state: lastState(limited) }));
    expect([...datasetNames(limited), ...datasetNames(rest)].sort()).toEqual(RECORDED.map((item) => String(item.id)).sort());
    expect(lastState(rest)).toEqual({ watermark: NEWEST });
  });

  it('stops at the limit in the middle of a page when the page is larger', async () => {
    const limited = await collectEvents(huggingFaceConnector, context({ options: { limit: 4 } }));
    expect(datasetNames(limited)).toHaveLength(4);
    expect(lastState(limited)).toMatchObject({ run: { skip: 1 } }); // 3 from page one, 1 from page two
    const rest = await collectEvents(huggingFaceConnector, context({ state: lastState(limited) }));
    expect([...datasetNames(limited), ...datasetNames(rest)].sort()).toEqual(RECORDED.map((item) => String(item.id)).sort());
  });

  it('a limit reached before the watermark leaves the rest for the next run, which then ends at the watermark', async () => {
    const watermark = String(RECORDED.find((item) => item.id === 'bobbydylan/top2k')!.lastModified); // 6th newest
    const limited = await collectEvents(huggingFaceConnector, after({ watermark }, { options: { limit: 4 } }));
    expect(datasetNames(limited)).toHaveLength(4);
    expect(lastState(limited)).toMatchObject({ watermark, run: { skip: 1, stopAt: watermark, newest: NEWEST } });

    const rest = await collectEvents(huggingFaceConnector, after(lastState(limited)));
    expect(datasetNames(rest)).toEqual(['04-07-22/wep-probes']);
    expect(lastState(rest)).toEqual({ watermark: NEWEST });
  });

  it('options.from overrides the watermark', async () => {
    const events = await collectEvents(huggingFaceConnector, after({ watermark: NEWEST }, { options: { from: '2023-01-01' } }));
    expect(datasetNames(events)).toEqual(['bigIR/ar_cov19', 'rotten_tomatoes', 'acronym_identification']);
    expect(lastState(events)).toEqual({ watermark: NEWEST });
  });

  it('scans everything again when the last full scan is older than CONNECTOR_FULL_SCAN_DAYS', async () => {
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
    const due = await collectEvents(huggingFaceConnector, context({ state: { watermark: NEWEST }, lastFullScan: eightDaysAgo }));
    expect(datasetNames(due)).toHaveLength(RECORDED.length);
    expect(due.at(-2)).toEqual({ kind: 'listed-all' });

    const notDue = await collectEvents(
      huggingFaceConnector,
      context({ state: { watermark: NEWEST }, lastFullScan: eightDaysAgo }, { CONNECTOR_FULL_SCAN_DAYS: '10' }),
    );
    expect(datasetNames(notDue)).toEqual([]);
  });

  it('sends HF_TOKEN as a bearer token to the Hub and the viewer, and nothing without one', async () => {
    await collectEvents(huggingFaceConnector, context({}, { HF_TOKEN: 'hf_fixture_token' }));
    expect(hub.requests.length).toBeGreaterThan(RECORDED.length);
    for (const request of hub.requests) expect(request.headers.authorization, request.url).toBe('Bearer hf_fixture_token');

    hub.requests.length = 0;
    await collectEvents(huggingFaceConnector, context());
    for (const request of hub.requests) expect(request.headers.authorization).toBeUndefined();
  });
});
