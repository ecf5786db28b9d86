/** /metrics in Prometheus format, and JSON logs that carry the request id and the error reference. */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { get, post } from './helpers/http.ts';
import { anonymous, operator } from '../src/auth/principal.ts';
import { exampleConnector } from '../src/connectors/example/index.ts';
import { runConnector } from '../src/connectors/runner.ts';
import { indexPendingChanges } from '../src/search/indexer.ts';

describe('observability', () => {
  let t: TestCatalogue;
  const lines: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    t = await openTestCatalogue('sqlite');
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    t.catalogue.logger = pino({ level: 'debug' }, sink);
  });
  afterAll(async () => t.close());

  it('counts requests and latency by route pattern and status, and reports catalogue gauges', async () => {
    const app = t.appWith(async () => operator('test'));
    const identifier = (await post(app, '/datasets', { name: 'Measured' })).body.identifier;
    await get(app, `/datasets/${identifier}`);
    await get(app, `/datasets/${identifier}`);
    await get(app, '/datasets/data_AAAAAAAAAAAAAAAAAAAAAAAA');
    // The first anonymous list reads the row, the second finds it in the rendered row cache.
    const reader = t.appWith(async () => anonymous);
    for (let round = 0; round < 2; round += 1) expect((await get(reader, '/datasets')).body).toHaveLength(1);
    // Counting two words' matches reads the entry sets of the one found: the first search from the
    // database, the second from the search cache.
    await indexPendingChanges(t.catalogue);
    for (let round = 0; round < 2; round += 1) {
      expect((await get(reader, '/search/datasets?search_query=measured%20unheard&sort=date_modified')).body).toMatchObject({ total_hits: 1 });
    }
    const response = await app.request('/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('aiod_http_requests_total{method="GET",route="/datasets/:identifier",status="200"} 2');
    expect(text).toContain('aiod_http_requests_total{method="GET",route="/datasets/:identifier",status="404"} 1');
    expect(text).toContain('aiod_http_requests_total{method="POST",route="/datasets",status="200"} 1');
    expect(text).toMatch(/aiod_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/datasets\/:identifier",status="200"\} 2/);
    expect(text).toContain('aiod_assets{type="dataset",platform="aiod",status="published"} 1');
    expect(text).toContain('aiod_stale_renderings 0');
    expect(text).toContain('aiod_read_cache_lookups{outcome="hit"} 1');
    expect(text).toContain('aiod_read_cache_lookups{outcome="miss"} 1');
    expect(text).toMatch(/aiod_read_cache_bytes [1-9]\d+/);
    expect(text).toContain('aiod_search_cache_lookups{cache="word_sets",outcome="hit"} 1');
    expect(text).toContain('aiod_search_cache_lookups{cache="word_sets",outcome="miss"} 1');
    expect(text).toMatch(/aiod_search_cache_bytes\{cache="word_sets"\} [1-9]\d+/);
    expect(text).toContain('aiod_search_cache_bytes{cache="facet_blocks"} 0');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).not.toContain(identifier);
  });

  it('reports connector runs and records, and how far the search indexer trails the change log', async () => {
    const app = t.appWith(async () => operator('test'));
    await runConnector(t.catalogue, exampleConnector);
    await indexPendingChanges(t.catalogue);
    await post(app, '/datasets', { name: 'Not indexed yet' });
    const text = await (await app.request('/metrics')).text();
    expect(text).toContain('aiod_connector_runs{connector="example",status="succeeded"} 1');
    const created = Number(/aiod_connector_records\{connector="example",outcome="created"\} (\d+)/.exec(text)?.[1]);
    expect(created).toBeGreaterThan(15);
    expect(text).toMatch(/aiod_connector_last_success_timestamp_seconds\{connector="example"\} \d+/);
    expect(text).toMatch(/aiod_search_indexer_lag\{consumer="[a-z]+"\} 1\n/);
  });

  it('logs every request as JSON with its request id, and errors with the reference the caller got', async () => {
    const app = t.appWith(async () => operator('test'));
    const ok = await app.request('/health', { headers: { 'x-request-id': 'trace-42' } });
    expect(ok.headers.get('x-request-id')).toBe('trace-42');
    expect(lines.some((line) => line.requestId === 'trace-42' && line.path === '/health' && line.status === 200)).toBe(true);

    const refused = await get(app, '/datasets/data_AAAAAAAAAAAAAAAAAAAAAAAA');
    const refusedId = refused.headers.get('x-request-id');
    expect(lines.some((line) => line.reference === refused.body.reference && line.requestId === refusedId)).toBe(true);

    // An unexpected failure (the database is gone) is a 500 whose reference is in the error log.
    const broken = await openTestCatalogue('sqlite');
    broken.catalogue.logger = t.catalogue.logger;
    const brokenApp = broken.appWith(async () => operator('test'));
    await broken.catalogue.database.close();
    const failed = await get(brokenApp, '/platforms');
    expect(failed.status).toBe(500);
    expect(failed.body.detail).not.toContain('SQL');
    const logged = lines.find((line) => line.reference === failed.body.reference);
    expect(logged?.level).toBe(50);
    expect(logged?.requestId).toBe(failed.headers.get('x-request-id'));
    await broken.close().catch(() => undefined);
  });
});
