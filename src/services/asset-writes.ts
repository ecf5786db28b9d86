/**
 * Writing assets: create, replace (PUT), merge-patch (PATCH) and soft delete. Every check happens
 * before the transaction; the transaction writes the row, its links and terms, the counts and the
 * change log together, so a failure leaves nothing half-written. Updates are conditional on the
 * revision that was checked, so concurrent writers cannot overwrite each other unnoticed.
 */
import type { Transaction } from 'kysely';
import { mayDelete, mayEdit, PlatformFieldsError, resolvePlatformFields, statusOfNewAsset } from '../auth/policy.ts';
import { isUniqueViolation } from '../database/dialect.ts';
import { EDITOR_LINK_FIELD } from '../database/model/fields.ts';
import {
  foldAliases,
  type Json,
  type LinkGroup,
  type StoredAsset,
  toWritableObject,
  toWriteModel,
  type WriteModel,
} from '../database/model/normalize.ts';
import type { ResourceType } from '../database/model/resource.ts';
import { createSchema } from '../database/model/schemas.ts';
import type { AssetRow, Tables } from '../database/tables.ts';
import { badRequest, conflict, forbidden, preconditionFailed, unprocessable, validationError } from '../errors.ts';
import { snapshotByIds } from '../repositories/asset-snapshots.ts';
import { findLiveAssetByPlatformIdentifier, insertAsset, updateAssetAtRevision } from '../repositories/assets.ts';
import { appendChange } from '../repositories/change-log.ts';
import { adjustCount, moveCount } from '../repositories/counts.ts';
import { deleteLinksOf, replaceIncomingLinks, replaceOutgoingLinks } from '../repositories/links.ts';
import { findPlatformByName } from '../repositories/platforms.ts';
import { addTermsIfMissing, replaceAssetTerms } from '../repositories/terms.ts';
import { getAssetText, requireLiveAsset, type Viewer } from './asset-reads.ts';
import { SNAPSHOT_OPTIONS, storedAssets } from './render-snapshot.ts';
import { linkedAssets, refreshRenderings, renderingDependents } from './rendering.ts';
import { type Catalogue, timestamp } from './catalogue.ts';
import { newIdentifier } from './identifiers.ts';
import { applyMergePatch } from './merge-patch.ts';
import { platformIdentifierProblem } from './platform-identifiers.ts';
import { checkReferences } from './references.ts';
import { type ResolvedTerms, resolveTerms } from './terms.ts';

/** A check of the current representation (JSON bytes) before writing (HTTP If-Match), false → 412. */
export type Precondition = (current: Uint8Array) => boolean;

interface PreparedWrite {
  model: WriteModel;
  platform: string;
  platformResourceIdentifier: string;
  terms: ResolvedTerms;
  links: LinkGroup[];
}

function editorGroup(model: WriteModel): LinkGroup {
  return { field: EDITOR_LINK_FIELD, target: 'person', identifiers: model.editor };
}

function duplicateMessage(resource: ResourceType, identifier: string): string {
  return `There already exists a ${resource.type} with the same platform and platform_resource_identifier, with identifier=${identifier}.`;
}

async function requirePlatform(catalogue: Catalogue, platform: string, platformResourceIdentifier: string) {
  if (!(await findPlatformByName(catalogue.database.kysely, platform))) {
    throw preconditionFailed(
      `Platform ${platform} does not exist. You can register it using the POST platforms endpoint.`,
    );
  }
  const problem = platformIdentifierProblem(platform, platformResourceIdentifier);
  if (problem) throw unprocessable([{ loc: ['body', 'platform_resource_identifier'], msg: problem, type: 'value_error' }]);
}

async function requireNoDuplicate(
  catalogue: Catalogue,
  resource: ResourceType,
  platform: string,
  platformResourceIdentifier: string,
  self?: string,
) {
  const existing = await findLiveAssetByPlatformIdentifier(
    catalogue.database.kysely,
    resource.type,
    platform,
    platformResourceIdentifier,
  );
  if (existing && existing.identifier !== self) throw conflict(duplicateMessage(resource, existing.identifier));
}

/** All checks of a write body that need no transaction: platform, terms, references. */
async function prepareWrite(
  catalogue: Catalogue,
  resource: ResourceType,
  viewer: Viewer,
  body: Json,
  platformFields: (model: WriteModel) => { platform: string; platformResourceIdentifier: string },
  self?: string,
): Promise<PreparedWrite> {
  const model = toWriteModel(resource, foldAliases(resource, body));
  let platformValues: { platform: string; platformResourceIdentifier: string };
  try {
    platformValues = platformFields(model);
  } catch (error) {
    if (error instanceof PlatformFieldsError) throw badRequest(error.message);
    throw error;
  }
  const { platform, platformResourceIdentifier } = platformValues;
  await requirePlatform(catalogue, platform, platformResourceIdentifier);
  await requireNoDuplicate(catalogue, resource, platform, platformResourceIdentifier, self);
  const executor = catalogue.database.kysely;
  const terms = await resolveTerms(executor, resource, model.doc, viewer.principal);
  const links = [...model.links, editorGroup(model)];
  await checkReferences(executor, [...links, ...model.inverse]);
  return { model, platform, platformResourceIdentifier, terms, links };
}

/** Writes links, terms and the change log of an asset inside the write transaction. */
async function writeRelations(
  catalogue: Catalogue,
  trx: Transaction<Tables>,
  resource: ResourceType,
  identifier: string,
  prepared: PreparedWrite,
): Promise<void> {
  const linkFields = [...resource.linkFields.map(([name]) => name), EDITOR_LINK_FIELD];
  await replaceOutgoingLinks(
    trx,
    identifier,
    linkFields,
    prepared.links.map((group) => ({ field: group.field, targets: group.identifiers })),
  );
  for (const group of prepared.model.inverse) {
    await replaceIncomingLinks(trx, identifier, group.field, group.identifiers);
  }
  await addTermsIfMissing(trx, catalogue.database.dialect, prepared.terms.newTerms);
  await replaceAssetTerms(trx, identifier, prepared.terms.assetTerms);
}

/** Runs a write transaction; a unique-key race on the platform id becomes the usual 409. */
async function inWriteTransaction(
  catalogue: Catalogue,
  resource: ResourceType,
  prepared: PreparedWrite,
  work: (trx: Transaction<Tables>) => Promise<void>,
): Promise<void> {
  try {
    await catalogue.database.kysely.transaction().execute(work);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await findLiveAssetByPlatformIdentifier(
      catalogue.database.kysely,
      resource.type,
      prepared.platform,
      prepared.platformResourceIdentifier,
    );
    if (existing) throw conflict(duplicateMessage(resource, existing.identifier));
    throw error;
  }
}

export async function createAsset(
  catalogue: Catalogue,
  resource: ResourceType,
  body: Json,
  viewer: Viewer,
): Promise<string> {
  const identifier = newIdentifier(resource.prefix);
  const prepared = await prepareWrite(catalogue, resource, viewer, body, (model) =>
    resolvePlatformFields(
      viewer.principal,
      { platform: model.platform, platformResourceIdentifier: model.platformResourceIdentifier },
      identifier,
    ),
  );
  const now = timestamp(catalogue);
  const status = statusOfNewAsset(viewer.principal, catalogue.settings.DISABLE_REVIEWS);
  await inWriteTransaction(catalogue, resource, prepared, async (trx) => {
    await insertAsset(trx, {
      identifier,
      type: resource.type,
      platform: prepared.platform,
      platform_resource_identifier: prepared.platformResourceIdentifier,
      name: prepared.model.name,
      status,
      date_created: now,
      date_modified: now,
      date_deleted: null,
      live: 1,
      revision: 1,
      doc: JSON.stringify(prepared.terms.doc),
    });
    await writeRelations(catalogue, trx, resource, identifier, prepared);
    await refreshRenderings(trx, [identifier, ...(await renderingDependents(trx, identifier))]);
    await adjustCount(trx, catalogue.database.dialect, { type: resource.type, platform: prepared.platform, status }, 1);
    await appendChange(trx, { identifier, type: resource.type, action: 'create', revision: 1, at: now });
  });
  return identifier;
}

async function checkPrecondition(
  catalogue: Catalogue,
  resource: ResourceType,
  row: AssetRow,
  viewer: Viewer,
  precondition?: Precondition,
) {
  if (precondition && !precondition(await getAssetText(catalogue, resource, row.identifier, viewer))) {
    throw preconditionFailed('The asset has changed since it was read: If-Match does not match its current ETag.');
  }
}

/** Platform fields on replace: omitted keeps the current ones; changing them needs the right to set them. */
function platformFieldsOnReplace(viewer: Viewer, row: AssetRow) {
  return (model: WriteModel) => {
    const platform = model.platform ?? row.platform;
    const platformResourceIdentifier = model.platformResourceIdentifier ?? row.platform_resource_identifier;
    if (platform === row.platform && platformResourceIdentifier === row.platform_resource_identifier) {
      return { platform, platformResourceIdentifier };
    }
    return resolvePlatformFields(viewer.principal, { platform, platformResourceIdentifier }, row.identifier);
  };
}

async function replaceRow(
  catalogue: Catalogue,
  resource: ResourceType,
  row: AssetRow,
  body: Json,
  viewer: Viewer,
): Promise<void> {
  const prepared = await prepareWrite(catalogue, resource, viewer, body, platformFieldsOnReplace(viewer, row), row.identifier);
  const now = timestamp(catalogue);
  const revision = row.revision + 1;
  await inWriteTransaction(catalogue, resource, prepared, async (trx) => {
    const dependentsBefore = await renderingDependents(trx, row.identifier);
    const updated = await updateAssetAtRevision(trx, row.identifier, row.revision, {
      platform: prepared.platform,
      platform_resource_identifier: prepared.platformResourceIdentifier,
      name: prepared.model.name,
      date_modified: now,
      revision,
      doc: JSON.stringify(prepared.terms.doc),
    });
    if (!updated) throw preconditionFailed('The asset was changed by another request at the same time; read it again and retry.');
    await writeRelations(catalogue, trx, resource, row.identifier, prepared);
    await refreshRenderings(trx, [row.identifier, ...dependentsBefore, ...(await renderingDependents(trx, row.identifier))]);
    await moveCount(
      trx,
      catalogue.database.dialect,
      { type: resource.type, platform: row.platform, status: row.status },
      { type: resource.type, platform: prepared.platform, status: row.status },
    );
    await appendChange(trx, { identifier: row.identifier, type: resource.type, action: 'update', revision, at: now });
  });
}

async function requireEditable(catalogue: Catalogue, resource: ResourceType, identifier: string, viewer: Viewer) {
  const row = await requireLiveAsset(catalogue.database.kysely, resource, identifier);
  if (!mayEdit(viewer.principal, row)) throw forbidden(`You do not have permission to edit ${resource.plural}.`);
  if (row.status === 'submitted') throw forbidden('You cannot edit an asset under submission.');
  return row;
}

/** PUT: the body replaces the asset; status and date_created are kept, date_modified is bumped. */
export async function replaceAsset(
  catalogue: Catalogue,
  resource: ResourceType,
  identifier: string,
  body: Json,
  viewer: Viewer,
  precondition?: Precondition,
): Promise<void> {
  const row = await requireEditable(catalogue, resource, identifier, viewer);
  await checkPrecondition(catalogue, resource, row, viewer, precondition);
  await replaceRow(catalogue, resource, row, body, viewer);
}

/** PATCH: a JSON merge patch (RFC 7396) on the create-shaped asset, validated as a whole, then replaced. */
export async function patchAsset(
  catalogue: Catalogue,
  resource: ResourceType,
  identifier: string,
  patch: Json,
  viewer: Viewer,
  precondition?: Precondition,
): Promise<Uint8Array> {
  const row = await requireEditable(catalogue, resource, identifier, viewer);
  await checkPrecondition(catalogue, resource, row, viewer, precondition);
  const snapshot = await snapshotByIds(catalogue.database.reader, [row.identifier], SNAPSHOT_OPTIONS);
  const current = toWritableObject(resource, storedAssets(snapshot).stored[0] as StoredAsset);
  // A /v2 alias in the patch replaces its field; drop the field so the two cannot disagree.
  for (const definition of Object.entries(resource.fields)) {
    const alias = definition[1].v2Alias;
    if (alias && viewer.version === 'v2' && alias in patch && !(definition[0] in patch)) delete current[definition[0]];
  }
  const merged = applyMergePatch(current, patch) as Json;
  const parsed = createSchema(resource, viewer.version).safeParse(merged);
  if (!parsed.success) throw validationError(parsed.error, 'json');
  await replaceRow(catalogue, resource, row, parsed.data as Json, viewer);
  return getAssetText(catalogue, resource, identifier, viewer);
}

/**
 * DELETE: a soft delete. The row stays (its identifier is never reused), the platform id is freed,
 * and its links and terms are removed so it vanishes from every relation and facet.
 */
export async function deleteAsset(
  catalogue: Catalogue,
  resource: ResourceType,
  identifier: string,
  viewer: Viewer,
  precondition?: Precondition,
): Promise<void> {
  const row = await requireLiveAsset(catalogue.database.kysely, resource, identifier);
  if (!mayDelete(viewer.principal, row)) throw forbidden(`You do not have permission to delete ${resource.plural}.`);
  await checkPrecondition(catalogue, resource, row, viewer, precondition);
  const now = timestamp(catalogue);
  const revision = row.revision + 1;
  await catalogue.database.kysely.transaction().execute(async (trx) => {
    const updated = await updateAssetAtRevision(trx, identifier, row.revision, {
      date_deleted: now,
      live: null,
      revision,
    });
    if (!updated) throw preconditionFailed('The asset was changed by another request at the same time; read it again and retry.');
    // Honest delete: the asset leaves every relation (both directions) and every term facet now,
    // and every asset that showed it is rendered again without it.
    const neighbours = await linkedAssets(trx, identifier);
    await deleteLinksOf(trx, identifier);
    await replaceAssetTerms(trx, identifier, []);
    await refreshRenderings(trx, neighbours);
    await adjustCount(trx, catalogue.database.dialect, { type: resource.type, platform: row.platform, status: row.status }, -1);
    await appendChange(trx, { identifier, type: resource.type, action: 'delete', revision, at: now });
  });
}
