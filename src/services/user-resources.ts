/**
 * GET /user/resources (reference v2 §2.5.10): every live asset the caller administers, whatever
 * its status, grouped by type (AIoD's table names). Paging and sorting apply across all types.
 */
import { requireSignedIn } from '../auth/policy.ts';
import { assetsWithPermission } from '../repositories/permissions.ts';
import { assetTexts, type Viewer } from './asset-reads.ts';
import type { Catalogue } from './catalogue.ts';

export interface UserResourcesPage {
  sort: 'date_created' | 'date_modified';
  direction: 'asc' | 'desc';
  offset: number;
  /** undefined: no limit. */
  limit: number | undefined;
}

/** `{"<type>": [read objects...]}` as JSON bytes. */
export async function userResources(catalogue: Catalogue, viewer: Viewer, page: UserResourcesPage): Promise<Uint8Array> {
  requireSignedIn(viewer.principal);
  const owned = await assetsWithPermission(catalogue.database.kysely, viewer.principal.subject as string, 'admin', page);
  const texts = await assetTexts(catalogue, owned.map((row) => row.identifier), viewer);
  const groups = new Map<string, Uint8Array[]>();
  for (const row of owned) {
    const text = texts.get(row.identifier);
    if (text) groups.set(row.type, [...(groups.get(row.type) ?? []), text]);
  }
  const parts: Buffer[] = [Buffer.from('{')];
  [...groups].forEach(([type, texts], groupIndex) => {
    if (groupIndex > 0) parts.push(Buffer.from(','));
    parts.push(Buffer.from(`${JSON.stringify(type)}:[`));
    texts.forEach((text, index) => {
      if (index > 0) parts.push(Buffer.from(','));
      parts.push(Buffer.from(text));
    });
    parts.push(Buffer.from(']'));
  });
  parts.push(Buffer.from('}'));
  return Buffer.concat(parts);
}
