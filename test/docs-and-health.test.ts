/** /health, the OpenAPI documents per version and Swagger UI served from local assets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { get } from './helpers/http.ts';

describe('documentation and health', () => {
  let t: TestCatalogue;
  beforeAll(async () => {
    t = await openTestCatalogue('sqlite');
  });
  afterAll(async () => t.close());

  it('reports health with deployment type, version and database reachability', async () => {
    const response = await get(t.app, '/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      deployment_type: 'test',
      database: { reachable: true, dialect: 'sqlite' },
    });
    expect(response.body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('serves an OpenAPI 3.1 document per version that documents every route and schema', async () => {
    for (const [path, server] of [['/openapi.json', '/'], ['/v2/openapi.json', '/v2'], ['/v3/openapi.json', '/v3']] as const) {
      const response = await get(t.app, path);
      expect(response.status).toBe(200);
      const document = response.body;
      expect(document.openapi).toBe('3.1.0');
      expect(document.servers[0].url).toBe(server);
      for (const route of ['/datasets', '/datasets/{identifier}', '/platforms/{platform}/datasets/{platform_identifier}', '/counts', '/counts/datasets', '/platforms', '/platforms/{identifier}']) {
        expect(document.paths[route], `${path} ${route}`).toBeDefined();
      }
      expect(Object.keys(document.paths['/datasets/{identifier}'])).toEqual(expect.arrayContaining(['get', 'put', 'patch', 'delete']));
      for (const schema of ['Dataset', 'DatasetCreate', 'DatasetPatch', 'Contact', 'Person', 'Organisation', 'Publication', 'Distribution', 'Error']) {
        expect(document.components.schemas[schema], schema).toBeDefined();
      }
      expect(document.components.schemas.DatasetCreate.required).toEqual(['name']);
    }
  });

  it('documents every type with an example request body', async () => {
    const { resourceTypes } = await import('../src/database/model/registry.ts');
    const document = (await get(t.app, '/openapi.json')).body;
    for (const resource of resourceTypes) {
      const post = document.paths[`/${resource.plural}`]?.post;
      expect(post, resource.plural).toBeDefined();
      const example = post.requestBody.content['application/json'].example;
      expect(example?.name, resource.plural).toEqual(expect.any(String));
      for (const path of [`/${resource.plural}/{identifier}`, `/platforms/{platform}/${resource.plural}`, `/counts/${resource.plural}`]) {
        expect(document.paths[path], path).toBeDefined();
      }
    }
    // Examples must be valid create bodies.
    const { createSchema } = await import('../src/database/model/schemas.ts');
    for (const resource of resourceTypes) {
      const example = document.paths[`/${resource.plural}`].post.requestBody.content['application/json'].example;
      expect(createSchema(resource, 'latest').safeParse(example).success, resource.plural).toBe(true);
    }
  });

  it('serves Swagger UI with its assets from this server, not a CDN', async () => {
    const page = await t.app.request('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
    const bundle = await t.app.request('/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await t.app.request('/docs/assets/../../package.json')).status).toBe(404);
    expect((await t.app.request('/v2/docs')).status).toBe(200);
  });

  it('serves ReDoc per version with its bundle from this server, as AIoD serves /redoc', async () => {
    for (const [path, document] of [['/redoc', '/openapi.json'], ['/v2/redoc', '/v2/openapi.json'], ['/v3/redoc', '/v3/openapi.json']]) {
      const page = await t.app.request(path as string);
      expect(page.status, path).toBe(200);
      const html = await page.text();
      expect(html).toContain(`spec-url="${document}"`);
      expect(html).toContain('/docs/assets/redoc.standalone.js');
      expect(html).not.toMatch(/https?:\/\//);
    }
    const bundle = await t.app.request('/docs/assets/redoc.standalone.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    const script = await bundle.text();
    expect(script.length).toBeGreaterThan(500_000);
    // The UMD bundle defines the global the page's <redoc> element is driven by.
    expect(script.includes('.Redoc=')).toBe(true);
  });

  it('redirects / to the documentation', async () => {
    const response = await t.app.request('/');
    expect(await response.text()).toContain('url=/docs');
  });
});

describe('serving under a URL prefix', () => {
  let t: TestCatalogue;
  beforeAll(async () => {
    t = await openTestCatalogue('sqlite', { settings: { URL_PREFIX: '/api' } });
  });
  afterAll(async () => t.close());

  it('serves routes, documentation and links under the prefix only', async () => {
    const created = await t.app.request('/api/datasets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Prefixed' }),
    });
    expect(created.status).toBe(200);
    for (let index = 0; index < 11; index += 1) {
      await t.app.request('/api/datasets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"More"}' });
    }
    const list = await t.app.request('/api/v2/datasets');
    expect(list.status).toBe(200);
    expect(list.headers.get('link')).toContain('/api/v2/datasets?');
    expect((await t.app.request('/datasets')).status).toBe(404);
    const document = (await (await t.app.request('/api/openapi.json')).json()) as { servers: Array<{ url: string }> };
    expect(document.servers[0]?.url).toBe('/api');
    expect(await (await t.app.request('/api/docs')).text()).toContain('/api/docs/assets/swagger-ui-bundle.js');
    expect(await (await t.app.request('/api/redoc')).text()).toContain('spec-url="/api/openapi.json"');
  });
});
