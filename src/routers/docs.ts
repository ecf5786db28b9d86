/**
 * OpenAPI 3.1 documents per version, Swagger UI (`/docs`) and ReDoc (`/redoc`) as AIoD serves
 * them, both from their npm packages' bundles (no CDN). Documents are generated on first request
 * and kept: they only change with the code.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';
import { CATALOGUE_VERSION } from '../version.ts';
import type { AppEnv, VersionApp } from './app-env.ts';

const require = createRequire(import.meta.url);
const SWAGGER_DIRECTORY = dirname(require.resolve('swagger-ui-dist/package.json'));
const REDOC_DIRECTORY = join(dirname(require.resolve('redoc/package.json')), 'bundles');
const JAVASCRIPT = 'application/javascript; charset=utf-8';
/** The files under /docs/assets/: where each lives and its content type. */
const DOCUMENTATION_ASSETS: Record<string, { directory: string; type: string }> = {
  'swagger-ui.css': { directory: SWAGGER_DIRECTORY, type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { directory: SWAGGER_DIRECTORY, type: JAVASCRIPT },
  'swagger-ui-standalone-preset.js': { directory: SWAGGER_DIRECTORY, type: JAVASCRIPT },
  'favicon-32x32.png': { directory: SWAGGER_DIRECTORY, type: 'image/png' },
  'redoc.standalone.js': { directory: REDOC_DIRECTORY, type: JAVASCRIPT },
};

/** How Swagger UI signs in: Keycloak (authorization code + PKCE) when configured, or a pasted token. */
export interface DocumentationSignIn {
  issuer: string;
  clientId: string;
}

export interface DocumentedVersion {
  /** Path segment: '' for latest, '/v2', '/v3'. */
  path: string;
  label: string;
  app: VersionApp;
}

const DESCRIPTION =
  'A metadata catalogue of AI resources, wire-compatible with the AI-on-Demand (AIoD) REST API. ' +
  'Lists return bare JSON arrays with the total in `X-Total-Count` and the next page in `Link`. ' +
  'Single assets carry an `ETag`. Errors are `{"detail": ..., "reference": ...}`.';

function documentFor(version: DocumentedVersion, prefix: string, signIn: DocumentationSignIn) {
  const document = version.app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'AIoD Metadata Catalogue', version: CATALOGUE_VERSION, description: DESCRIPTION },
    servers: [{ url: `${prefix}${version.path}` || '/' }],
  });
  // Reads are public and writes need a token; every operation accepts one, none demands it here
  // (the API answers 401 where a token is required).
  const schemes: Record<string, unknown> = {
    bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Keycloak access token (or, in development, one from the `token` command).' },
  };
  if (signIn.issuer) {
    schemes.keycloak = { type: 'openIdConnect', openIdConnectUrl: `${signIn.issuer.replace(/\/$/, '')}/.well-known/openid-configuration` };
  }
  return {
    ...document,
    components: { ...document.components, securitySchemes: schemes },
    security: [...Object.keys(schemes).map((name) => ({ [name]: [] })), {}],
  };
}

function swaggerPage(prefix: string, versions: DocumentedVersion[], primary: DocumentedVersion, signIn: DocumentationSignIn): string {
  const urls = [primary, ...versions.filter((version) => version !== primary)].map((version) => ({
    url: `${prefix}${version.path}/openapi.json`,
    name: version.label,
  }));
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>AIoD Metadata Catalogue - API documentation</title>
  <link rel="stylesheet" href="${prefix}/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="${prefix}/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${prefix}/docs/assets/swagger-ui-bundle.js"></script>
  <script src="${prefix}/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      urls: ${JSON.stringify(urls)},
      dom_id: '#swagger-ui',
      deepLinking: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: 'StandaloneLayout',
      oauth2RedirectUrl: window.location.origin + '${prefix}/docs/oauth2-redirect',
    });
    window.ui.initOAuth({
      clientId: ${JSON.stringify(signIn.clientId)},
      usePkceWithAuthorizationCodeGrant: true,
      scopes: 'openid profile roles',
      appName: 'AIoD Metadata Catalogue',
    });
  </script>
</body>
</html>`;
}

/** ReDoc's reading view of one version's document. */
function redocPage(prefix: string, version: DocumentedVersion): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>AIoD Metadata Catalogue ${version.label} - ReDoc</title>
  <link rel="icon" href="${prefix}/docs/assets/favicon-32x32.png">
</head>
<body>
  <redoc spec-url="${prefix}${version.path}/openapi.json"></redoc>
  <script src="${prefix}/docs/assets/redoc.standalone.js"></script>
</body>
</html>`;
}

export function addDocumentationRoutes(
  app: Hono<AppEnv>,
  prefix: string,
  versions: DocumentedVersion[],
  signIn: DocumentationSignIn,
): void {
  const documents = new Map<DocumentedVersion, string>();
  for (const version of versions) {
    app.get(`${version.path}/openapi.json`, (c) => {
      let text = documents.get(version);
      if (text === undefined) {
        text = JSON.stringify(documentFor(version, prefix, signIn));
        documents.set(version, text);
      }
      return c.body(text, 200, { 'Content-Type': 'application/json' });
    });
    app.get(`${version.path}/docs`, (c) => c.html(swaggerPage(prefix, versions, version, signIn)));
    app.get(`${version.path}/redoc`, (c) => c.html(redocPage(prefix, version)));
  }
  app.get('/docs/oauth2-redirect', (c) =>
    c.body(readFileSync(join(SWAGGER_DIRECTORY, 'oauth2-redirect.html')), 200, { 'Content-Type': 'text/html; charset=utf-8' }),
  );
  const assetCache = new Map<string, Buffer>();
  app.get('/docs/assets/:file', (c) => {
    const file = c.req.param('file');
    const asset = DOCUMENTATION_ASSETS[file];
    if (!asset) return c.notFound();
    let content = assetCache.get(file);
    if (!content) {
      content = readFileSync(join(asset.directory, file));
      assetCache.set(file, content);
    }
    return c.body(new Uint8Array(content), 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=86400' });
  });
  app.get('/', (c) =>
    c.html(`<!doctype html><html><head><meta http-equiv="refresh" content="0; url=${prefix}/docs"></head>` +
      `<body><a href="${prefix}/docs">API documentation</a></body></html>`),
  );
}
