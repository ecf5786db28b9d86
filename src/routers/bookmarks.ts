/** /bookmarks (reference v2 §2.5.11): GET lists, POST and DELETE take `?resource_identifier=`. */
import { z } from '@hono/zod-openapi';
import { addBookmark, listBookmarks, removeBookmark } from '../services/bookmarks.ts';
import type { Catalogue } from '../services/catalogue.ts';
import { listResponse } from '../http/responses.ts';
import type { VersionApp } from './app-env.ts';
import { commonErrors, errorResponse } from './parameters.ts';
import { addRoute } from './route.ts';

const BOOKMARK_LIMIT = 1000;
const bookmarkSchema = z.object({ resource_identifier: z.string(), created_at: z.string() }).openapi('Bookmark');
const resourceQuery = z.object({ resource_identifier: z.string().min(1) });

export function addBookmarkRoutes(app: VersionApp, catalogue: Catalogue): void {
  const tags = ['bookmarks'];
  addRoute(app, {
    method: 'get',
    path: '/bookmarks',
    tags,
    summary: 'List your bookmarks, oldest first',
    query: z.object({
      offset: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(BOOKMARK_LIMIT).default(BOOKMARK_LIMIT),
    }),
    responses: {
      200: { description: 'Bookmarks (total in X-Total-Count).', content: { 'application/json': { schema: z.array(bookmarkSchema) } } },
      401: errorResponse('Not signed in.'),
      ...commonErrors,
    },
    handler: async (c, { query }) => {
      const { items, total } = await listBookmarks(catalogue, c.get('principal'), query.offset, query.limit);
      return listResponse(c, items.map((item) => Buffer.from(JSON.stringify(item))), { offset: query.offset, limit: query.limit, total });
    },
  });
  addRoute(app, {
    method: 'post',
    path: '/bookmarks',
    tags,
    summary: 'Bookmark an asset (bookmarking it again is harmless)',
    query: resourceQuery,
    responses: {
      200: { description: 'The bookmark.', content: { 'application/json': { schema: bookmarkSchema } } },
      401: errorResponse('Not signed in.'),
      404: errorResponse('No such asset.'),
      ...commonErrors,
    },
    handler: async (c, { query }) => c.json(await addBookmark(catalogue, c.get('principal'), query.resource_identifier)),
  });
  addRoute(app, {
    method: 'delete',
    path: '/bookmarks',
    tags,
    summary: 'Remove a bookmark (removing a missing one is harmless)',
    query: resourceQuery,
    responses: {
      200: { description: 'Removed.', content: { 'application/json': { schema: z.null() } } },
      401: errorResponse('Not signed in.'),
      ...commonErrors,
    },
    handler: async (c, { query }) => {
      await removeBookmark(catalogue, c.get('principal'), query.resource_identifier);
      return c.json(null);
    },
  });
}
