/**
 * Prometheus metrics (prom-client), one registry per app so tests can build many apps. HTTP
 * metrics are labelled by the matched route pattern (`/datasets/:identifier`), never the raw path,
 * so their number stays bounded. Figures that live in the database (assets, connector runs,
 * indexer lag) are read when Prometheus scrapes, so every API replica reports the same truth.
 */
import type { MiddlewareHandler } from 'hono';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  middleware: MiddlewareHandler;
  /** Adds a gauge whose values are read (e.g. from the database) at every scrape. */
  gauge(name: string, help: string, labelNames: string[], read: () => Promise<Array<{ labels: Record<string, string>; value: number }>>): void;
}

const SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'aiod_http_requests_total',
    help: 'HTTP requests by method, matched route and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'aiod_http_request_duration_seconds',
    help: 'HTTP request latency by method, matched route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  // Each (method, route, status) series, looked up once: prom-client otherwise hashes the label
  // object on every call, a measurable part of a GET by id. Routes are patterns, so few series.
  const series = new Map<string, { requests: Counter.Internal; duration: Histogram.Internal<string> }>();
  const seriesOf = (method: string, route: string, status: number) => {
    const key = `${method} ${status} ${route}`;
    let found = series.get(key);
    if (!found) {
      const labels = { method, route, status: String(status) };
      series.set(key, (found = { requests: requests.labels(labels), duration: duration.labels(labels) }));
    }
    return found;
  };
  const middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    await next();
    const route = c.req.routePath === '/*' ? 'unmatched' : c.req.routePath;
    const { requests: count, duration: latency } = seriesOf(c.req.method, route, c.res.status);
    count.inc();
    latency.observe((performance.now() - started) / 1000);
  };
  return {
    registry,
    middleware,
    gauge(name, help, labelNames, read) {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          this.reset();
          for (const { labels, value } of await read()) this.set(labels, value);
        },
      });
    },
  };
}
