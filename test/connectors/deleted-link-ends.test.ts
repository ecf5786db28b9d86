/**
 * A harvest batch checks its references when it decides, without locks; an API delete of a
 * referenced asset can commit before the batch writes its links. The batch must then run again
 * instead of storing a link to the deleted asset. Only MySQL/MariaDB have this race (SQLite has
 * one writer, and the delete would wait for the batch).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Connector, ConnectorEvent } from '../../src/connectors/connector.ts';
import { runConnector } from '../../src/connectors/runner.ts';
import { openTestCatalogue, type TestCatalogue } from '../helpers/catalogue.ts';
import { MYSQL_URL } from '../helpers/databases.ts';

/** Runs once, right after the batch's look-up of harvested assets that includes `platformId`. */
const lookupHook = vi.hoisted(() => ({ platformId: '', action: undefined as (() => Promise<void>) | undefined }));

vi.mock('../../src/repositories/connector-records.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/repositories/connector-records.ts')>();
  return {
    ...original,
    harvestedAssets: async (...args: Parameters<typeof original.harvestedAssets>) => {
      const found = await original.harvestedAssets(...args);
      const action = lookupHook.action;
      if (action && args[3].includes(lookupHook.platformId)) {
        lookupHook.action = undefined;
        await action();
      }
      return found;
    },
  };
});

function connectorYielding(events: ConnectorEvent[]): Connector {
  return {
    name: 'openml',
    platform: 'openml',
    resources: ['datasets'],
    async *run() {
      yield* events;
    },
  };
}

describe.skipIf(!MYSQL_URL)('a referenced asset deleted while a batch is written (mysql)', () => {
  let t: TestCatalogue;
  beforeEach(async () => {
    t = await openTestCatalogue('mysql');
  });
  afterEach(async () => {
    lookupHook.action = undefined;
    await t.close();
  });

  it('runs the batch again and stores no link to the deleted asset', async () => {
    const contact: ConnectorEvent = { kind: 'record', resource: 'contacts', platformResourceIdentifier: '101', body: { name: 'Researcher 101' } };
    const first = await runConnector(t.catalogue, connectorYielding([contact]));
    expect(first, first.message).toMatchObject({ status: 'succeeded', created: 1 });
    const stored = await t.catalogue.database.kysely.selectFrom('asset').select('identifier').where('platform_resource_identifier', '=', '101').executeTakeFirstOrThrow();

    // The next batch finds the contact live; an API delete commits before the batch writes its links.
    let deleteStatus = 0;
    lookupHook.platformId = '101';
    lookupHook.action = async () => {
      deleteStatus = (await t.app.request(`/contacts/${stored.identifier}`, { method: 'DELETE' })).status;
    };
    const dataset: ConnectorEvent = {
      kind: 'record',
      resource: 'datasets',
      platformResourceIdentifier: '1',
      body: { name: 'dataset 1', creator: ['@contacts:101'] },
    };
    const second = await runConnector(t.catalogue, connectorYielding([dataset]));
    expect(deleteStatus).toBe(200);
    const errors = await t.catalogue.database.kysely.selectFrom('connector_error').select('message').execute();
    expect(second, JSON.stringify(errors)).toMatchObject({ status: 'succeeded', created: 1, failed: 0 });

    const links = await t.catalogue.database.kysely.selectFrom('asset_link').selectAll().where('target', '=', stored.identifier).execute();
    expect(links).toEqual([]);
    const listed = (await (await t.app.request('/platforms/openml/datasets')).json()) as Array<Record<string, unknown>>;
    expect(listed.map((item) => [item.platform_resource_identifier, item.creator])).toEqual([['1', []]]);
    // Stored without the reference, and written again by the next run (the platform may yield the contact then).
    const record = await t.catalogue.database.kysely.selectFrom('connector_record').select('content_hash').where('connector', '=', 'openml').execute();
    expect(record.map((row) => row.content_hash)).toContain('unresolved');
  });
});
