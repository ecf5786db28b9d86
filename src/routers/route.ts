/**
 * Declares one route: its OpenAPI description goes into the version's registry, its handler is a
 * plain Hono handler that receives validated path and query parameters. Bodies are read by the
 * handlers themselves (they need the raw JSON for merge patches and FastAPI-shaped errors).
 */
import { type RouteConfig, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { validationError } from '../errors.ts';
import type { AppEnv, VersionApp } from './app-env.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteDefinition<P extends z.ZodType, Q extends z.ZodType> {
  method: Method;
  /** OpenAPI path, with {parameters}. */
  path: string;
  /** Hono path when it differs from the OpenAPI one (e.g. a parameter that may contain "/"). */
  routingPath?: string;
  tags: string[];
  summary: string;
  description?: string;
  deprecated?: boolean;
  params?: P;
  query?: Q;
  body?: { schema: z.ZodType; description?: string; contentTypes?: string[]; example?: unknown };
  responses: RouteConfig['responses'];
  handler: (c: Context<AppEnv>, input: { params: z.infer<P>; query: z.infer<Q> }) => Response | Promise<Response>;
}

/** Query parameters as an object: repeated names become arrays, single ones stay strings. */
function queryObject(c: Context): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    result[name] = values.length === 1 ? (values[0] as string) : values;
  }
  return result;
}

function parse<T extends z.ZodType>(schema: T, value: unknown, target: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, target);
  return result.data;
}

const EMPTY = z.object({});

export function addRoute<P extends z.ZodType = typeof EMPTY, Q extends z.ZodType = typeof EMPTY>(
  app: VersionApp,
  definition: RouteDefinition<P, Q>,
): void {
  const { method, path, routingPath, params, query, body, handler, ...documentation } = definition;
  const request: RouteConfig['request'] = {};
  if (params) request.params = params as unknown as z.ZodObject;
  if (query) request.query = query as unknown as z.ZodObject;
  if (body) {
    const content: Record<string, { schema: z.ZodType; example?: unknown }> = {};
    for (const type of body.contentTypes ?? ['application/json']) {
      content[type] = body.example === undefined ? { schema: body.schema } : { schema: body.schema, example: body.example };
    }
    request.body = { required: true, content, ...(body.description ? { description: body.description } : {}) };
  }
  app.openAPIRegistry.registerPath({ method, path, request, ...documentation });
  const honoPath = routingPath ?? path.replaceAll(/\{([^}]+)\}/g, ':$1');
  app.on(method.toUpperCase(), honoPath, async (c) => {
    const parsedParams = params ? parse(params, c.req.param(), 'param') : {};
    const parsedQuery = query ? parse(query, queryObject(c), 'query') : {};
    return handler(c, { params: parsedParams as z.infer<P>, query: parsedQuery as z.infer<Q> });
  });
}
