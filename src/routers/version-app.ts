/**
 * One app per API version, built from the same declarations. `latest` serves `/` and `/v3`; `/v2`
 * differs only where the model or a route says so (reference v2 §2.3).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { resourceTypes } from '../database/model/registry.ts';
import type { ApiVersion } from '../database/model/schemas.ts';
import type { Catalogue } from '../services/catalogue.ts';
import type { AppEnv, VersionApp } from './app-env.ts';
import { addAssetRoutes } from './assets.ts';
import { addAuthorizationRoutes } from './authorization.ts';
import { addBookmarkRoutes } from './bookmarks.ts';
import { addConnectorRoutes } from './connectors.ts';
import { addContentRoutes } from './content.ts';
import { addImageRoutes } from './images.ts';
import { addOaiPmhRoutes } from './oai-pmh.ts';
import { addCountRoutes } from './counts.ts';
import { addPermissionRoutes } from './permissions.ts';
import { addPlatformRoutes } from './platforms.ts';
import { addResourceRoutes } from './resources.ts';
import { addReviewRoutes } from './reviews.ts';
import { addSearchRoutes } from './search.ts';
import { addStatsRoutes } from './stats.ts';
import { addTaxonomyRoutes } from './taxonomies.ts';
import { addUserResourceRoutes } from './user-resources.ts';

export function buildVersionApp(version: ApiVersion, catalogue: Catalogue): VersionApp {
  const app = new OpenAPIHono<AppEnv>();
  addCountRoutes(app, catalogue);
  addPlatformRoutes(app, catalogue);
  for (const resource of resourceTypes) {
    addResourceRoutes(app, resource, { catalogue, version });
    if (resource.contentRoutes) addContentRoutes(app, resource, { catalogue, version });
    if (resource.imageRoutes) addImageRoutes(app, resource, { catalogue, version });
  }
  addTaxonomyRoutes(app, catalogue, version);
  addAssetRoutes(app, catalogue, version);
  addAuthorizationRoutes(app);
  addPermissionRoutes(app, catalogue);
  addReviewRoutes(app, catalogue, version);
  addBookmarkRoutes(app, catalogue);
  addUserResourceRoutes(app, catalogue, version);
  addSearchRoutes(app, catalogue, version);
  addStatsRoutes(app, catalogue);
  addConnectorRoutes(app, catalogue);
  // New with this catalogue: not part of the /v2 surface.
  if (version !== 'v2') addOaiPmhRoutes(app, catalogue);
  return app;
}
