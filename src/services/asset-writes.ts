/**
 * Writing assets: create, replace (PUT), merge-patch (PATCH) and soft delete.
 *
 * Every write runs inside one transaction that checks the body (platform, terms, references),
 * writes the row, its links and terms, the counts, the change log and the read model together,
 * so a failure leaves nothing half-written. The public functions open that transaction; the
 * `...In` variants run inside a caller's transaction, so a connector's sink can write a batch of
 * assets at once. Updates are conditional on the revision that was read, so concurrent writers
 * cannot overwrite each other unnoticed. The checks of a body and its relation rows are in
 * write-preparation.ts.
 */
import type { Transaction } from 'kysely';
import { mayDelete, mayEdit, requireSignedIn, resolvePlatformFields, statusOfNewAsset } from '../auth/policy.ts';
import { isConnector } from '../auth/principal.ts';
import { type Executor, isUniqueViolation } from '../database/dialect.ts';
import { EDITOR_LINK_FIELD } from '../database/model/fields.ts';
import { PLATFORM_FIELD_NAMES } from '../database/model/groups.ts';
import { type Json, type StoredAsset, toWritableObject } from '../database/model/normalize.ts';
import type { ResourceType } from '../database/model/resource.ts';
import { createSchema } from '../database/model/schemas.ts';
import type { AssetContentRow, AssetRow, Tables } from '../database/tables.ts';
import { ApiError, conflict, forbidden, preconditionFailed, validationError } from '../errors.ts';
import { snapshotByIds } from '../repositories/asset-snapshots.ts';
import { updateAssetAtRevision } from '../repositories/assets.ts';
import { deleteLinksOf } from '../repositories/links.ts';
import { permissionsOf } from '../repositories/permissions.ts';
import { deleteAssetTerms } from '../repositories/terms.ts';
import { assetTexts, getAssetText, requireLiveAsset, type Viewer } from './asset-reads.ts';
import { hasBlobItems, refuseBlobs, withStoredBlobs } from './binary-blobs.ts';
import { ConcurrentChangeError, retryingLostRaces } from './write-retries.ts';
import { type Catalogue, timestamp } from './catalogue.ts';
import { newIdentifier } from './identifiers.ts';
import { applyMergePatch } from './merge-patch.ts';
import { SNAPSHOT_OPTIONS, storedAssets } from './render-snapshot.ts';
import { linkedAssets } from './rendering.ts';
import { enforceUploadLimit, recordUpload, uploadQuotaHeaders } from './rate-limit.ts';
import { WriteEffects } from './write-effects.ts';
import { dependentsOfNewAsset, type PlatformFields, prepareWrite, replaceRelations, writeNewAssetRelations } from './write-preparation.ts';

/** A check of the current representation (JSON bytes) before writing (HTTP If-Match), false → 412. */
export type Precondition = (current: Uint8Array) => boolean;

/** Runs `work` in a transaction; a unique-key race on a platform identifier becomes the usual 409. */
async function inTransaction<T>(
  catalogue: Catalogue,
  resource: ResourceType,
  work: (trx: Transaction<Tables>) => Promise<T>,
): Promise<T> {
  try {
    return await catalogue.database.kysely.transaction().execute(work);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(`There already exists a ${resource.type} with the same platform and platform_resource_identifier.`);
    }
    throw error;
  }
}

/** Creates an asset inside the caller's transaction; returns its identifier. */
export async function createAssetIn(
  trx: Executor,
  catalogue: Catalogue,
  resource: ResourceType,
  body: Json,
  viewer: Viewer,
  effects = new WriteEffects(),
): Promise<string> {
  requireSignedIn(viewer.principal);
  refuseBlobs(resource, body);
  const identifier = newIdentifier(resource.prefix);
  const prepared = await prepareWrite(
    trx,
    resource,
    viewer,
    body,
    (model) =>
      resolvePlatformFields(
        viewer.principal,
        { platform: model.platform, platformResourceIdentifier: model.platformResourceIdentifier },
        identifier,
      ),
    effects,
  );
  const now = timestamp(catalogue);
  const status = statusOfNewAsset(viewer.principal, catalogue.settings.DISABLE_REVIEWS);
  await effects.addNewAsset(trx, {
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
  await writeNewAssetRelations(trx, catalogue, identifier, prepared, viewer, effects);
  await effects.render(trx, [identifier, ...dependentsOfNewAsset(prepared)]);
  await effects.count(trx, catalogue.database.dialect, { type: resource.type, platform: prepared.platform, status }, 1);
  await effects.change(trx, { identifier, type: resource.type, action: 'create', revision: 1, at: now });
  return identifier;
}

/**
 * Creates an asset for an API caller, under the upload rate limit (connectors write through
 * createAssetIn and are exempt). Returns its identifier and the RateLimit headers that tell the
 * caller where they stand.
 */
export async function createAsset(
  catalogue: Catalogue,
  resource: ResourceType,
  body: Json,
  viewer: Viewer,
): Promise<{ identifier: string; rateLimitHeaders: Record<string, string> }> {
  return retryingLostRaces(() =>
    inTransaction(catalogue, resource, async (trx) => {
      const uploadsBefore = await enforceUploadLimit(trx, catalogue, viewer.principal);
      const identifier = await createAssetIn(trx, catalogue, resource, body, viewer);
      await recordUpload(trx, catalogue, viewer.principal, resource.type);
      return { identifier, rateLimitHeaders: uploadQuotaHeaders(catalogue, uploadsBefore) };
    }),
  );
}

/** Platform fields on replace: omitted keeps the current ones; changing them needs the right to set them. */
function platformFieldsOnReplace(viewer: Viewer, row: AssetContentRow): PlatformFields {
  return (model) => {
    const platform = model.platform ?? row.platform;
    const platformResourceIdentifier = model.platformResourceIdentifier ?? row.platform_resource_identifier;
    if (platform === row.platform && platformResourceIdentifier === row.platform_resource_identifier) {
      return { platform, platformResourceIdentifier, unchanged: true };
    }
    return resolvePlatformFields(viewer.principal, { platform, platformResourceIdentifier }, row.identifier);
  };
}

/**
 * Replaces an asset (read as `row`) inside the caller's transaction: status and date_created are
 * kept, date_modified is bumped. Fails with 412 if the asset changed since `row` was read.
 * `untouched`: relations left as stored, whatever the body says (see untouchedLinks).
 */
export async function replaceAssetIn(
  trx: Executor,
  catalogue: Catalogue,
  resource: ResourceType,
  row: AssetContentRow,
  body: Json,
  viewer: Viewer,
  effects = new WriteEffects(),
  options: { untouched?: UntouchedLinks } = {},
): Promise<void> {
  // Written earlier in this batch (created, or linked to by a pending row): those rows go first.
  await effects.flushIfPending(trx, row.identifier);
  const prepared = await prepareWrite(trx, resource, viewer, body, platformFieldsOnReplace(viewer, row), effects, row.identifier);
  const { untouched } = options;
  if (untouched) {
    prepared.links = prepared.links.filter((group) => !untouched.own.has(group.field));
    prepared.model.inverse = prepared.model.inverse.filter((group) => !untouched.inverseOf.has(group.field));
  }
  const now = timestamp(catalogue);
  const revision = row.revision + 1;
  await effects.untilWritesAllowed();
  const updated = await updateAssetAtRevision(trx, row.identifier, row.revision, {
    // Kept platform fields are not written: a platform renamed since `row` was read stays renamed.
    ...(prepared.platformUnchanged ? {} : { platform: prepared.platform, platform_resource_identifier: prepared.platformResourceIdentifier }),
    name: prepared.model.name,
    date_modified: now,
    revision,
    doc: JSON.stringify(prepared.terms.doc),
  });
  if (!updated) throw new ConcurrentChangeError();
  const linkFields = untouched ? resource.ownedLinkFields.filter((field) => !untouched.own.has(field)) : resource.ownedLinkFields;
  await replaceRelations(trx, catalogue, resource, row.identifier, prepared, effects, linkFields);
  await effects.moveCount(
    trx,
    catalogue.database.dialect,
    { type: resource.type, platform: row.platform, status: row.status },
    { type: resource.type, platform: prepared.platform, status: row.status },
  );
  await effects.change(trx, { identifier: row.identifier, type: resource.type, action: 'update', revision, at: now });
}

/** The caller's permission on an asset (none for anonymous callers). */
async function permissionOn(catalogue: Catalogue, viewer: Viewer, identifier: string) {
  const subject = viewer.principal.subject;
  return subject === null ? undefined : (await permissionsOf(catalogue.database.kysely, subject, [identifier])).get(identifier);
}

/** The live asset, if the viewer may change it: edit (PUT, PATCH, images) or delete (also images). */
async function requireChangeable(
  catalogue: Catalogue,
  resource: ResourceType,
  identifier: string,
  viewer: Viewer,
  access: 'edit' | 'delete' = 'edit',
) {
  requireSignedIn(viewer.principal);
  const row = await requireLiveAsset(catalogue.database.kysely, resource, identifier);
  const permission = await permissionOn(catalogue, viewer, identifier);
  const allowed = access === 'edit' ? mayEdit : mayDelete;
  if (!allowed(viewer.principal, row, permission, resource.plural)) {
    throw forbidden(`You do not have permission to ${access} ${resource.plural}.`);
  }
  if (row.status === 'submitted') throw forbidden('You cannot edit an asset under submission.');
  return row;
}

/** The asset as stored, in the create shape (blobs included): what a PATCH or an image write changes. */
async function currentWritable(catalogue: Catalogue, resource: ResourceType, identifier: string): Promise<Json> {
  const snapshot = await snapshotByIds(catalogue.database.reader, [identifier], SNAPSHOT_OPTIONS);
  return toWritableObject(resource, storedAssets(snapshot).stored[0] as StoredAsset);
}

/**
 * A replacement body from a user, with uploaded bytes kept with their items (binary-blobs.ts);
 * connectors' bodies are taken as they are, as in AIoD. Unlike AIoD, a PUT without media removes
 * the media (it replaces the whole asset, as for every other field). The stored asset is read
 * only when the body has items that may carry bytes.
 */
async function userReplacement(
  catalogue: Catalogue,
  resource: ResourceType,
  identifier: string,
  body: Json,
  viewer: Viewer,
  current?: Json,
): Promise<Json> {
  if (isConnector(viewer.principal) || !hasBlobItems(resource, body)) return body;
  return withStoredBlobs(resource, body, current ?? (await currentWritable(catalogue, resource, identifier)));
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

/** Relations a change leaves as stored: its own link fields, and its inverse ones by the field they mirror. */
export interface UntouchedLinks {
  own: ReadonlySet<string>;
  inverseOf: ReadonlySet<string>;
}

/**
 * The relations a change leaves as stored: those it does not name. Relations change without this
 * asset's revision changing (adding a part with is_part_of writes the parent's has_part link), so
 * rewriting them from the copy read before the change would undo such a write made meanwhile. A
 * PATCH names what it changes; PUT names everything, as in AIoD.
 */
function untouchedLinks(resource: ResourceType, named: (field: string) => boolean): UntouchedLinks {
  const apiName = (field: string) => (field === EDITOR_LINK_FIELD ? 'aiod_entry' : field);
  return {
    own: new Set(resource.ownedLinkFields.filter((field) => !named(apiName(field)))),
    inverseOf: new Set(
      Object.entries(resource.fields).flatMap(([name, definition]) => (definition.kind === 'inverse' && !named(name) ? [definition.of] : [])),
    ),
  };
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
  await retryingLostRaces(async () => {
    const row = await requireChangeable(catalogue, resource, identifier, viewer);
    await checkPrecondition(catalogue, resource, row, viewer, precondition);
    const replacement = await userReplacement(catalogue, resource, identifier, body, viewer);
    await inTransaction(catalogue, resource, (trx) => replaceAssetIn(trx, catalogue, resource, row, replacement, viewer));
  });
}

/**
 * Changes the stored asset with `change` (given it in the create shape, blobs included) and writes
 * the result as a replacement: the image routes' writes, which may set blobs.
 */
export async function changeAsset(
  catalogue: Catalogue,
  resource: ResourceType,
  identifier: string,
  viewer: Viewer,
  access: 'edit' | 'delete',
  change: (current: Json) => Json,
): Promise<void> {
  await retryingLostRaces(async () => {
    const row = await requireChangeable(catalogue, resource, identifier, viewer, access);
    const changed = change(await currentWritable(catalogue, resource, identifier));
    const untouched = untouchedLinks(resource, () => false);
    await inTransaction(catalogue, resource, (trx) => replaceAssetIn(trx, catalogue, resource, row, changed, viewer, undefined, { untouched }));
  });
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
  await retryingLostRaces(async () => {
    const row = await requireChangeable(catalogue, resource, identifier, viewer);
    await checkPrecondition(catalogue, resource, row, viewer, precondition);
    const current = await currentWritable(catalogue, resource, identifier);
    // Platform fields the patch does not name stay as stored (read with `row`, not from `current`,
    // which a platform rename in between would make disagree).
    for (const field of PLATFORM_FIELD_NAMES) if (!(field in patch)) delete current[field];
    // A /v2 alias in the patch replaces its field; drop the field so the two cannot disagree.
    for (const [name, alias] of resource.v2Aliases) {
      if (viewer.version === 'v2' && alias in patch && !(name in patch)) delete current[name];
    }
    const merged = applyMergePatch(current, patch) as Json;
    // Patches may not grow an asset beyond what one PUT could send: every later write of it would be slow.
    const limit = catalogue.settings.BODY_LIMIT_BYTES;
    if (Buffer.byteLength(JSON.stringify(merged)) > limit) {
      throw new ApiError(413, `The patched asset would be larger than ${limit} bytes, the most a request body may carry.`);
    }
    const parsed = createSchema(resource, viewer.version).safeParse(merged);
    if (!parsed.success) throw validationError(parsed.error, 'json');
    const replacement = await userReplacement(catalogue, resource, identifier, parsed.data as Json, viewer, current);
    const untouched = untouchedLinks(resource, (field) => field in patch);
    await inTransaction(catalogue, resource, (trx) => replaceAssetIn(trx, catalogue, resource, row, replacement, viewer, undefined, { untouched }));
  });
  // Whoever may edit an asset gets it back, even an unpublished one they could not otherwise read
  // (an update_<type> role without a permission on the asset).
  return (await assetTexts(catalogue, [identifier], viewer)).get(identifier) as Uint8Array;
}

/**
 * Soft-deletes an asset (read as `row`) inside the caller's transaction. The row stays (its
 * identifier is never reused), the platform id is freed, and its links and terms are removed so it
 * vanishes from every relation and facet; every asset that showed it is rendered again.
 */
export async function deleteAssetIn(
  trx: Executor,
  catalogue: Catalogue,
  resource: ResourceType,
  row: AssetContentRow,
  effects = new WriteEffects(),
): Promise<void> {
  await effects.flushInserts(trx);
  effects.forget(row.identifier);
  const now = timestamp(catalogue);
  const revision = row.revision + 1;
  const updated = await updateAssetAtRevision(trx, row.identifier, row.revision, { date_deleted: now, live: null, revision });
  if (!updated) throw new ConcurrentChangeError();
  const neighbours = await linkedAssets(trx, row.identifier);
  await deleteLinksOf(trx, row.identifier);
  await deleteAssetTerms(trx, [row.identifier]);
  await effects.render(trx, neighbours);
  await effects.count(trx, catalogue.database.dialect, { type: resource.type, platform: row.platform, status: row.status }, -1);
  await effects.change(trx, { identifier: row.identifier, type: resource.type, action: 'delete', revision, at: now });
}

/** DELETE: a soft delete (see deleteAssetIn). */
export async function deleteAsset(
  catalogue: Catalogue,
  resource: ResourceType,
  identifier: string,
  viewer: Viewer,
  precondition?: Precondition,
): Promise<void> {
  requireSignedIn(viewer.principal);
  await retryingLostRaces(async () => {
    const row = await requireLiveAsset(catalogue.database.kysely, resource, identifier);
    if (!mayDelete(viewer.principal, row, await permissionOn(catalogue, viewer, identifier), resource.plural)) {
      throw forbidden(`You do not have permission to delete ${resource.plural}.`);
    }
    if (row.status === 'submitted') throw forbidden('You cannot delete an asset under submission; retract the submission first.');
    await checkPrecondition(catalogue, resource, row, viewer, precondition);
    await inTransaction(catalogue, resource, (trx) => deleteAssetIn(trx, catalogue, resource, row));
  });
}
