/**
 * Reading assets. A single asset costs two queries (its row, then all its links with the embedded
 * contacts); a list page costs one query for the page, one for all links of the page and one for
 * the total — never more, whatever the page size.
 */
import type { Principal } from '../auth/principal.ts';
import type { Executor } from '../database/dialect.ts';
import { type Json, type StoredAsset, toReadObject } from '../database/model/normalize.ts';
import { resourceByType, resourceOfIdentifier, resourceTypes } from '../database/model/registry.ts';
import type { ResourceType } from '../database/model/resource.ts';
import type { ApiVersion } from '../database/model/schemas.ts';
import type { AssetRow } from '../database/tables.ts';
import { badRequest, notFound, unprocessable } from '../errors.ts';
import {
  type AssetListFilter,
  type AssetPage,
  countAssets,
  findAsset,
  findLiveAssetByPlatformIdentifier,
  listAssets,
} from '../repositories/assets.ts';
import { readCounts } from '../repositories/counts.ts';
import { type LoadedLink, loadLinks } from '../repositories/links.ts';
import { findPlatformByName } from '../repositories/platforms.ts';
import type { Catalogue } from './catalogue.ts';
import { IDENTIFIER_PATTERN } from './identifiers.ts';
import { LISTED_STATUSES, canView, presentAsset } from './visibility.ts';

/** Who reads, and in which API version's shape. */
export interface Viewer {
  principal: Principal;
  version: ApiVersion;
}

/** Stored field of an inverse relation → the name it is read under (has_part → is_part_of). */
const inverseReadName = new Map(
  resourceTypes.flatMap((resource) => resource.inverseFields.map(([name, definition]) => [definition.of, name] as const)),
);
const INVERSE_STORED_FIELDS = [...inverseReadName.keys()];
const CONTACT_FIELD = 'contact';

export function storedAsset(row: AssetRow, links: Map<string, string[]>): StoredAsset {
  return {
    identifier: row.identifier,
    platform: row.platform,
    platformResourceIdentifier: row.platform_resource_identifier,
    name: row.name,
    status: row.status,
    dateCreated: row.date_created,
    dateModified: row.date_modified,
    doc: JSON.parse(row.doc) as Json,
    links,
  };
}

function groupLinks(links: LoadedLink[]): Map<string, LoadedLink[]> {
  const byOwner = new Map<string, LoadedLink[]>();
  for (const link of links) {
    const list = byOwner.get(link.owner);
    if (list) list.push(link);
    else byOwner.set(link.owner, [link]);
  }
  for (const list of byOwner.values()) {
    list.sort((a, b) => a.position - b.position || (a.other < b.other ? -1 : a.other > b.other ? 1 : 0));
  }
  return byOwner;
}

function fieldMap(links: LoadedLink[] | undefined): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const link of links ?? []) {
    const name = link.inverse ? inverseReadName.get(link.field) : link.field;
    if (name === undefined) continue;
    const list = fields.get(name);
    if (list) list.push(link.other);
    else fields.set(name, [link.other]);
  }
  return fields;
}

function embeddedContacts(
  ownerLinks: LoadedLink[] | undefined,
  linksByOwner: Map<string, LoadedLink[]>,
  viewer: Viewer,
): Json[] {
  const contactType = resourceByType('contact');
  const result: Json[] = [];
  for (const link of ownerLinks ?? []) {
    if (link.inverse || link.field !== CONTACT_FIELD || link.otherDoc === null) continue;
    if (!canView(viewer.principal, { status: link.otherStatus, platform: link.otherPlatform ?? '' })) continue;
    const contact: StoredAsset = {
      identifier: link.other,
      platform: link.otherPlatform ?? '',
      platformResourceIdentifier: link.otherPlatformResourceIdentifier ?? '',
      name: link.otherName,
      status: link.otherStatus,
      dateCreated: link.otherDateCreated ?? '',
      dateModified: link.otherDateModified ?? '',
      doc: JSON.parse(link.otherDoc) as Json,
      links: fieldMap(linksByOwner.get(link.other)),
    };
    result.push(presentAsset(contactType, toReadObject(contactType, contact, viewer.version), contact, viewer.principal));
  }
  return result;
}

/** Stored assets for rows, with their links, in one query; also the links of embedded contacts. */
export async function loadStoredAssets(
  executor: Executor,
  rows: AssetRow[],
): Promise<{ stored: StoredAsset[]; linksByOwner: Map<string, LoadedLink[]> }> {
  const links = await loadLinks(
    executor,
    rows.map((row) => row.identifier),
    INVERSE_STORED_FIELDS,
    CONTACT_FIELD,
  );
  const linksByOwner = groupLinks(links);
  return { stored: rows.map((row) => storedAsset(row, fieldMap(linksByOwner.get(row.identifier)))), linksByOwner };
}

/** Turns asset rows into read objects, in the same order, with one query for all their links. */
export async function readObjects(executor: Executor, rows: AssetRow[], viewer: Viewer): Promise<Json[]> {
  const { stored, linksByOwner } = await loadStoredAssets(executor, rows);
  return stored.map((asset, index) => {
    const resource = resourceByType((rows[index] as AssetRow).type);
    const contacts = resource.embedsContacts
      ? embeddedContacts(linksByOwner.get(asset.identifier), linksByOwner, viewer)
      : undefined;
    return presentAsset(resource, toReadObject(resource, asset, viewer.version, { contacts }), asset, viewer.principal);
  });
}

/** Checks an identifier's shape for a type: 422 with AIoD's message when the prefix is wrong. */
export function requireIdentifierOfType(resource: ResourceType, identifier: string): void {
  if (identifier.startsWith(`${resource.prefix}_`) && IDENTIFIER_PATTERN.test(identifier)) return;
  let detail = `'${identifier}' is not a valid ${resource.type} identifier, valid ${resource.type} identifiers start with '${resource.prefix}'.`;
  const other = resourceOfIdentifier(identifier);
  if (other && other !== resource) detail += ` Did you mean to request a '${other.type}' instead?`;
  throw unprocessable(detail);
}

/** The row of a live asset of `resource`, or the 404 AIoD gives (with "because it was deleted"). */
export async function requireLiveAsset(executor: Executor, resource: ResourceType, identifier: string): Promise<AssetRow> {
  requireIdentifierOfType(resource, identifier);
  const row = await findAsset(executor, identifier);
  if (!row || row.type !== resource.type) {
    throw notFound(`${resource.title} '${identifier}' not found in the database.`);
  }
  if (row.live === null) {
    throw notFound(`${resource.title} '${identifier}' not found in the database, because it was deleted.`);
  }
  return row;
}

export async function getAsset(
  catalogue: Catalogue,
  resource: ResourceType,
  identifier: string,
  viewer: Viewer,
): Promise<Json> {
  const executor = catalogue.database.kysely;
  const row = await requireLiveAsset(executor, resource, identifier);
  if (!canView(viewer.principal, row)) throw notFound(`${resource.title} '${identifier}' not found in the database.`);
  const [object] = await readObjects(executor, [row], viewer);
  return object as Json;
}

export async function getAssetByPlatformIdentifier(
  catalogue: Catalogue,
  resource: ResourceType,
  platform: string,
  platformResourceIdentifier: string,
  viewer: Viewer,
): Promise<Json> {
  const executor = catalogue.database.kysely;
  if (!(await findPlatformByName(executor, platform))) throw badRequest(`platform '${platform}' not recognized.`);
  const row = await findLiveAssetByPlatformIdentifier(executor, resource.type, platform, platformResourceIdentifier);
  if (!row || !canView(viewer.principal, row)) {
    throw notFound(`${resource.title} '${platformResourceIdentifier}' of '${platform}' not found in the database.`);
  }
  const [object] = await readObjects(executor, [row], viewer);
  return object as Json;
}

export interface ListQuery {
  platform?: string;
  dateModifiedAfter?: string;
  dateModifiedBefore?: string;
  page: AssetPage;
}

export async function listAssetPage(
  catalogue: Catalogue,
  resource: ResourceType,
  query: ListQuery,
  viewer: Viewer,
): Promise<{ items: Json[]; total: number }> {
  const executor = catalogue.database.kysely;
  const filter: AssetListFilter = {
    type: resource.type,
    statuses: LISTED_STATUSES,
    ...(query.platform !== undefined ? { platform: query.platform } : {}),
    ...(query.dateModifiedAfter !== undefined ? { dateModifiedAfter: query.dateModifiedAfter } : {}),
    ...(query.dateModifiedBefore !== undefined ? { dateModifiedBefore: query.dateModifiedBefore } : {}),
  };
  const rows = await listAssets(executor, filter, query.page);
  const total = await countListed(executor, filter);
  return { items: await readObjects(executor, rows, viewer), total };
}

/** Totals come from the maintained counts unless a date filter asks for a real count. */
async function countListed(executor: Executor, filter: AssetListFilter): Promise<number> {
  if (filter.dateModifiedAfter !== undefined || filter.dateModifiedBefore !== undefined) {
    return countAssets(executor, filter);
  }
  const counts = await readCounts(executor, { type: filter.type, statuses: filter.statuses });
  return counts
    .filter((count) => filter.platform === undefined || count.platform === filter.platform)
    .reduce((sum, count) => sum + count.n, 0);
}
