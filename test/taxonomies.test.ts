/**
 * Taxonomies (official trees, checked for writers; connectors add unofficial terms), vocabularies
 * (open, lower-cased, paginated), /v2's deprecated aliases, and the metadata-schema loader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/auth/principal.ts';
import { taxonomies } from '../src/database/model/taxonomies.ts';
import { loadTaxonomyExport } from '../src/services/taxonomy-loader.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { errorDetail, get, post } from './helpers/http.ts';

const member: Principal = { subject: 'member-1', username: 'member', roles: new Set() };
const openmlConnector: Principal = { subject: 'connector:openml', username: 'openml', roles: new Set(['platform_openml']) };

interface Node {
  term: string;
  definition: string;
  subterms: Node[];
}
const terms = (nodes: Node[]): string[] => nodes.flatMap((node) => [node.term, ...terms(node.subterms)]);

describe.each(dialects)('taxonomies on %s', (dialect) => {
  let t: TestCatalogue;
  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
  });
  afterAll(async () => t.close());

  it('serves every taxonomy as a tree of official terms with definitions, at its path', async () => {
    for (const definition of taxonomies.filter((item) => item.kind === 'taxonomy')) {
      const response = await get(t.app, definition.route);
      expect(response.status, definition.route).toBe(200);
      expect(response.body.length, definition.route).toBeGreaterThan(0);
      for (const node of response.body as Node[]) {
        expect(node.term.length).toBeGreaterThan(0);
        expect(node.definition.length).toBeGreaterThan(0);
        expect(Array.isArray(node.subterms)).toBe(true);
      }
    }
    const news = (await get(t.app, '/news_categories')).body as Node[];
    const business = news.find((node) => node.term === 'Business');
    expect(business?.subterms.map((node) => node.term)).toEqual(expect.arrayContaining(['Funding', 'Pilots']));
    expect(terms((await get(t.app, '/licenses')).body)).toContain('CC-BY-4.0');
    expect((await get(t.app, '/AI_paradigms')).status).toBe(200);
  });

  it('keeps AIoD\'s old paths as deprecated aliases in /v2 only', async () => {
    for (const definition of taxonomies.filter((item) => item.v2Alias)) {
      const alias = definition.v2Alias as string;
      const viaAlias = await get(t.app, `/v2${alias}`);
      expect(viaAlias.status, alias).toBe(200);
      expect(viaAlias.body).toEqual((await get(t.app, `/v2${definition.route}`)).body);
      expect((await get(t.app, alias)).status, `${alias} in latest`).toBe(404);
    }
    const document = (await get(t.app, '/v2/openapi.json')).body;
    expect(document.paths['/number_of_employees'].get.deprecated).toBe(true);
  });

  it('accepts official terms case-insensitively and stores their official spelling', async () => {
    const app = t.appWith(async () => member);
    const created = await post(app, '/datasets', { name: 'Terms', license: 'cc-by-4.0', research_area: ['explainable ai'] });
    expect(created.status).toBe(200);
    const read = (await get(t.app, `/datasets/${created.body.identifier}`)).body;
    expect(read.license).toBe('CC-BY-4.0');
    expect(read.research_area).toEqual(['Explainable AI']);
  });

  it('refuses terms outside a taxonomy from users, naming each, but lets connectors add them unofficially', async () => {
    const refused = await post(t.appWith(async () => member), '/organisations', {
      name: 'Org',
      type: 'Guild',
      number_of_employees: 'thousands',
    });
    expect(refused.status).toBe(400);
    const detail = errorDetail(refused) as string;
    expect(detail).toContain("The term(s) 'Guild' are not part of the taxonomy for organisation_type.");
    expect(detail).toContain("'thousands'");
    expect(detail).toContain('/numbers_of_employees');

    const connector = t.appWith(async () => openmlConnector);
    const created = await post(connector, '/datasets', { name: 'From OpenML', platform: 'openml', platform_resource_identifier: '61', license: 'Public Domain (CC0)' });
    expect(created.status).toBe(200);
    expect((await get(t.app, `/datasets/${created.body.identifier}`)).body.license).toBe('public domain (cc0)');
    expect(terms((await get(t.app, '/licenses')).body)).not.toContain('public domain (cc0)');
    // Users still cannot use the unofficial term the connector introduced.
    expect((await post(t.appWith(async () => member), '/datasets', { name: 'X', license: 'public domain (cc0)' })).status).toBe(400);
  });

  it('lower-cases vocabulary values, remembers them, and lists them paginated with totals', async () => {
    await post(t.app, '/datasets', { name: 'Tagged', keyword: ['Zebra', 'alpha', 'ALPHA', 'Mango'] });
    const all = await get(t.app, '/keywords');
    expect(all.body).toEqual(expect.arrayContaining(['alpha', 'mango', 'zebra']));
    expect(all.body).not.toContain('Zebra');
    const total = Number(all.headers.get('x-total-count'));
    expect(total).toBe(all.body.length);
    const page = await get(t.app, '/keywords?offset=1&limit=1');
    expect(page.body).toEqual([all.body[1]]);
    expect(page.headers.get('link')).toContain('rel="next"');
    expect((await get(t.app, '/keywords?limit=0')).status).toBe(422);
    const vocabularyRoutes = taxonomies.filter((item) => item.kind === 'vocabulary').map((item) => item.route);
    expect(vocabularyRoutes).toHaveLength(12);
    for (const route of vocabularyRoutes) expect((await get(t.app, route)).status, route).toBe(200);
  });

  it('loads an aiod_taxonomies export: new terms official with their tree, dropped terms unofficial, values kept', async () => {
    await post(t.app, '/organisations', { name: 'Uses a turnover', turnover: '<1 million euros' });
    const report = await loadTaxonomyExport(t.catalogue, {
      aiod_taxonomies: [
        {
          taxonomy_id: 't1',
          taxonomy_name: 'Turnover',
          elements: [
            {
              id: 'small',
              label: { language: 'en', value: 'Small' },
              definition: 'Below 10 million euros.',
              elements: [{ id: 'tiny', label: [{ language: 'en', value: 'Tiny' }], definition: [{ language: 'en', value: 'Below 1 million euros.' }], elements: [] }],
            },
            { id: 'large', label: { language: 'en', value: 'Large' }, definition: 'Above 10 million euros.', elements: [] },
          ],
        },
        { taxonomy_id: 't2', taxonomy_name: 'Approach', elements: [] },
      ],
    });
    expect(report.loaded).toEqual([{ taxonomy: 'turnover', terms: 3 }]);
    expect(report.skipped).toEqual(['Approach']);
    expect((await get(t.app, '/turnovers')).body).toEqual([
      { term: 'Small', definition: 'Below 10 million euros.', subterms: [{ term: 'Tiny', definition: 'Below 1 million euros.', subterms: [] }] },
      { term: 'Large', definition: 'Above 10 million euros.', subterms: [] },
    ]);
    const app = t.appWith(async () => member);
    expect((await post(app, '/organisations', { name: 'X', turnover: '<1 million euros' })).status).toBe(400);
    expect((await post(app, '/organisations', { name: 'X', turnover: 'tiny' })).status).toBe(200);
    const organisations = (await get(t.app, '/organisations?limit=100')).body as Array<{ name: string; turnover?: string }>;
    expect(organisations.find((item) => item.name === 'Uses a turnover')?.turnover).toBe('<1 million euros');
  });
});
