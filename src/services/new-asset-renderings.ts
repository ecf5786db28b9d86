/**
 * Renderings of a batch's new assets, made before their rows are inserted, so each new asset is
 * written once with its read model instead of inserted, read back and updated (a connector's first
 * harvest spent about a fifth of its database time on that).
 *
 * Everything a new asset's rendering shows is at hand: nothing stored can link to an asset whose
 * row is not inserted yet (a link needs its target row), so its links in both directions are the
 * batch's pending links. Only the contacts it embeds that already exist are read, with their own
 * links, in one statement per chunk.
 */
import type { Executor } from '../database/dialect.ts';
import { inListChunks } from '../database/in-lists.ts';
import { executorReader } from '../database/raw-reader.ts';
import type { AssetContentRow, AssetLinkRow, NewAssetRow } from '../database/tables.ts';
import { type EmbeddedAsset, type LoadedLink, snapshotByIds } from '../repositories/asset-snapshots.ts';
import { SNAPSHOT_OPTIONS } from './render-snapshot.ts';
import { newStamp } from '../database/stamps.ts';
import { RENDER_VERSION, renderingsOf } from './rendering.ts';

const INVERSE_FIELDS = new Set(SNAPSHOT_OPTIONS.inverseFields);

/** A new row as a stored one reads: its content columns, the optional ones null when unset. */
function contentRow(row: NewAssetRow): AssetContentRow {
  const { rendered, rendered_public, render_version, render_hidden, render_stamp, ...content } = row;
  return { ...content, name: content.name ?? null, date_deleted: content.date_deleted ?? null, live: content.live ?? null };
}

/** The stored contacts among `identifiers`, with their outgoing links. */
async function storedContacts(executor: Executor, identifiers: string[]): Promise<{ rows: AssetContentRow[]; links: LoadedLink[] }> {
  const rows: AssetContentRow[] = [];
  const links: LoadedLink[] = [];
  for (const chunk of inListChunks(identifiers)) {
    const snapshot = await snapshotByIds(executorReader(executor), chunk, { inverseFields: [] });
    rows.push(...snapshot.rows);
    links.push(...snapshot.links);
  }
  return { rows, links };
}

/**
 * Sets the renderings of `rows` (new assets not inserted yet) from themselves, `links` (the
 * pending links: of `rows`, and the new links of assets updated in the batch) and the stored
 * contacts they embed. An embedded contact whose links the batch replaces is rendered as stored;
 * the replacement renders its embedders again (see WriteEffects.flushInserts).
 */
export async function renderNewAssets(executor: Executor, rows: NewAssetRow[], links: AssetLinkRow[]): Promise<void> {
  const pending = new Map(rows.map((row) => [row.identifier, contentRow(row)]));
  const snapshotLinks: LoadedLink[] = [];
  const embeds = links.filter((link) => link.field === SNAPSHOT_OPTIONS.embedField && pending.has(link.source));
  for (const link of links) {
    snapshotLinks.push({ owner: link.source, field: link.field, inverse: false, other: link.target, position: link.position });
    if (INVERSE_FIELDS.has(link.field) && pending.has(link.target)) {
      snapshotLinks.push({ owner: link.target, field: link.field, inverse: true, other: link.source, position: link.position });
    }
  }
  const stored = await storedContacts(executor, [...new Set(embeds.map((link) => link.target).filter((target) => !pending.has(target)))]);
  snapshotLinks.push(...stored.links);
  const contacts = new Map([...pending, ...stored.rows.map((row) => [row.identifier, row] as const)]);
  const embedded: EmbeddedAsset[] = embeds.flatMap((link) => {
    const row = contacts.get(link.target);
    return row ? [{ owner: link.source, position: link.position, row }] : [];
  });
  const renderings = new Map(renderingsOf({ rows: [...pending.values()], links: snapshotLinks, embedded }).map((item) => [item.identifier, item]));
  for (const row of rows) {
    const rendering = renderings.get(row.identifier);
    if (!rendering) continue;
    row.rendered = rendering.rendered;
    row.rendered_public = rendering.renderedPublic;
    row.render_version = RENDER_VERSION;
    row.render_hidden = rendering.hidden ? 1 : 0;
    row.render_stamp = newStamp();
  }
}
