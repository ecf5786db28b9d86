/**
 * How a request becomes a Principal. Until Keycloak sign-in lands, every request runs as the
 * built-in development administrator: it may write everything, set platform fields, and what it
 * creates is published at once. This file is the one place to replace.
 */
import type { Context } from 'hono';
import { DEVELOPMENT_ROLE } from './policy.ts';
import { ADMIN_ROLE, type Principal } from './principal.ts';

export type Authenticator = (c: Context) => Promise<Principal>;

export const developmentAdministrator: Principal = {
  subject: 'development-administrator',
  username: 'development-administrator',
  roles: new Set([ADMIN_ROLE, DEVELOPMENT_ROLE]),
};

export const developmentAuthenticator: Authenticator = async () => developmentAdministrator;
