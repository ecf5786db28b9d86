/**
 * Rendering: a snapshot (rows, links, embedded contacts) becomes read objects as a viewer may see
 * them. Pure functions; used on write (the stored read model) and on read (when no stored
 * rendering fits the caller).
 */
import type { Principal } from '../auth/principal.ts';
import { type Json, type StoredAsset, toReadObject } from '../database/model/normalize.ts';
import { resourceByType, resourceTypes } from '../database/model/registry.ts';
import type { ApiVersion } from '../database/model/schemas.ts';
import type { AssetContentRow, PermissionLevel } from '../database/tables.ts';
import type { AssetSnapshot, LoadedLink, SnapshotOptions } from '../repositories/asset-snapshots.ts';
import { canView, presentAsset } from './visibility.ts';

/** Who reads, and in which API version's shape. */
export interface Viewer {
  principal: Principal;
  version: ApiVersion;
  /** The caller's permissions on unpublished assets the rendering may embed (loaded when needed). */
  permissions?: ReadonlyMap<string, PermissionLevel>;
  /** Show uploaded images' bytes (`get_image=true`); stored renderings never hold them. */
  images?: boolean;
}

/** Stored field of an inverse relation → the name it is read under (has_part → is_part_of). */
const inverseReadName = new Map(
  resourceTypes.flatMap((resource) => resource.inverseFields.map(([name, definition]) => [definition.of, name] as const)),
);

/** What a rendering needs loaded: links both ways, and the contacts of `contact` embedded. */
export const SNAPSHOT_OPTIONS: SnapshotOptions = { inverseFields: [...inverseReadName.keys()], embedField: 'contact' };

export function storedAsset(row: AssetContentRow, links: Map<string, string[]>): StoredAsset {
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

function groupBy<T extends { owner: string; position: number }>(items: T[], other: (item: T) => string): Map<string, T[]> {
  const byOwner = new Map<string, T[]>();
  for (const item of items) {
    const list = byOwner.get(item.owner);
    if (list) list.push(item);
    else byOwner.set(item.owner, [item]);
  }
  for (const list of byOwner.values()) {
    list.sort((a, b) => a.position - b.position || (other(a) < other(b) ? -1 : other(a) > other(b) ? 1 : 0));
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

interface StoredSnapshot {
  stored: StoredAsset[];
  /** Owner → the contacts it embeds. */
  embedded: Map<string, StoredAsset[]>;
}

/** The snapshot's rows as stored assets (with their links), and the contacts each embeds. */
export function storedAssets(snapshot: AssetSnapshot): StoredSnapshot {
  const linksByOwner = groupBy(snapshot.links, (link) => link.other);
  const embedded = new Map<string, StoredAsset[]>();
  for (const [owner, contacts] of groupBy(snapshot.embedded, (contact) => contact.row.identifier)) {
    embedded.set(owner, contacts.map((contact) => storedAsset(contact.row, fieldMap(linksByOwner.get(contact.row.identifier)))));
  }
  return {
    stored: snapshot.rows.map((row) => storedAsset(row, fieldMap(linksByOwner.get(row.identifier)))),
    embedded,
  };
}

/** Read objects of the snapshot's rows, in order, as `viewer` may see them. */
export function renderSnapshot(snapshot: AssetSnapshot, viewer: Viewer): Json[] {
  const { stored, embedded } = storedAssets(snapshot);
  const contactType = resourceByType('contact');
  return stored.map((asset, index) => {
    const resource = resourceByType((snapshot.rows[index] as AssetContentRow).type);
    const contacts = resource.embedsContacts
      ? (embedded.get(asset.identifier) ?? [])
          .filter((contact) => canView(viewer.principal, contact, viewer.permissions?.get(contact.identifier)))
          .map((contact) =>
            presentAsset(contactType, toReadObject(contactType, contact, viewer.version), contact, viewer.principal),
          )
      : undefined;
    return presentAsset(resource, toReadObject(resource, asset, viewer.version, { contacts, images: viewer.images }), asset, viewer.principal);
  });
}

