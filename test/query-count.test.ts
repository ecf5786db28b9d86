/**
 * The number of queries per request does not grow with the page size (DESIGN §11): a GET is two
 * queries, a list page three, whatever the limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { get, post } from './helpers/http.ts';

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

  it('reads one asset, with its links and embedded contacts, in two queries', async () => {
    t.queries.reset();
    const response = await get(t.app, `/datasets/${dataset}`);
    expect(response.status).toBe(200);
    expect(response.body.contacts).toHaveLength(2);
    expect(response.body.creator).toHaveLength(3);
    expect(t.queries.count).toBe(2);
  });

  it('lists 1, 10 or 60 assets with the same number of queries', async () => {
    const counts: number[] = [];
    for (const limit of [1, 10, 60]) {
      t.queries.reset();
      const response = await get(t.app, `/datasets?limit=${limit}`);
      expect(response.body).toHaveLength(limit);
      expect(response.body.every((item: { contacts: unknown[] }) => item.contacts.length === 2)).toBe(true);
      counts.push(t.queries.count);
    }
    expect(counts).toEqual([3, 3, 3]);
  });

  it('finds by platform identifier in two queries plus the platform check', async () => {
    t.queries.reset();
    const response = await get(t.app, `/platforms/aiod/datasets/${dataset}`);
    expect(response.status).toBe(200);
    expect(t.queries.count).toBe(3);
  });
});
