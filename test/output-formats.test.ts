/**
 * `?schema=` on asset routes: schema.org and DCAT-AP JSON-LD built from the read objects and the
 * assets they reference, valid JSON-LD, as the caller may see them, for single reads and pages.
 */
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../src/auth/principal.ts';
import { loadExamples } from '../src/services/examples.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { errorDetail, get, post } from './helpers/http.ts';

/** Expands JSON-LD without ever fetching anything; safe mode fails on any term that is not an IRI. */
async function expand(document: unknown): Promise<unknown[]> {
  return jsonld.expand(document as jsonld.JsonLdDocument, {
    safe: true,
    documentLoader: async (url: string) => {
      throw new Error(`no remote contexts allowed: ${url}`);
    },
  } as jsonld.Options.Expand);
}

describe.each(dialects)('output formats on %s', (dialect) => {
  let t: TestCatalogue;
  let dataset: string;
  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
    await loadExamples(t.catalogue);
    dataset = (await get(t.app, '/platforms/example/datasets/delft-road-traffic-2022')).body.identifier;
  });
  afterAll(async () => t.close());

  it('answers ?schema=schema.org with a valid schema.org Dataset, referenced assets resolved', async () => {
    const response = await t.app.request(`/datasets/${dataset}?schema=schema.org`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/ld+json');
    expect(response.headers.get('etag')).toMatch(/^"/);
    const document = (await response.json()) as Record<string, any>;
    expect(document['@type']).toBe('Dataset');
    expect(document.name).toBe('Delft road traffic speeds 2022');
    expect(document.url).toBe(`http://localhost/datasets/${dataset}`);
    const creators = document.creator as Array<Record<string, unknown>>;
    expect(creators[0]?.['@type']).toBe('Person');
    expect(creators[0]?.name).toBe('Jane Doe');
    const funders = document.funder as Array<Record<string, unknown>>;
    expect(funders[0]?.['@type']).toBe('Organization');
    expect(JSON.stringify(document.citation)).toContain('Explainable graph neural networks');
    const expanded = JSON.stringify(await expand(document));
    expect(expanded).toContain('schema.org/name');
    expect(expanded).toContain('schema.org/distribution');
  });

  it('answers ?schema=dcat-ap with a valid DCAT-AP graph', async () => {
    const response = await t.app.request(`/v2/datasets/${dataset}?schema=dcat-ap`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as Record<string, unknown>;
    const expanded = JSON.stringify(await expand(document));
    expect(expanded).toContain('http://www.w3.org/ns/dcat#Dataset');
    expect(expanded).toContain('http://www.w3.org/ns/dcat#distribution');
    expect(expanded).toContain(`http://localhost/v2/datasets/${dataset}`);
  });

  it('converts a whole page, and the platform routes too', async () => {
    const page = await get(t.app, '/publications?schema=schema.org');
    expect(page.status).toBe(200);
    expect(page.body).toHaveLength(1);
    expect(page.body[0]['@type']).toBe('ScholarlyArticle');
    expect(page.headers.get('x-total-count')).toBe('1');
    const byPlatform = await get(t.app, '/platforms/example/ml_models/mdl-delft-traffic-forecaster?schema=schema.org');
    expect(byPlatform.status).toBe(200);
    expect(byPlatform.body['@type']).toBe('SoftwareApplication');
    for (const path of ['/persons?schema=schema.org', '/organisations?schema=schema.org']) {
      expect((await get(t.app, path)).status, path).toBe(200);
    }
  });

  it('refuses formats a type does not offer with 422, and defaults to aiod', async () => {
    const refused = await get(t.app, '/publications?schema=dcat-ap');
    expect(refused.status).toBe(422);
    expect((errorDetail(refused) as Array<{ loc: string[] }>)[0]?.loc).toEqual(['query', 'schema']);
    expect((await get(t.app, '/news?schema=schema.org')).status).toBe(422);
    const aiod = await get(t.app, `/datasets/${dataset}?schema=aiod`);
    expect(aiod.headers.get('content-type')).toBe('application/json');
    expect(aiod.body.identifier).toBe(dataset);
  });

  it('never shows anonymous callers what the aiod format hides from them', async () => {
    const app = t.appWith(async () => anonymous);
    for (const format of ['schema.org', 'dcat-ap']) {
      const text = await (await app.request(`/datasets/${dataset}?schema=${format}`)).text();
      expect(text, format).not.toContain('jane.doe@example.org');
    }
  });

  it('converts a page with a constant number of queries', async () => {
    const original = (await get(t.app, `/datasets/${dataset}`)).body;
    for (let index = 0; index < 12; index += 1) {
      const body = { name: `Linked ${index}`, creator: original.creator, funder: original.funder, citation: original.citation };
      expect((await post(t.app, '/datasets', body)).status).toBe(200);
    }
    const counts: number[] = [];
    for (const limit of [1, 10]) {
      t.queries.reset();
      const response = await get(t.appWith(async () => anonymous), `/datasets?schema=schema.org&limit=${limit}`);
      expect(response.body).toHaveLength(limit);
      expect(response.body.every((item: { creator?: unknown[] }) => (item.creator ?? []).length === 1)).toBe(true);
      counts.push(t.queries.count);
    }
    expect(counts[0]).toBe(counts[1]);
  });
});
