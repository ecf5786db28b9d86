/**
 * Who sees what, decided here for every route (reference v2 §5.3): lists, counts and search show
 * published assets only; an unpublished asset is visible to administrators and to users holding a
 * permission on it. `presentAsset` is the last step before any asset leaves the API.
 */
import { isAdmin, isAuthenticated, type Principal } from '../auth/principal.ts';
import type { Json, StoredAsset } from '../database/model/normalize.ts';
import type { ResourceType } from '../database/model/resource.ts';
import type { PermissionLevel } from '../database/tables.ts';
import { forbidden, unauthorized } from '../errors.ts';

export const PUBLISHED = 'published';

/** Statuses that lists, counts and search show. */
export const LISTED_STATUSES = [PUBLISHED];

export function canView(principal: Principal, asset: { status: string }, permission?: PermissionLevel): boolean {
  return asset.status === PUBLISHED || principal.trusted === true || isAdmin(principal) || permission !== undefined;
}

/** AIoD's answers for an asset the caller may not see: 401 for anonymous callers, 403 otherwise. */
export function refuseView(principal: Principal): never {
  if (!isAuthenticated(principal)) {
    throw unauthorized('This asset is not published. It requires authentication to access.');
  }
  throw forbidden('You are not allowed to view this resource.');
}

export const MASK = '******';
/** Platform whose people asked not to be shown by name, and the role that may see them anyway. */
const PRIVATE_PLATFORM = 'ai4europe_cms';
export const PRIVATE_PLATFORM_VIEWER_ROLE = 'full_view_ai4europe_cms_resources';

/**
 * Masks what the caller may not see (reference v1 §4.4): contact e-mail addresses for anonymous
 * callers, and names and e-mail addresses of ai4europe_cms people without the viewer role. Applied
 * to every asset on every route, embedded contacts included (AIoD leaks them on several routes).
 */
export function presentAsset(resource: ResourceType, object: Json, stored: StoredAsset, principal: Principal): Json {
  const privatePlatform = stored.platform === PRIVATE_PLATFORM && !principal.roles.has(PRIVATE_PLATFORM_VIEWER_ROLE);
  if (resource.type === 'contact') {
    const emails = object.email as string[] | undefined;
    if (emails && emails.length > 0 && (!isAuthenticated(principal) || privatePlatform)) {
      return { ...object, email: [MASK] };
    }
  }
  if (resource.type === 'person' && privatePlatform) {
    const masked: Json = { ...object };
    for (const key of ['name', 'given_name', 'surname']) if (key in masked) masked[key] = MASK;
    return masked;
  }
  return object;
}
