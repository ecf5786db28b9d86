/**
 * The number of queries per request does not grow with the page size (DESIGN §11). Served from the
 * stored read model, a GET is one query; a list page is one (its keys, with the total riding
 * along) plus one for the rows the rendered row cache does not hold; callers whose view is
 * rendered on read (administrators) pay two more queries, also whatever the page size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, type Principal } from '../src/auth/principal.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { get, post } from './helpers/http.ts';

const member: Principal = { subject: 'member-1', username: 'member', roles: new Set() };

describe.each(dialects)('queries per request on %s', (dialect) => {
  let t: TestCatalogue;
  let dataset: string;
  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
    const contacts: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      contacts.push((await post(t.app, '/contacts', { name: `C${index}`, email: [`c${index}@example.org`] })).body.identifier);
    }
    const publication = (await post(t.app, '/publications', { name: 'Cited' })).body.identifier;
    for (let index = 0; index < 60; index += 1) {
      const response = await post(t.app, '/datasets', {
        name: `Dataset ${index}`,
        keyword: ['a', 'b'],
        creator: contacts,
        contact: contacts.slice(0, 2),
        citation: [publication],
        distribution: [{ content_url: 'https://example.org/file' }],
      });
      dataset = response.body.identifier;
    }
  });
  afterAll(async () => t.close());

  for (const [label, principal] of [['anonymous', anonymous], ['signed-in', member]] as const) {
    it(`reads one asset for a ${label} caller in one query`, async () => {
      const app = t.appWith(async () => principal);
      t.queries.reset();
      const response = await get(app, `/datasets/${dataset}`);
      expect(response.status).toBe(200);
      expect(response.body.contacts).toHaveLength(2);
      expect(response.body.creator).toHaveLength(3);
      expect(t.queries.count).toBe(1);
    });

    it(`lists 1, 10 or 60 assets for a ${label} caller in two queries, one once they are cached`, async () => {
      const app = t.appWith(async () => principal);
      const counts: number[] = [];
      for (const limit of [1, 10, 60, 1, 10, 60]) {
        t.queries.reset();
        const response = await get(app, `/datasets?limit=${limit}`);
        expect(response.body).toHaveLength(limit);
        expect(response.body.every((item: { contacts: unknown[] }) => item.contacts.length === 2)).toBe(true);
        counts.push(t.queries.count);
      }
      expect(counts).toEqual([2, 2, 2, 1, 1, 1]);
    });

    it(`finds by platform identifier for a ${label} caller in one query`, async () => {
      const app = t.appWith(async () => principal);
      t.queries.reset();
      const response = await get(app, `/platforms/aiod/datasets/${dataset}`);
      expect(response.status).toBe(200);
      expect(t.queries.count).toBe(1);
    });
  }

  it('renders on read for administrators with a constant number of queries', async () => {
    t.queries.reset();
    expect((await get(t.app, `/datasets/${dataset}`)).status).toBe(200);
    expect(t.queries.count).toBe(3);
    const counts: number[] = [];
    for (const limit of [1, 10, 60, 1, 10, 60]) {
      t.queries.reset();
      await get(t.app, `/datasets?limit=${limit}`);
      counts.push(t.queries.count);
    }
    expect(counts).toEqual([4, 4, 4, 3, 3, 3]);
  });
});
