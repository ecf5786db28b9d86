/**
 * Bodies at the edges of what JSON and the database can take: nesting deep enough to overflow a
 * recursive walk, and lists longer than one SQL statement may name (SQLite takes 32,766
 * parameters). Each is stored or refused with a 4xx naming the problem, never a 500, and a
 * refusal writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { call, errorDetail, get, patch, post, put } from './helpers/http.ts';

/** More values than SQLite allows parameters in one statement. */
const BEYOND_ONE_STATEMENT = 33_000;

const numbered = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index}`);
const identifiers = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}_${String(index).padStart(24, 'A')}`);

describe.each(dialects)('large and deep bodies on %s', (dialect) => {
  let t: TestCatalogue;
  let app: Hono<any>;
  let draft: string;
  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
    app = t.appAs({ subject: 'large-bodies-user', username: 'large', roles: new Set() });
    draft = (await post(app, '/datasets', { name: 'Draft' })).body.identifier;
  });
  afterAll(async () => t.close());

  const datasetCount = async () =>
    Number((await t.catalogue.database.kysely.selectFrom('asset').select((eb) => eb.fn.countAll<number>().as('n')).where('type', '=', 'dataset').executeTakeFirstOrThrow()).n);

  it('refuses a body nested deeper than 64 levels with 422, on POST, PUT and PATCH', async () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const before = await datasetCount();
    for (const [method, path] of [['POST', '/datasets'], ['PUT', `/datasets/${draft}`], ['PATCH', `/datasets/${draft}`]] as const) {
      const response = await call(app, method, path, { body: `{"name":"Deep","size":${deep}}`, headers: { 'content-type': 'application/json' } });
      expect(response.status, method).toBe(422);
      expect(JSON.stringify(errorDetail(response)), method).toContain('more than 64 levels deep');
    }
    expect(await datasetCount()).toBe(before);
    expect((await get(app, `/datasets/${draft}`)).body.name).toBe('Draft');
  });

  it('stores thousands of new keywords on create, replace and patch', async () => {
    const created = await post(app, '/datasets', { name: 'Many keywords', keyword: numbered('first-', 6_000) });
    expect(created.status).toBe(200);
    const identifier = created.body.identifier;
    expect((await get(app, `/datasets/${identifier}`)).body.keyword).toHaveLength(6_000);
    expect((await put(app, `/datasets/${identifier}`, { name: 'Many keywords', keyword: numbered('second-', 6_000) })).status).toBe(200);
    expect((await patch(app, `/datasets/${identifier}`, { keyword: numbered('third-', 7_000) })).status).toBe(200);
    const stored = (await get(app, `/datasets/${identifier}`)).body.keyword as string[];
    expect(stored).toHaveLength(7_000);
    expect(stored).toContain('third-6999');
  });

  it('refuses patches that would grow an asset beyond the request body limit (413), keeping it as it was', async () => {
    const small = await openTestCatalogue(dialect, { settings: { BODY_LIMIT_BYTES: '50000' } });
    try {
      const grown = (await post(small.app, '/datasets', { name: 'Growing' })).body.identifier;
      // Each patch fits in a body; together they would make an asset no PUT could send.
      expect((await patch(small.app, `/datasets/${grown}`, { keyword: numbered('first-keyword-', 2_000) })).status).toBe(200);
      const refused = await patch(small.app, `/datasets/${grown}`, { alternate_name: numbered('another-name-', 2_000) });
      expect(refused.status).toBe(413);
      expect(errorDetail(refused)).toBe('The patched asset would be larger than 50000 bytes, the most a request body may carry.');
      const stored = (await get(small.app, `/datasets/${grown}`)).body;
      expect(stored.keyword).toHaveLength(2_000);
      expect(stored.alternate_name).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('refuses tens of thousands of unknown taxonomy terms with one 400 naming the first ones', async () => {
    const before = await datasetCount();
    const response = await post(app, '/datasets', { name: 'X', research_area: numbered('area-', BEYOND_ONE_STATEMENT) });
    expect(response.status).toBe(400);
    const detail = errorDetail(response) as string;
    expect(detail).toMatch(/^The term\(s\) 'area-0', 'area-1', .*'area-19' and 32980 more are not part of the taxonomy for research_area\./);
    expect(detail.length).toBeLessThan(1_000);
    expect(await datasetCount()).toBe(before);
  });

  it('refuses tens of thousands of unknown references with one 404 naming the first ones', async () => {
    const before = await datasetCount();
    for (const body of [
      { name: 'X', creator: identifiers('con', BEYOND_ONE_STATEMENT) },
      { name: 'X', aiod_entry: { editor: identifiers('prsn', BEYOND_ONE_STATEMENT) } },
    ]) {
      const response = await post(app, '/datasets', body);
      expect(response.status).toBe(404);
      const detail = errorDetail(response) as string;
      expect(detail).toContain('not found');
      expect(detail).toContain(' and 32980 more (field ');
      expect(detail.length).toBeLessThan(2_000);
    }
    expect(await datasetCount()).toBe(before);
  });

  it('refuses a submission of more than 1,000 assets with 422', async () => {
    for (const count of [1_001, BEYOND_ONE_STATEMENT]) {
      const response = await post(app, '/submissions', { asset_identifiers: identifiers('data', count) });
      expect(response.status, String(count)).toBe(422);
      expect(JSON.stringify(errorDetail(response))).toContain('asset_identifiers');
    }
    const unknown = await post(app, '/submissions', { asset_identifiers: identifiers('data', 1_000) });
    expect(unknown.status).toBe(404);
    expect(errorDetail(unknown)).toContain(' and 980 more not found');
  });
});
