/** The variables every request carries through the Hono app. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Principal } from '../auth/principal.ts';

export interface AppEnv {
  Variables: {
    principal: Principal;
    requestId: string;
  };
}

export type VersionApp = OpenAPIHono<AppEnv>;
