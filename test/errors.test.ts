/**
 * Every refusal is a 4xx with AIoD's error body `{detail, reference}` and nothing half-written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { call, errorDetail, get, post, put } from './helpers/http.ts';

describe.each(dialects)('error responses on %s', (dialect) => {
  let t: TestCatalogue;
  let contact: string;
  let dataset: string;
  beforeAll(async () => {
    t = await openTestCatalogue(dialect, { settings: { BODY_LIMIT_BYTES: '20000' } });
    contact = (await post(t.app, '/contacts', { name: 'Desk' })).body.identifier;
    dataset = (await post(t.app, '/datasets', { name: 'Base', platform: 'example', platform_resource_identifier: 'base' })).body.identifier;
  });
  afterAll(async () => t.close());

  async function assetCount(): Promise<number> {
    const row = await t.catalogue.database.kysely
      .selectFrom('asset')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('answers a wrong identifier prefix with 422 and AIoD\'s message, naming the right type', async () => {
    const response = await get(t.app, `/datasets/${contact}`);
    expect(response.status).toBe(422);
    expect(errorDetail(response)).toBe(
      `'${contact}' is not a valid dataset identifier, valid dataset identifiers start with 'data'. Did you mean to request a 'contact' instead?`,
    );
    const malformed = await get(t.app, '/datasets/v1');
    expect(malformed.status).toBe(422);
    expect(errorDetail(malformed)).toBe("'v1' is not a valid dataset identifier, valid dataset identifiers start with 'data'.");
  });

  it('answers an unknown identifier with 404 whose detail contains "not found"', async () => {
    const response = await get(t.app, '/datasets/data_AAAAAAAAAAAAAAAAAAAAAAAA');
    expect(response.status).toBe(404);
    expect(errorDetail(response)).toContain('not found');
  });

  it('refuses a duplicate (platform, platform_resource_identifier) with 409 naming the existing asset', async () => {
    const before = await assetCount();
    const response = await post(t.app, '/datasets', { name: 'Again', platform: 'example', platform_resource_identifier: 'base' });
    expect(response.status).toBe(409);
    expect(errorDetail(response)).toBe(
      `There already exists a dataset with the same platform and platform_resource_identifier, with identifier=${dataset}.`,
    );
    expect(await assetCount()).toBe(before);
  });

  it('allows the same platform identifier for different types', async () => {
    const response = await post(t.app, '/publications', { name: 'Other type', platform: 'example', platform_resource_identifier: 'base' });
    expect(response.status).toBe(200);
  });

  it('refuses an unregistered platform with 412', async () => {
    const response = await post(t.app, '/datasets', { name: 'X', platform: 'nowhere', platform_resource_identifier: '1' });
    expect(response.status).toBe(412);
    expect(errorDetail(response)).toBe(
      'Platform nowhere does not exist. You can register it using the POST platforms endpoint.',
    );
  });

  it('refuses one platform field without the other with 400', async () => {
    for (const body of [{ name: 'X', platform: 'example' }, { name: 'X', platform_resource_identifier: '1' }]) {
      const response = await post(t.app, '/datasets', body);
      expect(response.status).toBe(400);
      expect(errorDetail(response)).toContain('platform_resource_identifier');
    }
  });

  it('validates platform identifiers per platform with 422', async () => {
    const cases = [
      { platform: 'openml', platform_resource_identifier: 'abc' },
      { platform: 'zenodo', platform_resource_identifier: '1234' },
      { platform: 'huggingface', platform_resource_identifier: 'a--b' },
    ];
    for (const fields of cases) {
      const response = await post(t.app, '/datasets', { name: 'X', ...fields });
      expect(response.status).toBe(422);
      const detail = errorDetail(response) as Array<{ loc: string[] }>;
      expect(detail[0]?.loc).toEqual(['body', 'platform_resource_identifier']);
    }
    expect((await post(t.app, '/datasets', { name: 'X', platform: 'zenodo', platform_resource_identifier: 'zenodo.org:17' })).status).toBe(200);
    expect((await post(t.app, '/datasets', { name: 'X', platform: 'huggingface', platform_resource_identifier: 'org/name.v2' })).status).toBe(200);
  });

  it('refuses references to unknown or wrong-kind assets with one 404 naming them all', async () => {
    const before = await assetCount();
    const missing = 'con_AAAAAAAAAAAAAAAAAAAAAAAA';
    const response = await post(t.app, '/datasets', {
      name: 'X',
      creator: [contact, missing, dataset],
      funder: [contact],
    });
    expect(response.status).toBe(404);
    const detail = errorDetail(response) as string;
    expect(detail).toContain('not found');
    expect(detail).toContain(`${missing}, ${dataset} (field 'creator')`);
    expect(detail).toContain(`${contact} (field 'funder')`);
    expect(detail).not.toContain(`${contact}, ${missing}`);
    expect(await assetCount()).toBe(before);
  });

  it('refuses terms outside their taxonomy with 400 and AIoD\'s message, writing nothing', async () => {
    const before = await assetCount();
    const response = await post(t.app, '/datasets', { name: 'X', license: 'my own licence' });
    expect(response.status).toBe(400);
    expect(errorDetail(response)).toBe(
      "The term(s) 'my own licence' are not part of the taxonomy for license. Please see the endpoint /licenses for the accepted terms.",
    );
    expect(await assetCount()).toBe(before);
  });

  it('lists every invalid field in one 422, in FastAPI\'s shape', async () => {
    const response = await post(t.app, '/datasets', {
      issn: '123',
      size: { value: 'many' },
      date_published: 'yesterday',
      keyword: 'not a list',
    });
    expect(response.status).toBe(422);
    const detail = errorDetail(response) as Array<{ loc: Array<string | number>; msg: string; type: string }>;
    const locations = detail.map((issue) => issue.loc.join('.'));
    expect(locations).toEqual(
      expect.arrayContaining(['body.name', 'body.issn', 'body.size.value', 'body.date_published', 'body.keyword']),
    );
    for (const issue of detail) {
      expect(typeof issue.msg).toBe('string');
      expect(typeof issue.type).toBe('string');
    }
  });

  it('treats null as absent for optional fields and refuses status in aiod_entry', async () => {
    const ok = await post(t.app, '/datasets', { name: 'Nulls', description: null, keyword: null, size: null, issn: null });
    expect(ok.status).toBe(200);
    const refused = await post(t.app, '/datasets', { name: 'X', aiod_entry: { status: 'published' } });
    expect(refused.status).toBe(422);
    expect((errorDetail(refused) as Array<{ loc: string[] }>)[0]?.loc[1]).toBe('aiod_entry');
  });

  it('ignores unknown top-level fields, as AIoD does', async () => {
    const response = await post(t.app, '/datasets', { name: 'Extra', not_a_field: 1 });
    expect(response.status).toBe(200);
    expect('not_a_field' in (await get(t.app, `/datasets/${response.body.identifier}`)).body).toBe(false);
  });

  it('answers a body that is not JSON with 415, and broken JSON with 422', async () => {
    const wrongType = await call(t.app, 'POST', '/datasets', { body: '{"name":"X"}', headers: { 'content-type': 'text/plain' } });
    expect(wrongType.status).toBe(415);
    expect(errorDetail(wrongType)).toContain('application/json');
    const broken = await call(t.app, 'POST', '/datasets', { body: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(422);
    expect((errorDetail(broken) as Array<{ type: string }>)[0]?.type).toBe('json_invalid');
    const notObject = await call(t.app, 'PUT', `/datasets/${dataset}`, { body: '[1,2]', headers: { 'content-type': 'application/json' } });
    expect(notObject.status).toBe(422);
  });

  it('answers an oversize body with 413', async () => {
    const response = await post(t.app, '/datasets', { name: 'Big', description: { plain: 'x'.repeat(30000) } });
    expect(response.status).toBe(413);
    expect(errorDetail(response)).toContain('larger than 20000 bytes');
  });

  it('checks query parameters: limit 1..1000, offset ≥ 0, known sort values', async () => {
    for (const query of ['limit=0', 'limit=1001', 'offset=-1', 'limit=ten', 'sort=name', 'direction=up', 'date_modified_after=01-01-2024']) {
      const response = await get(t.app, `/datasets?${query}`);
      expect(response.status, query).toBe(422);
      expect((errorDetail(response) as Array<{ loc: string[] }>)[0]?.loc[0]).toBe('query');
    }
    expect((await get(t.app, '/datasets?limit=1000')).status).toBe(200);
  });

  it('answers unknown paths with a JSON 404', async () => {
    const response = await get(t.app, '/no/such/route');
    expect(response.status).toBe(404);
    expect(errorDetail(response)).toContain('not found');
  });

  it('keeps the old value when a PUT fails validation', async () => {
    const response = await put(t.app, `/datasets/${dataset}`, { name: '' });
    expect(response.status).toBe(422);
    expect((await get(t.app, `/datasets/${dataset}`)).body.name).toBe('Base');
  });
});
