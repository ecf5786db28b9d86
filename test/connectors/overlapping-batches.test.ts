/**
 * Batches that follow each other closely, on both dialects. On MySQL/MariaDB a batch is decided
 * while the one before it is still being applied: one that refers to, changes or deletes that
 * batch's records must still see them, and a batch that fails must take the batches decided after
 * it down with it, leaving the state at the last batch stored.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector, ConnectorEvent } from '../../src/connectors/connector.ts';
import { runConnector } from '../../src/connectors/runner.ts';
import type { Json } from '../../src/database/model/normalize.ts';
import { openTestCatalogue, type TestCatalogue } from '../helpers/catalogue.ts';
import { dialects } from '../helpers/databases.ts';

/** A connector that yields `pages` as they are, each followed by a checkpoint `{ page: n }`. */
function pagedConnector(pages: ConnectorEvent[][]): Connector & { states: Array<Json | null> } {
  const states: Array<Json | null> = [];
  return {
    name: 'openml',
    platform: 'openml',
    resources: ['datasets'],
    states,
    async *run(context) {
      states.push(context.state);
      const start = (context.state?.page as number | undefined) ?? 0;
      for (let page = start; page < pages.length; page += 1) {
        yield* pages[page] as ConnectorEvent[];
        yield { kind: 'checkpoint', state: { page: page + 1 } };
      }
    },
  };
}

const contact = (id: string): ConnectorEvent => ({ kind: 'record', resource: 'contacts', platformResourceIdentifier: id, body: { name: `Researcher ${id}` } });
const dataset = (id: string, creator: string, description = `About ${id}`): ConnectorEvent => ({
  kind: 'record',
  resource: 'datasets',
  platformResourceIdentifier: id,
  body: { name: `dataset ${id}`, description: { plain: description }, creator: [`@contacts:${creator}`] },
});

async function openmlDatasets(t: TestCatalogue): Promise<Map<string, Record<string, any>>> {
  const response = await t.app.request('/platforms/openml/datasets?limit=100');
  expect(response.status).toBe(200);
  const list = (await response.json()) as Array<Record<string, any>>;
  return new Map(list.map((item) => [item.platform_resource_identifier as string, item]));
}

async function contactName(t: TestCatalogue, identifier: string): Promise<string> {
  const response = await t.app.request(`/contacts/${identifier}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { name: string }).name;
}

describe.each(dialects)('batches that follow each other on %s', (dialect) => {
  let t: TestCatalogue;
  beforeEach(async () => {
    t = await openTestCatalogue(dialect);
  });
  afterEach(async () => t.close());

  it('refers to, changes and deletes the records of the batch just before', async () => {
    const connector = pagedConnector([
      [contact('c1'), contact('c2'), dataset('1', 'c1')],
      // Dataset 1 again, changed and now by c2 (both written by the batch before); dataset 2 by c2.
      [dataset('1', 'c2', 'A better description'), dataset('2', 'c2'), contact('c3')],
      [dataset('3', 'c3'), { kind: 'deleted', resource: 'datasets', platformResourceIdentifier: '2' }],
      [dataset('4', 'c3')],
    ]);
    const summary = await runConnector(t.catalogue, connector);
    expect(summary, summary.message).toMatchObject({ status: 'succeeded', created: 7, updated: 1, deleted: 1, failed: 0 });

    const stored = await openmlDatasets(t);
    expect([...stored.keys()].sort()).toEqual(['1', '3', '4']);
    const first = stored.get('1') as Record<string, any>;
    expect(first.description.plain).toBe('A better description');
    expect(first.creator).toHaveLength(1);
    expect(await contactName(t, first.creator[0])).toBe('Researcher c2');
    for (const id of ['3', '4']) {
      const item = stored.get(id) as Record<string, any>;
      expect(item.creator).toHaveLength(1);
      expect(await contactName(t, item.creator[0])).toBe('Researcher c3');
    }
    const counts = (await (await t.app.request('/counts/datasets?detailed=true')).json()) as Record<string, number>;
    expect(counts.openml).toBe(3);
    const state = await t.catalogue.database.kysely.selectFrom('connector_state').select('state').where('connector', '=', 'openml').executeTakeFirstOrThrow();
    expect(JSON.parse(state.state as string)).toEqual({ page: 4 });
  });

  it('stores nothing of a failed batch or of the batches after it, and resumes at the last stored one', async () => {
    const pages = [[contact('c1'), dataset('1', 'c1')], [dataset('2', 'c1')], [dataset('3', 'c1')], [dataset('4', 'c1')]];
    // The database refuses the second page's checkpoint: its batch fails at its very end, twice.
    const { kysely } = t.catalogue.database;
    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER refuse_page_two BEFORE UPDATE OF state ON connector_state
        WHEN NEW.state = '{"page":2}' BEGIN SELECT RAISE(ABORT, 'page two refused'); END`.execute(kysely);
    } else {
      await sql`CREATE TRIGGER refuse_page_two BEFORE UPDATE ON connector_state FOR EACH ROW
        BEGIN IF NEW.state = '{"page":2}' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'page two refused'; END IF; END`.execute(kysely);
    }
    const failing = await runConnector(t.catalogue, pagedConnector(pages));
    expect(failing.status).toBe('failed');
    expect(failing.message).toMatch(/page two refused/);
    expect([...(await openmlDatasets(t)).keys()]).toEqual(['1']);

    await sql`DROP TRIGGER refuse_page_two`.execute(kysely);
    const again = pagedConnector(pages);
    const resumed = await runConnector(t.catalogue, again);
    expect(again.states[0]).toEqual({ page: 1 });
    expect(resumed, resumed.message).toMatchObject({ status: 'succeeded', created: 3, unchanged: 0 });
    const stored = await openmlDatasets(t);
    expect([...stored.keys()].sort()).toEqual(['1', '2', '3', '4']);
    const contacts = await t.catalogue.database.kysely.selectFrom('asset').select('identifier').where('type', '=', 'contact').where('platform', '=', 'openml').execute();
    expect(contacts).toHaveLength(1);
  });
});
