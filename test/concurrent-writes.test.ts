/**
 * Concurrent writes to shared, linked assets: new parts of the same parent, edits of the contacts
 * they name, replacements and deletions, all at once. MySQL/MariaDB pick deadlock victims among
 * such writes and a write may find its asset changed since it read it; each is run again, so every
 * request succeeds and the catalogue ends consistent (counts match the assets, every rendering
 * matches its asset).
 */
import { describe, expect, it } from 'vitest';
import { isLostRace } from '../src/database/dialect.ts';
import { ConcurrentChangeError, retryingLostRaces } from '../src/services/write-retries.ts';
import { openTestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { call, get, post } from './helpers/http.ts';

const WRITERS = 6;
const WRITES_EACH = 30;

describe('running a write again after it lost a race', () => {
  it('retries deadlock victims and concurrent changes, and gives up with 503 or 412', async () => {
    const deadlock = Object.assign(new Error('Deadlock found when trying to get lock'), { errno: 1213 });
    expect(isLostRace(deadlock)).toBe(true);
    expect(isLostRace(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBe(true);
    expect(isLostRace(Object.assign(new Error('duplicate'), { errno: 1062 }))).toBe(false);

    let attempts = 0;
    const result = await retryingLostRaces(async () => {
      attempts += 1;
      if (attempts === 1) throw deadlock;
      if (attempts === 2) throw new ConcurrentChangeError();
      return 'written';
    });
    expect({ result, attempts }).toEqual({ result: 'written', attempts: 3 });

    await expect(retryingLostRaces(async () => Promise.reject(deadlock))).rejects.toMatchObject({ status: 503, headers: { 'Retry-After': '1' } });
    await expect(retryingLostRaces(async () => Promise.reject(new ConcurrentChangeError()))).rejects.toMatchObject({ status: 412 });
    let other = 0;
    await expect(
      retryingLostRaces(async () => {
        other += 1;
        throw new Error('not a race');
      }),
    ).rejects.toThrow('not a race');
    expect(other).toBe(1);
  });
});

describe.each(dialects)('a reference deleted while a write is under way on %s', (dialect) => {
  it('is refused with 404, never stored as a link to a deleted asset', async () => {
    const t = await openTestCatalogue(dialect);
    try {
      const contact = (await post(t.app, '/contacts', { name: 'Leaving' })).body.identifier;
      // Another transaction deletes the contact and holds its commit until the create has passed its checks.
      let commit = () => {};
      const committing = new Promise<void>((resolve) => (commit = resolve));
      let deleting = () => {};
      const deleted = new Promise<void>((resolve) => (deleting = resolve));
      const deletion = t.catalogue.database.kysely.transaction().execute(async (trx) => {
        await trx.updateTable('asset').set({ live: null, date_deleted: new Date().toISOString() }).where('identifier', '=', contact).execute();
        deleting();
        await committing;
      });
      await deleted;
      const creating = post(t.app, '/datasets', { name: 'Citing the leaving contact', creator: [contact] });
      // On MySQL/MariaDB the create has read the contact as live by now and waits on its row lock.
      await new Promise((resolve) => setTimeout(resolve, 300));
      commit();
      await deletion;
      const response = await creating;
      expect(response.status).toBe(404);
      const links = await t.catalogue.database.kysely.selectFrom('asset_link').select('source').where('target', '=', contact).execute();
      expect(links).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe.each(dialects)('concurrent writes on %s', (dialect) => {
  it('all succeed, and leave counts and renderings consistent', async () => {
    const t = await openTestCatalogue(dialect, { settings: { UPLOAD_RATE_LIMIT: '0' } });
    try {
      const contacts: string[] = [];
      for (let index = 0; index < 3; index += 1) contacts.push((await post(t.app, '/contacts', { name: `Contact ${index}` })).body.identifier);
      const parents: string[] = [];
      for (let index = 0; index < 3; index += 1) parents.push((await post(t.app, '/datasets', { name: `Parent ${index}`, creator: contacts })).body.identifier);
      const statuses: number[] = [];
      const writer = async (number: number) => {
        for (let write = 0; write < WRITES_EACH; write += 1) {
          const parent = parents[(number + write) % parents.length] as string;
          const contact = contacts[(number * 7 + write) % contacts.length] as string;
          const kind = (number + write) % 4;
          let response;
          if (kind === 0) response = await post(t.app, '/datasets', { name: `Part ${number}-${write}`, creator: [contact], is_part_of: [parent] });
          else if (kind === 1) response = await call(t.app, 'PATCH', `/contacts/${contact}`, { json: { name: `Contact renamed ${number}-${write}` } });
          else if (kind === 2) response = await call(t.app, 'PATCH', `/datasets/${parent}`, { json: { description: { plain: `Edit ${number}-${write}` } } });
          else {
            const scratch = (await post(t.app, '/contacts', { name: `Scratch ${number}-${write}` })).body.identifier;
            response = await call(t.app, 'DELETE', `/contacts/${scratch}`);
          }
          statuses.push(response.status);
        }
      };
      await Promise.all(Array.from({ length: WRITERS }, (_, number) => writer(number)));
      expect(statuses.filter((status) => status !== 200)).toEqual([]);

      const datasets = (await get(t.app, '/datasets?limit=1000')).body as Array<{ identifier: string; has_part: string[] }>;
      expect((await get(t.app, '/counts/datasets')).body).toBe(datasets.length);
      expect((await get(t.app, '/counts/contacts')).body).toBe(contacts.length);
      // Every part shows under its parent: the parents' renderings took every concurrent new part.
      const parts = datasets.filter((dataset) => !parents.includes(dataset.identifier));
      const shownAsParts = datasets.filter((dataset) => parents.includes(dataset.identifier)).flatMap((dataset) => dataset.has_part);
      expect(shownAsParts.sort()).toEqual(parts.map((part) => part.identifier).sort());
      // Grants to one user on one asset at once: each answered, one permission left, the last level.
      const subject = '3f1c2b7a-0d4e-4a6b-9c8d-7e6f5a4b3c2d';
      const levels = ['read', 'write', 'admin', 'read', 'write', 'admin'];
      const grants = await Promise.all(
        levels.map((level) => post(t.app, '/assets/permissions', { asset_identifier: parents[0], user: subject, permission_type: level })),
      );
      expect(grants.map((grant) => grant.status)).toEqual(levels.map(() => 200));
      const grantsStored = await t.catalogue.database.kysely.selectFrom('asset_permission').select('level').where('asset', '=', parents[0] as string).where('subject', '=', subject).execute();
      expect(grantsStored).toHaveLength(1);

      // Creates naming contacts that are being deleted: each is refused (404) or links only live contacts.
      const doomed: string[] = [];
      for (let index = 0; index < 12; index += 1) doomed.push((await post(t.app, '/contacts', { name: `Doomed ${index}` })).body.identifier);
      const racing = await Promise.all([
        ...doomed.map((contact) => call(t.app, 'DELETE', `/contacts/${contact}`)),
        ...doomed.map((contact, index) => post(t.app, '/datasets', { name: `Racing ${index}`, creator: [contact, doomed[(index + 1) % doomed.length]] })),
      ]);
      expect(racing.filter((response) => response.status !== 200 && response.status !== 404)).toEqual([]);
      const linkedToDeleted = await t.catalogue.database.kysely
        .selectFrom('asset_link')
        .innerJoin('asset', 'asset.identifier', 'asset_link.target')
        .select('asset_link.source')
        .where('asset.live', 'is', null)
        .execute();
      expect(linkedToDeleted).toEqual([]);

      // Two platforms renamed to one name at once: one succeeds, the other is told the name is taken.
      const first = (await post(t.app, '/platforms', { name: 'race_a' })).body.identifier;
      const second = (await post(t.app, '/platforms', { name: 'race_b' })).body.identifier;
      const renames = await Promise.all([first, second].map((identifier) => call(t.app, 'PUT', `/platforms/${identifier}`, { json: { name: 'race_won' } })));
      expect(renames.map((response) => response.status).sort()).toEqual([200, 409]);

      // Edits of an asset while its platform is renamed again and again: every edit succeeds and
      // the asset ends on the platform's last name.
      const platform = (await post(t.app, '/platforms', { name: 'moving_a' })).body.identifier;
      const moving = (await post(t.app, '/datasets', { name: 'On a moving platform', platform: 'moving_a', platform_resource_identifier: 'moving-1' })).body.identifier;
      const leaving: string[] = [];
      for (let index = 0; index < 10; index += 1) {
        leaving.push((await post(t.app, '/datasets', { name: `Leaving ${index}`, platform: 'moving_a', platform_resource_identifier: `leaving-${index}` })).body.identifier);
      }
      const renaming = (async () => {
        for (let round = 0; round < 10; round += 1) {
          expect((await call(t.app, 'PUT', `/platforms/${platform}`, { json: { name: round % 2 === 0 ? 'moving_b' : 'moving_a' } })).status).toBe(200);
        }
      })();
      const edits = await Promise.all([
        ...Array.from({ length: 20 }, (_, index) => call(t.app, 'PATCH', `/datasets/${moving}`, { json: { description: { plain: `Edit ${index}` } } })),
        ...leaving.map((identifier) => call(t.app, 'DELETE', `/datasets/${identifier}`)),
      ]);
      await renaming;
      expect(edits.filter((edit) => edit.status !== 200).map((edit) => `${edit.status} ${edit.text}`)).toEqual([]);
      expect((await get(t.app, `/datasets/${moving}`)).body.platform).toBe('moving_a');
      // Deletions during the renames were counted under the platform's name of the moment.
      const listed = (await get(t.app, '/datasets?limit=1000')).body as unknown[];
      expect((await get(t.app, '/counts/datasets')).body).toBe(listed.length);
      expect((await get(t.app, '/counts/datasets?detailed=true')).body.moving_a).toBe(1);

      // A stored rendering equals the asset rendered afresh.
      const stored = (await get(t.app, '/datasets?limit=1000')).body;
      await t.catalogue.database.kysely.updateTable('asset').set({ render_version: null }).execute();
      expect((await get(t.app, '/datasets?limit=1000')).body).toEqual(stored);
    } finally {
      await t.close();
    }
  });
});
