/**
 * Reading assets. The hot path serves stored renderings (see rendering.ts): a GET is one
 * primary-key SELECT; a list page reads its keys (the total riding along) from the listing index,
 * then the rows the rendered row cache does not hold. Assets whose stored rendering does not fit
 * the caller are rendered from a snapshot (rows, links, embedded contacts) in one more read.
 */
import type { Principal } from '../auth/principal.ts';
import type { Executor } from '../database/dialect.ts';
import { resourceByType, resourceOfIdentifier } from '../database/model/registry.ts';
import type { Json } from '../database/model/normalize.ts';
import type { ResourceType } from '../database/model/resource.ts';
import type { AssetRow } from '../database/tables.ts';
import { badRequest, notFound, unprocessable } from '../errors.ts';
import {
  type RenderedRow,
  type RenderingVariant,
  renderedById,
  renderedByIds,
  renderedByPlatformIdentifier,
  renderedPage,
} from '../repositories/asset-snapshots.ts';
import { type AssetListFilter, type AssetPage, findAsset } from '../repositories/assets.ts';
import { permissionsOf } from '../repositories/permissions.ts';
import { findPlatformByName } from '../repositories/platforms.ts';
import type { Catalogue } from './catalogue.ts';
import { IDENTIFIER_PATTERN } from './identifiers.ts';
import type { Viewer } from './render-snapshot.ts';
import { renderOnRead, storedTextFor, variantFor } from './rendering.ts';
import { LISTED_STATUSES, canView, refuseView } from './visibility.ts';

export type { Viewer } from './render-snapshot.ts';

/** Checks an identifier's shape for a type: 422 with AIoD's message when the prefix is wrong. */
export function requireIdentifierOfType(resource: ResourceType, identifier: string): void {
  if (identifier.startsWith(`${resource.prefix}_`) && IDENTIFIER_PATTERN.test(identifier)) return;
  let detail = `'${identifier}' is not a valid ${resource.type} identifier, valid ${resource.type} identifiers start with '${resource.prefix}'.`;
  const other = resourceOfIdentifier(identifier);
  if (other && other !== resource) detail += ` Did you mean to request a '${other.type}' instead?`;
  throw unprocessable(detail);
}

type Visible = { type: string; live: number | null; status: string; platform: string };

/** 404 unless the row is a live asset of `resource` (AIoD's messages, "because it was deleted"). */
function requireExisting(resource: ResourceType, identifier: string, row: Visible | undefined): asserts row is Visible {
  if (!row || row.type !== resource.type) throw notFound(`${resource.title} '${identifier}' not found in the database.`);
  if (row.live === null) {
    throw notFound(`${resource.title} '${identifier}' not found in the database, because it was deleted.`);
  }
}

/**
 * Lets the caller see the row or refuses as AIoD does: unpublished assets need a permission on
 * them (401 for anonymous callers, 403 otherwise). The permission is looked up only when needed.
 */
async function requireVisible(catalogue: Catalogue, resource: ResourceType, identifier: string, row: Visible | undefined, principal: Principal) {
  requireExisting(resource, identifier, row);
  if (canView(principal, row)) return;
  const permission =
    principal.subject === null ? undefined : (await permissionsOf(catalogue.database.kysely, principal.subject, [identifier])).get(identifier);
  if (!canView(principal, row, permission)) refuseView(principal);
}

/** The row of a live asset of `resource`, for a write (permissions are checked by the writer). */
export async function requireLiveAsset(executor: Executor, resource: ResourceType, identifier: string): Promise<AssetRow> {
  requireIdentifierOfType(resource, identifier);
  const row = await findAsset(executor, identifier);
  requireExisting(resource, identifier, row);
  return row as AssetRow;
}

/** JSON (UTF-8 bytes) of rows for this viewer: stored renderings where they fit, rendered on read otherwise. */
export async function textsOf(catalogue: Catalogue, rows: RenderedRow[], variant: RenderingVariant, viewer: Viewer): Promise<Uint8Array[]> {
  const texts = rows.map((row) => storedTextFor(row, variant));
  const missing = rows.filter((_, index) => texts[index] === undefined).map((row) => row.identifier);
  if (missing.length === 0) return texts as Uint8Array[];
  const rendered = await renderOnRead(catalogue, missing, viewer);
  return rows.map((row, index) => texts[index] ?? (rendered.get(row.identifier) as Uint8Array));
}

/**
 * JSON (UTF-8 bytes) of assets by identifier, as this viewer would see them, without visibility
 * checks (callers decide who may see them: owners, reviewers). Deleted ones are left out.
 */
function groupByType(identifiers: string[]): Map<string, string[]> {
  const byType = new Map<string, string[]>();
  for (const identifier of new Set(identifiers)) {
    const type = resourceOfIdentifier(identifier)?.type;
    if (type) byType.set(type, [...(byType.get(type) ?? []), identifier]);
  }
  return byType;
}

export async function assetTexts(catalogue: Catalogue, identifiers: string[], viewer: Viewer): Promise<Map<string, Uint8Array>> {
  const result = new Map<string, Uint8Array>();
  for (const [type, ids] of groupByType(identifiers)) {
    const variant = variantFor(resourceByType(type), viewer);
    const rows = (await renderedByIds(catalogue.database.reader, ids, variant)).filter((row) => row.live !== null);
    const texts = await textsOf(catalogue, rows, variant, viewer);
    rows.forEach((row, index) => result.set(row.identifier, texts[index] as Uint8Array));
  }
  return result;
}

/**
 * Read objects of the assets among `identifiers` that the viewer may see (for output formats that
 * show referenced assets: creators, funders, citations). Unseen or deleted ones are left out.
 */
export async function visibleAssetObjects(catalogue: Catalogue, identifiers: string[], viewer: Viewer): Promise<Map<string, Json>> {
  const byVariant: Array<{ variant: RenderingVariant; rows: RenderedRow[] }> = [];
  for (const [type, ids] of groupByType(identifiers)) {
    const variant = variantFor(resourceByType(type), viewer);
    const rows = (await renderedByIds(catalogue.database.reader, ids, variant)).filter((row) => row.live !== null);
    byVariant.push({ variant, rows });
  }
  const subject = viewer.principal.subject;
  const hidden = byVariant.flatMap(({ rows }) => rows.filter((row) => !canView(viewer.principal, row)).map((row) => row.identifier));
  const permissions = subject !== null && hidden.length > 0 ? await permissionsOf(catalogue.database.kysely, subject, hidden) : new Map();
  const objects = new Map<string, Json>();
  for (const { variant, rows } of byVariant) {
    const visible = rows.filter((row) => canView(viewer.principal, row, permissions.get(row.identifier)));
    // The rows read above carry their renderings: no second read.
    const texts = await textsOf(catalogue, visible, variant, viewer);
    visible.forEach((row, index) => objects.set(row.identifier, JSON.parse(Buffer.from(texts[index] as Uint8Array).toString('utf8')) as Json));
  }
  return objects;
}

/** One asset as the viewer sees it, as JSON (UTF-8 bytes). */
export async function getAssetText(
  catalogue: Catalogue,
  resource: ResourceType,
  identifier: string,
  viewer: Viewer,
): Promise<Uint8Array> {
  requireIdentifierOfType(resource, identifier);
  const variant = variantFor(resource, viewer);
  const row = await renderedById(catalogue.database.reader, identifier, variant);
  await requireVisible(catalogue, resource, identifier, row, viewer.principal);
  const [text] = await textsOf(catalogue, [row as RenderedRow], variant, viewer);
  return text as Uint8Array;
}

export async function getAssetTextByPlatformIdentifier(
  catalogue: Catalogue,
  resource: ResourceType,
  platform: string,
  platformResourceIdentifier: string,
  viewer: Viewer,
): Promise<Uint8Array> {
  const variant = variantFor(resource, viewer);
  const row = await renderedByPlatformIdentifier(
    catalogue.database.reader,
    resource.type,
    platform,
    platformResourceIdentifier,
    variant,
  );
  if (!row) {
    if (!(await findPlatformByName(catalogue.database.kysely, platform))) {
      throw badRequest(`platform '${platform}' not recognized.`);
    }
    throw notFound(`${resource.title} '${platformResourceIdentifier}' of '${platform}' not found in the database.`);
  }
  await requireVisible(catalogue, resource, row.identifier, row, viewer.principal);
  const [text] = await textsOf(catalogue, [row], variant, viewer);
  return text as Uint8Array;
}

export interface ListQuery {
  platform?: string;
  dateModifiedAfter?: string;
  dateModifiedBefore?: string;
  page: AssetPage;
}

/** A page of listed assets as JSON (UTF-8 bytes each), and the total. */
export async function listAssetTexts(
  catalogue: Catalogue,
  resource: ResourceType,
  query: ListQuery,
  viewer: Viewer,
): Promise<{ items: Uint8Array[]; total: number }> {
  const filter: AssetListFilter = {
    type: resource.type,
    statuses: LISTED_STATUSES,
    ...(query.platform !== undefined ? { platform: query.platform } : {}),
    ...(query.dateModifiedAfter !== undefined ? { dateModifiedAfter: query.dateModifiedAfter } : {}),
    ...(query.dateModifiedBefore !== undefined ? { dateModifiedBefore: query.dateModifiedBefore } : {}),
  };
  const variant = variantFor(resource, viewer);
  const { rows, total } = await renderedPage(catalogue.database.reader, catalogue.renderedRows, filter, query.page, variant);
  return { items: await textsOf(catalogue, rows, variant, viewer), total };
}
