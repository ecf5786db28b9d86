/**
 * The read model. Every asset row keeps its rendered read JSON, written in the same transaction as
 * the asset, in two variants: as signed-in callers see it (`rendered`) and as anonymous callers see
 * it (`rendered_public`, e-mail addresses masked; NULL when identical), with a new render stamp
 * each time (render-stamps.ts). A GET is then one primary-key SELECT and a list page at most two
 * (keys, then the rows not cached at their stamps), with no JSON work at all.
 *
 * A rendering also depends on other assets: the contacts it embeds and the inverse relations
 * (is_part_of, relevant_to) other assets write. Writes re-render those dependents in the same
 * transaction; when there are too many (a popular contact edited, a platform renamed) the rest is
 * marked stale and the refresher renders it in the background. A stale or missing rendering, a
 * caller whose view differs from both variants, or an older model is rendered on read instead, so
 * a reader never sees a wrong body, only a slower one.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { ADMIN_ROLE, anonymous, isAuthenticated, type Principal } from '../auth/principal.ts';
import type { Executor } from '../database/dialect.ts';
import { inListChunks, inListLimitWith } from '../database/in-lists.ts';
import { executorReader } from '../database/raw-reader.ts';
import { statementChunks } from '../database/statement-chunks.ts';
import { resourceTypes } from '../database/model/registry.ts';
import type { ResourceType } from '../database/model/resource.ts';
import { type AssetSnapshot, type RenderedRow, type RenderingVariant, snapshotByIds } from '../repositories/asset-snapshots.ts';
import { permissionsOf } from '../repositories/permissions.ts';
import { renderSnapshot, SNAPSHOT_OPTIONS, storedAssets, type Viewer } from './render-snapshot.ts';
import { newStamp } from '../database/stamps.ts';
import { staleRendering } from './render-stamps.ts';
import type { Catalogue } from './catalogue.ts';
import { canView, PRIVATE_PLATFORM_VIEWER_ROLE, PUBLISHED } from './visibility.ts';

/** Bump when rendering code changes its output without a model change. */
const RENDERER_REVISION = 1;

/** Fingerprint of everything a rendering depends on in code: stored renderings of another value are stale. */
export const RENDER_VERSION = createHash('sha1')
  .update(
    JSON.stringify([
      RENDERER_REVISION,
      resourceTypes.map((resource) => [
        resource.type,
        Object.entries(resource.fields).map(([name, definition]) => [name, definition.kind, definition.v2Alias ?? null]),
        resource.identityFields,
        resource.embedsContacts,
      ]),
    ]),
  )
  .digest('hex')
  .slice(0, 16);

/** Dependents beyond this many are marked stale instead of re-rendered inside the write. */
const RENDER_IN_WRITE_LIMIT = 200;

const memberViewer: Viewer = {
  principal: { subject: 'read-model:member', username: null, roles: new Set() },
  version: 'latest',
};
const publicViewer: Viewer = { principal: anonymous, version: 'latest' };

/**
 * Callers whose view differs from both stored variants: administrators and operators (they see
 * embedded drafts) and holders of the ai4europe_cms viewer role (they see masked names).
 */
function seesBeyondStoredVariants(principal: Principal): boolean {
  return principal.trusted === true || principal.roles.has(ADMIN_ROLE) || principal.roles.has(PRIVATE_PLATFORM_VIEWER_ROLE);
}

const typesWithV2Aliases = new Set(
  resourceTypes
    .filter((resource) => resource.v2Aliases.length > 0)
    .map((resource) => resource.type),
);

/** Which stored rendering serves this viewer, before looking at any asset. */
export function variantFor(resource: ResourceType, viewer: Viewer): RenderingVariant {
  if (viewer.images) return 'none';
  if (viewer.version === 'v2' && typesWithV2Aliases.has(resource.type)) return 'none';
  if (!isAuthenticated(viewer.principal)) return 'public';
  return seesBeyondStoredVariants(viewer.principal) ? 'none' : 'member';
}

/** The stored rendering this viewer may be given, or undefined when the asset must be rendered on read. */
export function storedTextFor(row: RenderedRow, variant: RenderingVariant): Uint8Array | undefined {
  if (variant === 'none' || row.text === null || row.renderVersion !== RENDER_VERSION) return undefined;
  // Signed-in callers may be allowed to see embedded drafts the stored rendering leaves out.
  if (variant === 'member' && row.renderHidden) return undefined;
  return row.text;
}

/** Renders assets for this viewer from their current state: identifier → JSON as UTF-8 bytes. */
export async function renderOnRead(catalogue: Catalogue, identifiers: string[], viewer: Viewer): Promise<Map<string, Uint8Array>> {
  const snapshot = await snapshotByIds(catalogue.database.reader, identifiers, SNAPSHOT_OPTIONS);
  // Unpublished embedded contacts show only to callers with a permission on them: look those up.
  const unpublished = snapshot.embedded.filter((contact) => contact.row.status !== PUBLISHED).map((contact) => contact.row.identifier);
  const subject = viewer.principal.subject;
  const withPermissions =
    unpublished.length > 0 && subject !== null
      ? { ...viewer, permissions: await permissionsOf(catalogue.database.kysely, subject, unpublished) }
      : viewer;
  const objects = renderSnapshot(snapshot, withPermissions);
  return new Map(snapshot.rows.map((row, index) => [row.identifier, Buffer.from(JSON.stringify(objects[index]))]));
}

/** Renders the given assets and stores their renderings (inside the caller's transaction). */
export async function storeRenderings(executor: Executor, identifiers: string[]): Promise<void> {
  // The snapshot reads inverse links by `target IN (...) AND field IN (...)`: both lists count.
  for (const chunk of inListChunks(identifiers, inListLimitWith(SNAPSHOT_OPTIONS.inverseFields.length))) {
    const snapshot = await snapshotByIds(executorReader(executor), chunk, SNAPSHOT_OPTIONS);
    await writeRenderings(executor, renderingsOf(snapshot));
  }
}

/** The stored read model of an asset: both variants, and whether it leaves out embedded drafts. */
export interface Rendering {
  identifier: string;
  /** The asset's revision the rendering shows. */
  revision: number;
  rendered: string;
  renderedPublic: string | null;
  hidden: boolean;
}

/** The renderings of a snapshot's live rows, as they are stored. */
export function renderingsOf(snapshot: AssetSnapshot): Rendering[] {
  const forMembers = renderSnapshot(snapshot, memberViewer);
  const forPublic = renderSnapshot(snapshot, publicViewer);
  const { embedded } = storedAssets(snapshot);
  const renderings: Rendering[] = [];
  for (const [index, row] of snapshot.rows.entries()) {
    if (row.live === null) continue;
    const rendered = JSON.stringify(forMembers[index]);
    const renderedPublic = JSON.stringify(forPublic[index]);
    const hidden = (embedded.get(row.identifier) ?? []).some((contact) => !canView(memberViewer.principal, contact));
    renderings.push({ identifier: row.identifier, revision: row.revision, rendered, renderedPublic: renderedPublic === rendered ? null : renderedPublic, hidden });
  }
  return renderings;
}

const RENDERINGS_PER_STATEMENT = 50;

/** Stores renderings with one UPDATE per chunk (CASE on the identifier): round trips, not rows, cost; chunks stay within the statement text limit. */
async function writeRenderings(executor: Executor, renderings: Rendering[]): Promise<void> {
  const text = (rendering: Rendering) => rendering.rendered.length + (rendering.renderedPublic?.length ?? 0);
  for (const chunk of statementChunks(renderings, RENDERINGS_PER_STATEMENT, text)) {
    const cases = (value: (rendering: Rendering) => unknown) =>
      sql`CASE identifier ${sql.join(chunk.map((rendering) => sql`WHEN ${rendering.identifier} THEN ${value(rendering)}`), sql` `)} END`;
    const identifiers = sql.join(chunk.map((rendering) => rendering.identifier));
    const renderedRevision = cases((rendering) => rendering.revision);
    // Only over the revision it was rendered from: on MySQL/MariaDB another write may have changed
    // the asset since this transaction read it, and rendered it itself.
    const written = await sql`UPDATE asset SET
        rendered = ${cases((rendering) => rendering.rendered)},
        rendered_public = ${cases((rendering) => rendering.renderedPublic)},
        render_version = ${RENDER_VERSION},
        render_hidden = ${cases((rendering) => (rendering.hidden ? 1 : 0))},
        render_stamp = ${newStamp()}
      WHERE identifier IN (${identifiers}) AND revision = ${renderedRevision}`.execute(executor);
    // That write rendered from what it saw, which may lack this one's change (a contact it embeds,
    // renamed here): such an asset is marked stale, to be rendered on read and by the refresher.
    // (Every matched row changes: its render stamp is new.)
    if (Number(written.numAffectedRows ?? 0) === chunk.length) continue;
    await sql`UPDATE asset SET render_version = NULL, render_stamp = ${newStamp()}
      WHERE identifier IN (${identifiers}) AND revision <> ${renderedRevision}`.execute(executor);
  }
}

/** Marks renderings stale so reads render them and the refresher renders them again. */
export async function markStale(executor: Executor, identifiers: string[]): Promise<void> {
  for (const chunk of inListChunks(identifiers)) {
    await executor.updateTable('asset').set(staleRendering()).where('identifier', 'in', chunk).execute();
  }
}

/** The assets embedding any of these (contacts are embedded whole, so their changes show there). */
async function embeddersOf(executor: Executor, identifiers: string[]): Promise<string[]> {
  const embedders = new Set<string>();
  for (const chunk of inListChunks(identifiers)) {
    const rows = await executor
      .selectFrom('asset_link')
      .select('source')
      .distinct()
      .where('target', 'in', chunk)
      .where('field', '=', SNAPSHOT_OPTIONS.embedField as string)
      .execute();
    for (const row of rows) embedders.add(row.source);
  }
  return [...embedders];
}

/**
 * Re-renders `identifiers` and the assets embedding them now, up to a limit; the rest is left to the
 * refresher. `everyRequested`: every requested asset is rendered however many (a connector batch's
 * own assets), and only the embedders beyond them are limited.
 */
export async function refreshRenderings(
  executor: Executor,
  identifiers: Iterable<string>,
  options: { everyRequested?: boolean } = {},
): Promise<void> {
  const requested = [...new Set(identifiers)];
  if (requested.length === 0) return;
  const unique = [...new Set([...requested, ...(await embeddersOf(executor, requested))])];
  const limit = RENDER_IN_WRITE_LIMIT + (options.everyRequested ? requested.length : 0);
  await storeRenderings(executor, unique.slice(0, limit));
  if (unique.length > limit) await markStale(executor, unique.slice(limit));
}

const INVERSE_STORED_FIELDS = SNAPSHOT_OPTIONS.inverseFields;

/**
 * Assets whose rendering shows something of `identifiers` beyond their identifiers: the assets
 * that embed them (they are contacts) and the other ends of their inverse relations (has_part ↔
 * is_part_of). One statement per chunk of identifiers.
 */
export async function renderingDependents(executor: Executor, identifiers: readonly string[]): Promise<string[]> {
  const dependents = new Set<string>();
  // Each identifier spans one index range per field named with it.
  for (const chunk of inListChunks(identifiers, inListLimitWith(INVERSE_STORED_FIELDS.length + 1))) {
    const { rows } = await sql<{ other: string }>`
      SELECT source AS other FROM asset_link WHERE target IN (${sql.join(chunk)})
        AND (field = ${SNAPSHOT_OPTIONS.embedField} OR field IN (${sql.join(INVERSE_STORED_FIELDS)}))
      UNION
      SELECT target FROM asset_link WHERE source IN (${sql.join(chunk)}) AND field IN (${sql.join(INVERSE_STORED_FIELDS)})`.execute(executor);
    for (const row of rows) dependents.add(row.other);
  }
  return [...dependents];
}

/** Every asset linked with `identifier` in either direction (their renderings change when it goes). */
export async function linkedAssets(executor: Executor, identifier: string): Promise<string[]> {
  const { rows } = await sql<{ other: string }>`
    SELECT source AS other FROM asset_link WHERE target = ${identifier}
    UNION
    SELECT target FROM asset_link WHERE source = ${identifier} AND field IN (${sql.join(INVERSE_STORED_FIELDS)})`.execute(executor);
  return rows.map((row) => row.other);
}

/** Stale renderings (of live assets), a batch at a time; returns how many were rendered. */
export async function refreshStaleBatch(executor: Executor, batch: number): Promise<number> {
  const rows = await executor
    .selectFrom('asset')
    .select('identifier')
    .where('render_version', 'is', null)
    .where('live', '=', 1)
    .limit(batch)
    .execute();
  if (rows.length === 0) return 0;
  await storeRenderings(executor, rows.map((row) => row.identifier));
  return rows.length;
}

/** After an upgrade, every rendering made by another model version is stale. */
export async function invalidateOtherVersions(executor: Executor): Promise<number> {
  const result = await executor
    .updateTable('asset')
    .set(staleRendering())
    .where('render_version', '<>', RENDER_VERSION)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
