/**
 * The OpenML connector against a loopback OpenML (test/fixture-servers/openml.ts): what it yields
 * over whole listings, incremental runs, resumed runs, broken records, faults and limits.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorContext, ConnectorEvent, ConnectorRecord } from '../../src/connectors/connector.ts';
import { openMlConnector } from '../../src/connectors/openml/index.ts';
import type { Json } from '../../src/database/model/normalize.ts';
import { resourceByPlural } from '../../src/database/model/registry.ts';
import { startOpenMlServer, type OpenMlServer } from '../fixture-servers/openml.ts';
import { createBodyProblem } from '../../src/connectors/test-bodies.ts';
import { collectEvents, connectorContext } from '../helpers/connector-context.ts';

let openml: OpenMlServer;

beforeEach(async () => {
  openml = await startOpenMlServer();
});
afterEach(async () => {
  await openml.close();
});

const context = (overrides: Partial<ConnectorContext> = {}) => connectorContext({ OPENML_API_URL: openml.apiUrl }, overrides);
const run = (overrides: Partial<ConnectorContext> = {}) => collectEvents(openMlConnector, context(overrides));

const records = (events: ConnectorEvent[], resource: string) =>
  events.filter((event): event is ConnectorRecord => event.kind === 'record' && event.resource === resource);
const ids = (events: ConnectorEvent[], resource: string) => records(events, resource).map((event) => Number(event.platformResourceIdentifier));
const checkpoints = (events: ConnectorEvent[]) => events.flatMap((event) => (event.kind === 'checkpoint' ? [event.state] : []));
const lastState = (events: ConnectorEvent[]) => checkpoints(events).at(-1)!;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

/** Runs until the run throws (a killed run): the events before it, and the error. */
async function runUntilFailure(overrides: Partial<ConnectorContext>, onEvent: (event: ConnectorEvent) => void = () => {}) {
  const events: ConnectorEvent[] = [];
  try {
    for await (const event of openMlConnector.run(context(overrides))) {
      events.push(event);
      onEvent(event);
    }
  } catch (error) {
    return { events, error };
  }
  throw new Error('the run did not fail');
}

describe('OpenML connector', () => {
  it('lists every dataset and flow across pages into valid bodies, contacts first, and ends a full scan in listed-all', async () => {
    openml.addDatasets(520); // ids 5..524: two list pages of 500
    openml.addFlows(2);
    openml.addFlows(2, { name: (id) => `sklearn.pipeline.Pipeline(step_${id}=sklearn.tree.DecisionTreeClassifier)` });

    const events = await run();

    expect(ids(events, 'datasets')).toEqual(range(2, 524));
    expect(ids(events, 'ml_models')).toEqual(range(1, 5));
    expect(openml.paths()).toContain('/data/list/limit/500/offset/500');
    expect(openml.paths().filter((path) => path.startsWith('/flow/')).some((path) => /\/flow\/[67]$/.test(path))).toBe(false);

    const seen = new Set<string>();
    for (const event of events) {
      if (event.kind !== 'record') continue;
      expect(createBodyProblem(resourceByPlural(event.resource)!, event.body), `${event.resource} ${event.platformResourceIdentifier}`).toBeUndefined();
      for (const field of ['creator', 'citation']) {
        for (const reference of (event.body[field] as string[] | undefined) ?? []) expect(seen, reference).toContain(reference);
      }
      seen.add(`@${event.resource}:${event.platformResourceIdentifier}`);
    }
    expect(records(events, 'contacts').length).toBeGreaterThan(520);
    // Rob Holte contributed to dataset 3 and every generated one: one contact, yielded once.
    expect(records(events, 'contacts').filter((event) => event.body.name === 'Rob Holte')).toHaveLength(1);
    expect(records(events, 'publications')).toHaveLength(1);

    expect(events.filter((event) => event.kind === 'listed-all')).toHaveLength(1);
    const listedAll = events.findIndex((event) => event.kind === 'listed-all');
    expect(events.slice(listedAll + 1).map((event) => event.kind)).toEqual(['checkpoint']);
    expect(lastState(events)).toEqual({ datasetOffset: 523, lastDatasetId: 524, flowOffset: 7, lastFlowId: 7, fullScan: false });
    // A checkpoint after each page, marked as a full scan until it is done.
    expect(checkpoints(events).slice(0, -1).every((state) => state.fullScan === true)).toBe(true);
    expect(checkpoints(events).length).toBeGreaterThanOrEqual(3);
  });

  it('then runs incrementally: only datasets appended since, and no listed-all', async () => {
    const first = await run();
    openml.addDatasets(3);
    openml.addFlows(1);
    const before = openml.paths().length;

    const events = await run({ state: lastState(first), lastFullScan: new Date() });

    expect(ids(events, 'datasets')).toEqual([5, 6, 7]);
    expect(ids(events, 'ml_models')).toEqual([4]);
    expect(events.some((event) => event.kind === 'listed-all')).toBe(false);
    expect(lastState(events)).toMatchObject({ datasetOffset: 6, lastDatasetId: 7, flowOffset: 4, lastFlowId: 4, fullScan: false });
    const detailCalls = openml.paths().slice(before).filter((path) => /^\/(data|flow)\/\d+$/.test(path));
    expect(detailCalls.sort()).toEqual(['/data/5', '/data/6', '/data/7', '/flow/4']);

    const nothingNew = await run({ state: lastState(events), lastFullScan: new Date() });
    expect(nothingNew.filter((event) => event.kind === 'record' || event.kind === 'error')).toEqual([]);
  });

  it('does not miss appended datasets after others left the list (offsets shifted down)', async () => {
    openml.addDatasets(6); // 5..10
    const first = await run();
    openml.removeDataset(3);
    openml.removeDataset(5);
    openml.addDatasets(2); // 11, 12

    const events = await run({ state: lastState(first), lastFullScan: new Date() });
    expect(ids(events, 'datasets')).toEqual([11, 12]);
  });

  it('re-scans everything when a full scan is due and then ends in listed-all', async () => {
    const first = await run();
    openml.editDatasetDescription(2, 'Edited upstream.');
    const events = await run({ state: lastState(first), lastFullScan: new Date(Date.now() - 8 * 86_400_000) });
    expect(ids(events, 'datasets')).toEqual([2, 3, 4]);
    expect(records(events, 'datasets')[0]!.body.description).toEqual({ plain: 'Edited upstream.' });
    expect(events.at(-2)?.kind).toBe('listed-all');
  });

  it('resumes a killed full scan after its last checkpoint, without repeats, and still ends in listed-all', async () => {
    openml.addDatasets(1100); // three pages of datasets
    const controller = new AbortController();
    let pagesDone = 0;
    const killed = await runUntilFailure({ signal: controller.signal }, (event) => {
      if (event.kind === 'checkpoint' && ++pagesDone === 2) controller.abort();
    });
    expect(killed.error).toMatchObject({ name: 'AbortError' });
    const checkpoint = lastState(killed.events);
    expect(checkpoint).toMatchObject({ datasetOffset: 1000, lastDatasetId: 1001, fullScan: true });
    // What the runner stored: the records up to that checkpoint.
    const stored = killed.events.slice(0, killed.events.findLastIndex((event) => event.kind === 'checkpoint'));

    const resumed = await run({ state: checkpoint, lastFullScan: null });

    expect(ids(resumed, 'datasets')).toEqual(range(1002, 1104));
    expect([...ids(stored, 'datasets'), ...ids(resumed, 'datasets')]).toEqual(range(2, 1104));
    expect(ids(resumed, 'ml_models')).toEqual([1, 2, 3]);
    expect(resumed.filter((event) => event.kind === 'listed-all')).toHaveLength(1);
  });

  it('resumes after the listing failed mid-run (a page answering 500 beyond the client\'s retries)', async () => {
    openml.addDatasets(600);
    openml.fault({ pathPrefix: '/data/list/limit/500/offset/500', status: 500 });
    const failed = await runUntilFailure({ http: connectorContext({ OPENML_API_URL: openml.apiUrl, CONNECTOR_HTTP_RETRIES: '0' }).http });
    expect(failed.error).toMatchObject({ status: 500 });
    expect(lastState(failed.events)).toMatchObject({ datasetOffset: 500, lastDatasetId: 501, fullScan: true });

    const resumed = await run({ state: lastState(failed.events) });
    expect(ids(resumed, 'datasets')).toEqual(range(502, 604));
    expect(resumed.some((event) => event.kind === 'listed-all')).toBe(true);
  });

  it('yields an error event for a broken detail record and goes on with the others', async () => {
    openml.addDatasets(2); // 5, 6
    openml.breakDataset(3, 'non-string-description');
    openml.breakDataset(4, 'malformed-json');
    openml.breakDataset(5, 'not-found');

    const events = await run();

    expect(ids(events, 'datasets')).toEqual([2, 6]);
    const errors = events.filter((event) => event.kind === 'error');
    expect(errors.map((event) => [event.resource, event.platformResourceIdentifier])).toEqual([
      ['datasets', '3'],
      ['datasets', '4'],
      ['datasets', '5'],
    ]);
    expect(errors[0]!.message).toMatch(/description is not a string/);
    expect(errors[2]!.message).toMatch(/412/);
    expect(events.some((event) => event.kind === 'listed-all')).toBe(true);
  });

  it('fails the run, not the record, when a detail answers 5xx or 429 beyond the client\'s retries', async () => {
    // No retries, so the first 5xx or 429 is the client's last word.
    const noRetries = (overrides: Partial<ConnectorContext> = {}) =>
      connectorContext({ OPENML_API_URL: openml.apiUrl, CONNECTOR_HTTP_RETRIES: '0' }, overrides);
    openml.serverErrorOnce('/data/3');
    const failed = await runUntilFailure({ http: noRetries().http });
    expect(failed.error).toMatchObject({ status: 500 });
    expect(failed.events.some((event) => event.kind === 'error')).toBe(false);

    openml.rateLimitOnce('/flow/2');
    const limited = await runUntilFailure({ http: noRetries().http });
    expect(limited.error).toMatchObject({ status: 429 });
    expect(limited.events.some((event) => event.kind === 'error')).toBe(false);
  });

  it('rides out a 500 and a 429 (Retry-After) within the client\'s retries', async () => {
    openml.serverErrorOnce('/data/list/limit/500/offset/0');
    openml.rateLimitOnce('/flow/2');
    const events = await collectEvents(openMlConnector, context());
    expect(events.some((event) => event.kind === 'error')).toBe(false);
    expect(events.some((event) => event.kind === 'listed-all')).toBe(true);
    const records = events.filter((event) => event.kind === 'record' && event.resource !== 'contacts' && event.resource !== 'publications');
    expect(records.length).toBeGreaterThanOrEqual(4);
  });

  it('fails the run on a 412 that is not the end of the list', async () => {
    openml.fault({ pathPrefix: '/flow/list', status: 412, body: { error: { code: '370', message: 'Illegal filter specified' } } });
    const failed = await runUntilFailure({});
    expect(String(failed.error)).toMatch(/412 with OpenML error 370: Illegal filter specified/);
    expect(failed.events.some((event) => event.kind === 'listed-all')).toBe(false);
  });

  it('stops after options.limit datasets, models and errors (with the records they refer to), and the next run continues from there', async () => {
    openml.addDatasets(10);
    openml.breakDataset(6, 'not-found');
    const counted = (events: ConnectorEvent[]) =>
      events.filter((event) => event.kind === 'error' || (event.kind === 'record' && ['datasets', 'ml_models'].includes(event.resource)));

    const seen: ConnectorEvent[] = [];
    let state: Json | null = null;
    for (let runs = 0; runs < 20; runs++) {
      const events = await run({ state, options: { limit: 4 }, lastFullScan: state ? new Date() : null });
      expect(counted(events).length).toBeLessThanOrEqual(4);
      expect(events.at(-1)?.kind).toBe('checkpoint');
      seen.push(...counted(events));
      state = lastState(events);
      if (events.some((event) => event.kind === 'listed-all')) break;
    }
    expect(openml.paths()).toContain('/data/list/limit/4/offset/0');
    expect(ids(seen, 'datasets')).toEqual(range(2, 14).filter((id) => id !== 6));
    expect(seen.filter((event) => event.kind === 'error').map((event) => (event as { platformResourceIdentifier: string }).platformResourceIdentifier)).toEqual(['6']);
    expect(ids(seen, 'ml_models')).toEqual([1, 2, 3]);
  });

  it('retries records that failed before, behind the cursor, in an incremental run', async () => {
    const first = await run();
    const events = await run({
      state: lastState(first),
      lastFullScan: new Date(),
      retry: [
        { resource: 'datasets', platformResourceIdentifier: '3' },
        { resource: 'ml_models', platformResourceIdentifier: '2' },
        { resource: 'datasets', platformResourceIdentifier: '99' },
      ],
    });
    expect(ids(events, 'datasets')).toEqual([3]);
    expect(ids(events, 'ml_models')).toEqual([2]);
    expect(openml.paths()).toContain('/data/qualities/3');
    expect(records(events, 'datasets')[0]!.body.size).toEqual({ value: 3196, unit: 'instances' });
  });
});
