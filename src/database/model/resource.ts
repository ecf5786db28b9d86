/** `defineResource`: one resource type from its groups and own fields; everything else derives from it. */
import { EDITOR_LINK_FIELD, type Field, type InverseField, type ReferenceKind, type RefField, type RefListField } from './fields.ts';
import type { Group } from './groups.ts';

/**
 * Full-text search of a type (GET /search/{plural}). Every searchable type is searched by name,
 * description (plain and HTML) and keywords; `fields` names the type's own fields indexed beyond
 * those (AIoD's per-type fields: issn, headline, legal_name, ...), string, string-list or term
 * fields of the type.
 */
export interface SearchSpec {
  fields: string[];
}

export interface ResourceSpec {
  /** AIoD's table name, also the value of `type` in storage: `dataset`, `case_study`. */
  type: string;
  /** Route segment: `datasets`, `case_studies`. */
  plural: string;
  /** Identifier prefix (≤ 4 characters): `data`. */
  prefix: string;
  description: string;
  groups: Group[];
  fields: Record<string, Field>;
  /** Serves `/{plural}/{id}/content` redirects to distributions. */
  contentRoutes?: boolean;
  /** Serves `/{plural}/{id}/image` (images stored as media items) and `get_image` on reads. */
  imageRoutes?: boolean;
  /** Searchable, and with which extra fields; absent: the type is not searchable. */
  search?: SearchSpec;
}

export interface ResourceType extends Required<Omit<ResourceSpec, 'groups' | 'fields' | 'search'>> {
  search: SearchSpec | undefined;
  groups: Group[];
  /** All fields, groups first, in declaration order. */
  fields: Record<string, Field>;
  /** The reference kinds a reference to this type satisfies: its own type and its groups' kinds. */
  kinds: ReadonlySet<string>;
  identityFields: string[];
  embedsContacts: boolean;
  linkFields: Array<[string, RefField | RefListField]>;
  inverseFields: Array<[string, InverseField]>;
  /** The link fields whose rows an asset owns (its ref and refs fields, and its editors): an update replaces them. */
  ownedLinkFields: readonly string[];
  /** The fields that name other assets (ref, refs, inverse), in declaration order. */
  referenceFields: Array<[string, RefField | RefListField | InverseField]>;
  /** The fields /v2 also accepts under another name: [field, its v2 alias]. */
  v2Aliases: Array<[string, string]>;
  /** `Dataset`, `Case_study`: AIoD's name of the type in messages. */
  title: string;
}

function titleOf(type: string): string {
  return type.charAt(0).toUpperCase() + type.slice(1);
}

const isLinkEntry = (entry: [string, Field]): entry is [string, RefField | RefListField] => entry[1].kind === 'ref' || entry[1].kind === 'refs';
const isInverseEntry = (entry: [string, Field]): entry is [string, InverseField] => entry[1].kind === 'inverse';

export function defineResource(spec: ResourceSpec): ResourceType {
  if (spec.prefix.length > 4) throw new Error(`${spec.type}: prefix ${spec.prefix} is longer than 4 characters`);
  const fields: Record<string, Field> = {};
  for (const group of spec.groups) Object.assign(fields, group.fields);
  Object.assign(fields, spec.fields);
  const entries = Object.entries(fields);
  return {
    type: spec.type,
    plural: spec.plural,
    prefix: spec.prefix,
    description: spec.description,
    contentRoutes: spec.contentRoutes ?? false,
    imageRoutes: spec.imageRoutes ?? false,
    search: spec.search,
    groups: spec.groups,
    fields,
    kinds: new Set<string>([spec.type, ...spec.groups.flatMap((group) => (group.kind ? [group.kind] : []))]),
    identityFields: spec.groups.flatMap((group) => (group.identityField ? [group.identityField] : [])),
    embedsContacts: spec.groups.some((group) => group.embedsContacts),
    linkFields: entries.filter(isLinkEntry),
    inverseFields: entries.filter(isInverseEntry),
    ownedLinkFields: [...entries.filter(isLinkEntry).map(([name]) => name), EDITOR_LINK_FIELD],
    referenceFields: entries.filter((entry) => isLinkEntry(entry) || isInverseEntry(entry)),
    v2Aliases: entries.flatMap(([name, definition]): Array<[string, string]> => (definition.v2Alias ? [[name, definition.v2Alias]] : [])),
    title: titleOf(spec.type),
  };
}

/** How a reference kind is named in messages. */
export function kindTitle(kind: ReferenceKind): string {
  const titles: Partial<Record<ReferenceKind, string>> = {
    agent: 'Agent (person or organisation)',
    ai_asset: 'AIAsset',
    ai_resource: 'AIResource',
  };
  return titles[kind] ?? titleOf(kind);
}
