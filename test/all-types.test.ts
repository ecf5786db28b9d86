/**
 * Every resource type, driven by the model and its example: create → get → list → platform get →
 * PUT → PATCH → DELETE, on every dialect. A copy of each example (its references pointing at the
 * loaded examples) must read back with every field the example sets, equal to the example's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../src/database/model/normalize.ts';
import { resourceByPlural, resourceTypes } from '../src/database/model/registry.ts';
import { EXAMPLE_ORDER, loadExamples, readExamples } from '../src/services/examples.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { del, get, patch, post, put } from './helpers/http.ts';

const IGNORED = new Set(['platform', 'platform_resource_identifier', 'aiod_entry']);

describe('example data', () => {
  it('has one example for every type, loaded in an order that lists every type', () => {
    expect([...EXAMPLE_ORDER].sort()).toEqual(resourceTypes.map((resource) => resource.plural).sort());
    for (const plural of EXAMPLE_ORDER) expect(readExamples(plural).length, plural).toBeGreaterThan(0);
  });
});

describe.each(dialects)('every type on %s', (dialect) => {
  let t: TestCatalogue;
  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
    await loadExamples(t.catalogue);
  });
  afterAll(async () => t.close());

  /** The identifier of the loaded example `@plural:pid` refers to. */
  async function exampleIdentifier(reference: string): Promise<string> {
    const [plural, platformIdentifier] = reference.slice(1).split(/:(.*)/s) as [string, string];
    const response = await get(t.app, `/platforms/example/${plural}/${platformIdentifier}`);
    expect(response.status, reference).toBe(200);
    return response.body.identifier as string;
  }

  async function resolveReferences(value: unknown): Promise<unknown> {
    if (typeof value === 'string' && value.startsWith('@')) return exampleIdentifier(value);
    if (Array.isArray(value)) return Promise.all(value.map(resolveReferences));
    return value;
  }

  for (const plural of EXAMPLE_ORDER) {
    it(`${plural}: create, read, list, find by platform id, replace, patch and delete`, async () => {
      const resource = resourceByPlural(plural);
      if (!resource) throw new Error(plural);
      const example = readExamples(plural)[0] as Json;
      const original = (await get(t.app, `/platforms/example/${plural}/${example.platform_resource_identifier}`)).body;
      const body: Json = { platform: 'example', platform_resource_identifier: `${example.platform_resource_identifier as string}-copy` };
      for (const [key, value] of Object.entries(example)) {
        if (!IGNORED.has(key)) body[key] = await resolveReferences(value);
      }

      const created = await post(t.app, `/${plural}`, body);
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      const identifier = created.body.identifier as string;
      expect(identifier).toMatch(new RegExp(`^${resource.prefix}_[A-Za-z0-9]{24}$`));

      const read = (await get(t.app, `/${plural}/${identifier}`)).body;
      const fields = Object.keys(example).filter((key) => !IGNORED.has(key) && resource.fields[key]?.kind !== 'inverse');
      for (const key of fields) {
        expect(read[key], `${plural}.${key} is missing`).toBeDefined();
        if (Array.isArray(read[key])) expect((read[key] as unknown[]).length, `${plural}.${key} is empty`).toBeGreaterThan(0);
        expect(read[key], `${plural}.${key}`).toEqual(original[key]);
      }
      expect(read.identifier).toBe(identifier);
      for (const identityField of resource.identityFields) expect(read[identityField]).toBe(identifier);

      const list = await get(t.app, `/${plural}?limit=1000`);
      expect(list.body.map((item: Json) => item.identifier)).toContain(identifier);
      expect(list.headers.get('x-total-count')).toBe('2');
      const byPlatform = await get(t.app, `/platforms/example/${plural}/${body.platform_resource_identifier as string}`);
      expect(byPlatform.body.identifier).toBe(identifier);

      const nameField = resource.fields.name?.required ? { name: `${read.name as string} (replaced)` } : { name: 'Replaced' };
      expect((await put(t.app, `/${plural}/${identifier}`, { ...nameField })).status).toBe(200);
      const replaced = (await get(t.app, `/${plural}/${identifier}`)).body;
      expect(replaced.name).toBe(nameField.name);
      expect(replaced.platform_resource_identifier).toBe(body.platform_resource_identifier);
      for (const key of fields.filter((field) => field !== 'name')) {
        const value = replaced[key];
        const definition = resource.fields[key];
        const defaultValue = definition?.kind === 'boolean' ? definition.defaultValue : undefined;
        const cleared = value === undefined || value === defaultValue || (Array.isArray(value) && value.length === 0);
        expect(cleared, `${plural}.${key} survived PUT`).toBe(true);
      }

      const patched = await patch(t.app, `/${plural}/${identifier}`, { name: 'Patched', keyword: ['patched'] });
      expect(patched.status).toBe(200);
      expect(patched.body.name).toBe('Patched');
      if ('keyword' in resource.fields) expect(patched.body.keyword).toEqual(['patched']);

      expect((await del(t.app, `/${plural}/${identifier}`)).status).toBe(200);
      expect((await get(t.app, `/${plural}/${identifier}`)).status).toBe(404);
      expect((await get(t.app, `/counts/${plural}`)).body).toBe(1);
    });
  }
});
