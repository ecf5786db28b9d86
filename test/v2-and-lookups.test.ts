/**
 * /v2 differences (total_cost_euro), /assets/{id}, the deprecated parent routes and the content
 * redirects, each with AIoD's error cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { del, errorDetail, get, patch, post } from './helpers/http.ts';

describe.each(dialects)('v2, lookups and content on %s', (dialect) => {
  let t: TestCatalogue;
  let dataset: string;
  let person: string;
  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
    dataset = (
      await post(t.app, '/datasets', {
        name: 'Two files',
        distribution: [
          { name: 'a', content_url: 'https://example.org/a.csv' },
          { name: 'b', content_url: 'https://example.org/b.csv' },
        ],
      })
    ).body.identifier;
    person = (await post(t.app, '/persons', { name: 'Agent person' })).body.identifier;
  });
  afterAll(async () => t.close());

  it('exposes total_cost_euro next to total_cost_euros in /v2 only, and accepts either on write', async () => {
    const created = await post(t.app, '/v2/projects', { name: 'Project', total_cost_euro: 1000 });
    expect(created.status).toBe(200);
    const identifier = created.body.identifier;
    const v2 = (await get(t.app, `/v2/projects/${identifier}`)).body;
    expect(v2.total_cost_euro).toBe(1000);
    expect(v2.total_cost_euros).toBe(1000);
    const latest = (await get(t.app, `/projects/${identifier}`)).body;
    expect(latest.total_cost_euros).toBe(1000);
    expect('total_cost_euro' in latest).toBe(false);
    const conflicting = await post(t.app, '/v2/projects', { name: 'X', total_cost_euro: 1, total_cost_euros: 2 });
    expect(conflicting.status).toBe(422);
    expect((await patch(t.app, `/v2/projects/${identifier}`, { total_cost_euro: 5 })).body.total_cost_euros).toBe(5);
    // Latest ignores the old name, as it ignores any unknown field.
    expect((await patch(t.app, `/projects/${identifier}`, { total_cost_euro: 9 })).body.total_cost_euros).toBe(5);
  });

  it('finds any asset by identifier at /assets/{id}', async () => {
    const response = await get(t.app, `/assets/${dataset}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual((await get(t.app, `/datasets/${dataset}`)).body);
    expect((await get(t.app, `/v2/assets/${person}`)).body.identifier).toBe(person);
    const unknownType = await get(t.app, '/assets/zzz_AAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknownType.status).toBe(404);
    expect(errorDetail(unknownType)).toContain("Unknown asset type with identifier 'zzz_AAAAAAAAAAAAAAAAAAAAAAAA'");
    const missing = await get(t.app, '/assets/data_AAAAAAAAAAAAAAAAAAAAAAAA');
    expect(missing.status).toBe(404);
    expect(errorDetail(missing)).toContain('No active asset found');
  });

  it('answers the deprecated parent routes for identifiers of their kind only', async () => {
    expect((await get(t.app, `/agents/${person}`)).body.identifier).toBe(person);
    expect((await get(t.app, `/ai_resources/${person}`)).body.identifier).toBe(person);
    expect((await get(t.app, `/ai_assets/${dataset}`)).body.identifier).toBe(dataset);
    const wrongKind = await get(t.app, `/agents/${dataset}`);
    expect(wrongKind.status).toBe(404);
    expect(errorDetail(wrongKind)).toBe(`Agent with identifier ${dataset} not found.`);
    expect((await get(t.app, `/ai_assets/${person}`)).status).toBe(404);
    const deleted = (await post(t.app, '/persons', { name: 'Leaving' })).body.identifier;
    await del(t.app, `/persons/${deleted}`);
    expect((await get(t.app, `/agents/${deleted}`)).status).toBe(404);
    const document = (await get(t.app, '/openapi.json')).body;
    expect(document.paths['/agents/{identifier}'].get.deprecated).toBe(true);
  });

  it('redirects content routes to distributions, with AIoD\'s error cases', async () => {
    const first = await t.app.request(`/datasets/${dataset}/content/0`);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('https://example.org/a.csv');
    expect((await t.app.request(`/v2/datasets/${dataset}/content/1`)).headers.get('location')).toBe('https://example.org/b.csv');
    const ambiguous = await get(t.app, `/datasets/${dataset}/content`);
    expect(ambiguous.status).toBe(409);
    expect(typeof errorDetail(ambiguous)).toBe('string');
    const outOfRange = await get(t.app, `/datasets/${dataset}/content/2`);
    expect(outOfRange.status).toBe(400);
    expect(errorDetail(outOfRange)).toBe('Distribution index out of range.');
    expect((await get(t.app, `/datasets/${dataset}/content/-1`)).status).toBe(422);

    const single = (await post(t.app, '/publications', { name: 'One file', distribution: [{ content_url: 'https://example.org/p.pdf' }] })).body.identifier;
    expect((await t.app.request(`/publications/${single}/content`)).headers.get('location')).toBe('https://example.org/p.pdf');
    const none = (await post(t.app, '/ml_models', { name: 'No files' })).body.identifier;
    const noDistribution = await get(t.app, `/ml_models/${none}/content`);
    expect(noDistribution.status).toBe(404);
    expect(errorDetail(noDistribution)).toBe('Distribution not found.');
    const noUrl = (await post(t.app, '/experiments', { name: 'No URL', distribution: [{ name: 'x' }] })).body.identifier;
    expect((await get(t.app, `/experiments/${noUrl}/content`)).status).toBe(404);
    // Computational assets have no content routes, as in AIoD.
    const computational = (await post(t.app, '/computational_assets', { name: 'Cluster' })).body.identifier;
    expect((await get(t.app, `/computational_assets/${computational}/content`)).status).toBe(404);
  });

  it('enforces reference kinds on the new types', async () => {
    const organisation = (await post(t.app, '/organisations', { name: 'Org' })).body.identifier;
    expect((await post(t.app, '/teams', { name: 'Team', member: [organisation] })).status).toBe(404);
    expect((await post(t.app, '/teams', { name: 'Team', member: [person], organisation })).status).toBe(200);
    expect((await post(t.app, '/projects', { name: 'P', coordinator: person })).status).toBe(404);
    expect((await post(t.app, '/projects', { name: 'P', produced: [person] })).status).toBe(404);
    expect((await post(t.app, '/projects', { name: 'P', produced: [dataset], coordinator: organisation })).status).toBe(200);
    expect((await post(t.app, '/events', { name: 'E', organiser: organisation, performer: [person] })).status).toBe(200);
    const contact = (await post(t.app, '/contacts', { name: 'C' })).body.identifier;
    expect((await post(t.app, '/resource_bundles', { name: 'B', includes_resource: [contact] })).status).toBe(404);
    expect((await post(t.app, '/resource_bundles', { name: 'B', includes_resource: [dataset, person] })).status).toBe(200);
    expect((await post(t.app, '/ml_models', { name: 'M', related_experiment: [dataset] })).status).toBe(404);
  });
});
