/**
 * createApp: the whole HTTP API from its dependencies. Production, tests and benchmarks build the
 * app with this one factory, so tests exercise exactly what is deployed.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type Authenticator, bearerAuthenticator } from './auth/authenticator.ts';
import { ApiError, createErrorHandler, errorBody } from './errors.ts';
import { requireJsonBodies } from './http/content-type.ts';
import { corsHeaders } from './http/cors.ts';
import type { AppEnv } from './routers/app-env.ts';
import { addDocumentationRoutes } from './routers/docs.ts';
import { addHealthRoute } from './routers/health.ts';
import { imagePath } from './routers/images.ts';
import { OAI_PATH } from './routers/oai-pmh.ts';
import { buildVersionApp } from './routers/version-app.ts';
import { resourceTypes } from './database/model/registry.ts';
import { registerCatalogueMetrics, registerHarvestMetrics } from './observability/catalogue-metrics.ts';
import { createMetrics } from './observability/metrics.ts';
import { hitCounterOf } from './services/asset-hits.ts';
import type { Catalogue } from './services/catalogue.ts';

export interface AppDependencies {
  catalogue: Catalogue;
  /** How requests become principals; without one every caller is anonymous and tokens are refused. */
  authenticator?: Authenticator;
}

export function createApp({ catalogue, authenticator = bearerAuthenticator(undefined) }: AppDependencies): Hono<AppEnv> {
  const { settings, logger } = catalogue;
  const api = new Hono<AppEnv>();
  const metrics = createMetrics();
  registerCatalogueMetrics(metrics, catalogue);
  registerHarvestMetrics(metrics, catalogue);

  api.use(
    corsHeaders({
      origins: settings.CORS_ORIGINS,
      exposeHeaders: ['X-Total-Count', 'Link', 'ETag', 'Retry-After', 'RateLimit', 'RateLimit-Policy', 'X-Request-ID'],
    }),
  );
  api.use(async (c, next) => {
    const started = performance.now();
    const requestId = c.req.header('x-request-id') ?? crypto.randomUUID();
    c.set('requestId', requestId);
    // Set before next(): adding a header after the response exists makes @hono/node-server turn its
    // lightweight response into a full web Response, which costs more than the rest of a GET.
    c.header('X-Request-ID', requestId);
    await next();
    const milliseconds = Math.round((performance.now() - started) * 100) / 100;
    const line = { requestId, method: c.req.method, path: c.req.path, status: c.res.status, milliseconds };
    if (milliseconds >= settings.SLOW_REQUEST_MS) logger.warn(line, 'slow request');
    else logger.info(line, 'request');
  });
  api.use(metrics.middleware);
  const hits = hitCounterOf(catalogue);
  api.use(async (c, next) => {
    await next();
    if (c.req.method === 'GET' && c.res.status === 200) hits.recordRead(c.req.path);
  });
  api.on(
    ['POST', 'PUT', 'PATCH'],
    '*',
    bodyLimit({
      maxSize: settings.BODY_LIMIT_BYTES,
      onError: () => {
        throw new ApiError(413, `The request body is larger than ${settings.BODY_LIMIT_BYTES} bytes.`);
      },
    }),
  );
  // Image uploads are multipart (AIoD's exemption).
  api.use(requireJsonBodies([...resourceTypes.filter((resource) => resource.imageRoutes).map(imagePath), OAI_PATH]));
  api.use(async (c, next) => {
    c.set('principal', await authenticator(c));
    await next();
  });

  addHealthRoute(api, catalogue);
  api.get('/metrics', async (c) =>
    c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }),
  );
  const latest = buildVersionApp('latest', catalogue);
  const v2 = buildVersionApp('v2', catalogue);
  addDocumentationRoutes(api, settings.URL_PREFIX, [
    { path: '', label: 'latest', app: latest },
    { path: '/v3', label: 'v3', app: latest },
    { path: '/v2', label: 'v2', app: v2 },
  ], { issuer: settings.OIDC_ISSUER, clientId: settings.OIDC_SWAGGER_CLIENT_ID });
  api.route('/v2', v2);
  api.route('/v3', latest);
  api.route('/', latest);

  const root = new Hono<AppEnv>();
  root.onError(createErrorHandler(logger));
  root.notFound((c) => c.json(errorBody(`Path ${c.req.path} not found.`), 404));
  root.route(settings.URL_PREFIX || '/', api);
  return root;
}
