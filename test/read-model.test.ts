/**
 * The stored read model always equals what rendering on read gives, after every kind of write:
 * creates, replaces, patches of inverse fields, contact edits (their embedders), deletes (every
 * asset that showed the deleted one, also through an embedded contact), and platform renames
 * (stale, served correctly on read, then refreshed in the background).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, type Principal } from '../src/auth/principal.ts';
import type { Connector, ConnectorEvent } from '../src/connectors/connector.ts';
import { runConnector } from '../src/connectors/runner.ts';
import type { Json } from '../src/database/model/normalize.ts';
import { SNAPSHOT_OPTIONS, renderSnapshot } from '../src/services/render-snapshot.ts';
import { refreshAllStale } from '../src/services/render-refresher.ts';
import { RENDER_VERSION } from '../src/services/rendering.ts';
import { snapshotByIds } from '../src/repositories/asset-snapshots.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { del, get, patch, post, put } from './helpers/http.ts';

const member: Principal = { subject: 'member-1', username: 'member', roles: new Set() };

describe.each(dialects)('read model on %s', (dialect) => {
  let t: TestCatalogue;
  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
  });
  afterAll(async () => t.close());

  /** Every live asset's stored renderings against a fresh rendering of its current state. */
  async function expectReadModelCurrent(options: { allowStale?: boolean } = {}): Promise<number> {
    const rows = await t.catalogue.database.kysely
      .selectFrom('asset')
      .select(['identifier', 'rendered', 'rendered_public', 'render_version'])
      .where('live', '=', 1)
      .execute();
    const snapshot = await snapshotByIds(t.catalogue.database.reader, rows.map((row) => row.identifier), SNAPSHOT_OPTIONS);
    const forMember = renderSnapshot(snapshot, { principal: member, version: 'latest' });
    const forPublic = renderSnapshot(snapshot, { principal: anonymous, version: 'latest' });
    let stale = 0;
    snapshot.rows.forEach((row, index) => {
      const stored = rows.find((candidate) => candidate.identifier === row.identifier);
      if (stored?.render_version !== RENDER_VERSION) {
        stale += 1;
        expect(options.allowStale, `${row.identifier} is stale`).toBe(true);
        return;
      }
      expect(JSON.parse(stored.rendered as string), row.identifier).toEqual(forMember[index]);
      expect(JSON.parse(stored.rendered_public ?? (stored.rendered as string)), row.identifier).toEqual(forPublic[index]);
    });
    return stale;
  }

  const create = async (plural: string, body: Record<string, unknown>) => {
    const response = await post(t.app, `/${plural}`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.identifier as string;
  };

  it('stays current through creates, edits, inverse writes, contact edits and deletes', async () => {
    const organisation = await create('organisations', { name: 'Org' });
    const person = await create('persons', { name: 'Jane', member_of: [organisation] });
    const contact = await create('contacts', { name: 'Jane at work', email: ['jane@example.org'], person, organisation });
    const publication = await create('publications', { name: 'Paper', creator: [contact] });
    const dataset = await create('datasets', { name: 'Data', contact: [contact], creator: [contact], citation: [publication] });
    const part = await create('datasets', { name: 'Part', is_part_of: [dataset], relevant_resource: [publication] });
    await expectReadModelCurrent();

    // Anonymous callers get the masked variant, signed-in ones the other.
    const anonymousView = (await get(t.appWith(async () => anonymous), `/datasets/${dataset}`)).body;
    const memberView = (await get(t.appWith(async () => member), `/datasets/${dataset}`)).body;
    expect(anonymousView.contacts[0].email).toEqual(['******']);
    expect(memberView.contacts[0].email).toEqual(['jane@example.org']);

    await patch(t.app, `/contacts/${contact}`, { email: ['jane@new.example.org'] });
    await expectReadModelCurrent();
    expect((await get(t.appWith(async () => member), `/datasets/${dataset}`)).body.contacts[0].email).toEqual(['jane@new.example.org']);

    await patch(t.app, `/datasets/${part}`, { is_part_of: [] });
    await expectReadModelCurrent();
    await put(t.app, `/datasets/${part}`, { name: 'Part', is_part_of: [dataset] });
    await expectReadModelCurrent();

    // Deleting the person changes the contact, and so every asset that embeds the contact.
    await del(t.app, `/persons/${person}`);
    await expectReadModelCurrent();
    expect((await get(t.appWith(async () => member), `/datasets/${dataset}`)).body.contacts[0].person).toBeUndefined();

    await del(t.app, `/datasets/${dataset}`);
    await expectReadModelCurrent();
    expect((await get(t.appWith(async () => member), `/datasets/${part}`)).body.is_part_of).toEqual([]);
    await del(t.app, `/contacts/${contact}`);
    await expectReadModelCurrent();
    expect((await get(t.appWith(async () => member), `/publications/${publication}`)).body.creator).toEqual([]);
  });

  it('stores a connector batch\'s new assets with renderings equal to a fresh rendering', async () => {
    // A stored contact (with a person and an organisation) that the batch's datasets embed too.
    const organisation = await create('organisations', { name: 'Stored org' });
    const person = await create('persons', { name: 'Stored person' });
    const storedContact = await create('contacts', { name: 'Stored contact', email: ['stored@example.org'], person, organisation });
    const records: Array<[string, string, Json]> = [
      ['organisations', 'org-1', { name: 'New org' }],
      ['persons', 'person-1', { name: 'New person', member_of: ['@organisations:org-1'] }],
      ['contacts', 'contact-1', { name: 'New contact', email: ['new@example.org'], person: '@persons:person-1', organisation: '@organisations:org-1' }],
      // Inverse relations only through stored fields (has_part), so the whole batch stays pending.
      ['datasets', '2', { name: 'Part', contact: ['@contacts:contact-1'] }],
      ['datasets', '1', { name: 'Whole', has_part: ['@datasets:2'], contact: ['@contacts:contact-1', storedContact], creator: [storedContact] }],
      ['datasets', '3', { name: 'Holder', has_part: ['@datasets:1'] }],
    ];
    const connector: Connector = {
      name: 'openml',
      platform: 'openml',
      resources: ['datasets'],
      async *run(): AsyncGenerator<ConnectorEvent> {
        for (const [resource, platformResourceIdentifier, body] of records) yield { kind: 'record', resource, platformResourceIdentifier, body };
      },
    };
    const summary = await runConnector(t.catalogue, connector);
    expect(summary.created).toBe(records.length);
    expect(await expectReadModelCurrent()).toBe(0);
    const whole = (await get(t.app, '/platforms/openml/datasets/1')).body;
    expect(whole.contacts.map((contact: Json) => contact.name)).toEqual(['New contact', 'Stored contact']);
    expect(whole.contacts[1].person).toBe(person);
    const part = (await get(t.app, '/platforms/openml/datasets/2')).body;
    const holder = (await get(t.app, '/platforms/openml/datasets/3')).body;
    expect(whole.has_part).toEqual([part.identifier]);
    expect(whole.is_part_of).toEqual([holder.identifier]);
    expect(part.is_part_of).toEqual([whole.identifier]);
    const anonymousView = (await get(t.appWith(async () => anonymous), `/datasets/${whole.identifier}`)).body;
    expect(anonymousView.contacts.map((contact: Json) => contact.email)).toEqual([['******'], ['******']]);
  });

  it('serves stale renderings correctly after a platform rename, then refreshes them', async () => {
    const identifier = (await post(t.app, '/platforms', { name: 'old_name' })).body.identifier;
    const dataset = await create('datasets', { name: 'On a renamed platform', platform: 'old_name', platform_resource_identifier: 'x' });
    await put(t.app, `/platforms/${identifier}`, { name: 'new_name' });
    expect(await expectReadModelCurrent({ allowStale: true })).toBeGreaterThan(0);
    expect((await get(t.appWith(async () => anonymous), `/datasets/${dataset}`)).body.platform).toBe('new_name');
    await refreshAllStale(t.catalogue);
    expect(await expectReadModelCurrent()).toBe(0);
    expect((await get(t.appWith(async () => anonymous), `/datasets/${dataset}`)).body.platform).toBe('new_name');
  });

  it('renders on read when the stored rendering comes from another model version', async () => {
    const dataset = await create('datasets', { name: 'Versioned' });
    await t.catalogue.database.kysely
      .updateTable('asset')
      .set({ render_version: 'older-model', rendered: '{"stale":true}' })
      .where('identifier', '=', dataset)
      .execute();
    const read = (await get(t.appWith(async () => anonymous), `/datasets/${dataset}`)).body;
    expect(read.name).toBe('Versioned');
    expect(read.stale).toBeUndefined();
  });
});
