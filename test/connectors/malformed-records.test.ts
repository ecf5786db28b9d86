/**
 * Records whose bodies are not valid create bodies (a list given as a string, a number for a
 * date, a reference list that is not a list, an unknown type) are record errors naming the field:
 * the run goes on and stores the valid records around them, and a stored record that turns
 * malformed upstream is kept, not deleted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector, ConnectorEvent } from '../../src/connectors/connector.ts';
import { runConnector } from '../../src/connectors/runner.ts';
import type { Json } from '../../src/database/model/normalize.ts';
import { openTestCatalogue, type TestCatalogue } from '../helpers/catalogue.ts';
import { dialects } from '../helpers/databases.ts';

/** Platform id (OpenML's are numbers) → body, and the field its error must name. */
const MALFORMED: Array<{ id: string; body: Json; field: string }> = [
  { id: '11', body: { name: 'a', keyword: 'vision' }, field: 'keyword' },
  { id: '12', body: { name: 'b', keyword: [1, 2] }, field: 'keyword.0' },
  { id: '13', body: { name: 'c', distribution: 'x' }, field: 'distribution' },
  { id: '14', body: { name: 'd', distribution: ['x'] }, field: 'distribution.0' },
  { id: '15', body: { name: 'e', creator: '@contacts:someone' }, field: 'creator' },
  { id: '16', body: { name: 'f', creator: [5] }, field: 'creator.0' },
  { id: '17', body: { name: 'g', date_published: 12 }, field: 'date_published' },
  { id: '18', body: { name: 7 }, field: 'name' },
  { id: '19', body: { name: 'h', description: 5 }, field: 'description' },
];

function connectorYielding(records: Array<{ resource?: string; id: string; body: Json }>): Connector {
  return {
    name: 'openml',
    platform: 'openml',
    resources: ['datasets'],
    async *run(): AsyncGenerator<ConnectorEvent> {
      yield { kind: 'record', resource: 'contacts', platformResourceIdentifier: 'someone', body: { name: 'Someone' } };
      for (const record of records) {
        yield { kind: 'record', resource: record.resource ?? 'datasets', platformResourceIdentifier: record.id, body: record.body };
      }
      yield { kind: 'listed-all' };
    },
  };
}

describe.each(dialects)('malformed connector records on %s', (dialect) => {
  let t: TestCatalogue;
  beforeEach(async () => {
    t = await openTestCatalogue(dialect);
  });
  afterEach(async () => t.close());

  const errorsOf = async (run: number) =>
    new Map(
      (await t.catalogue.database.kysely.selectFrom('connector_error').selectAll().where('run', '=', run).execute()).map((row) => [
        row.platform_resource_identifier,
        row.message,
      ]),
    );
  const platformIds = async () =>
    (await t.catalogue.database.kysely.selectFrom('asset').select('platform_resource_identifier').where('platform', '=', 'openml').where('live', '=', 1).execute())
      .map((row) => row.platform_resource_identifier)
      .sort();

  it('are record errors naming the field, and the valid records around them are stored', async () => {
    const records = [
      { id: '1', body: { name: 'valid before', creator: ['@contacts:someone'] } },
      ...MALFORMED,
      { resource: 'spaceships', id: '3', body: { name: 'x' } },
      { id: '2', body: { name: 'valid after', keyword: ['vision'] } },
    ];
    const summary = await runConnector(t.catalogue, connectorYielding(records), { full: true });
    expect(summary).toMatchObject({ status: 'succeeded', created: 3, failed: MALFORMED.length + 1 });
    const errors = await errorsOf(summary.run);
    for (const { id, field } of MALFORMED) expect(errors.get(id)).toMatch(new RegExp(`^invalid record: ${field.replace('.', '\\.')}: `));
    expect(errors.get('3')).toBe('unknown resource type spaceships');
    expect(await platformIds()).toEqual(['1', '2', 'someone']);
  });

  it('keeps a stored record whose upstream body turned malformed, and updates it once it is valid again', async () => {
    await runConnector(t.catalogue, connectorYielding([{ id: '100', body: { name: 'first', keyword: ['vision'] } }]), { full: true });
    const broken = await runConnector(t.catalogue, connectorYielding([{ id: '100', body: { name: 'first', keyword: 'vision' } }]), { full: true });
    expect(broken).toMatchObject({ status: 'succeeded', failed: 1, deleted: 0, complete: true });
    expect(await platformIds()).toEqual(['100', 'someone']);
    const fixed = await runConnector(t.catalogue, connectorYielding([{ id: '100', body: { name: 'second', keyword: ['vision'] } }]), { full: true });
    expect(fixed).toMatchObject({ status: 'succeeded', failed: 0, updated: 1 });
    const response = await t.app.request('/platforms/openml/datasets/100');
    expect(((await response.json()) as Json).name).toBe('second');
  });
});
