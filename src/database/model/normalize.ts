/**
 * The two directions between the API's shape and storage, derived from the declarations:
 *  - `toWriteModel`: a validated create body → columns, JSON document, links, editors;
 *  - `toReadObject` / `toWritableObject`: stored parts → the read object / the create-shaped object.
 * Nulls mean "absent" and are never stored; lists absent from the document read as [].
 */
import { unprocessable } from '../../errors.ts';
import { EDITOR_LINK_FIELD, type Field, type ReferenceKind, type ValueField, type ValueObject } from './fields.ts';
import type { ResourceType } from './resource.ts';
import type { ApiVersion } from './schemas.ts';

export type Json = Record<string, unknown>;

export interface LinkGroup {
  /** The stored field name (for inverse fields: the field stored on the other end, e.g. has_part). */
  field: string;
  target: ReferenceKind;
  identifiers: string[];
}

export interface WriteModel {
  name: string | null;
  /** undefined when the body did not set it. */
  platform: string | undefined;
  platformResourceIdentifier: string | undefined;
  editor: string[];
  doc: Json;
  /** One entry per reference field of the type; an empty list clears the field. */
  links: LinkGroup[];
  /** One entry per inverse field: these identifiers get a stored link pointing at this asset. */
  inverse: LinkGroup[];
}

/** What a stored asset consists of, loaded from its row and link rows. */
export interface StoredAsset {
  identifier: string;
  platform: string;
  platformResourceIdentifier: string;
  name: string | null;
  status: string;
  dateCreated: string;
  dateModified: string;
  doc: Json;
  /** Read field name → referenced identifiers (inverse fields included), in stored order. */
  links: Map<string, string[]>;
}

export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Canonical date-time text: UTC with milliseconds. A value without offset is taken as UTC. */
export function canonicalDateTime(value: string): string {
  const text = value.replace(' ', 'T');
  const hasTime = text.includes('T');
  const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text);
  return new Date(hasTime && !hasOffset ? `${text}Z` : text).toISOString();
}

function normalizeObject(object: ValueObject, value: Json): Json | undefined {
  const result: Json = {};
  for (const [name, definition] of Object.entries(object.fields)) {
    const normalized = normalizeValue(definition, value[name]);
    if (normalized !== undefined) result[name] = normalized;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

function normalizeValue(definition: ValueField, value: unknown): unknown {
  if (value === null || value === undefined) {
    return definition.kind === 'boolean' ? definition.defaultValue : undefined;
  }
  switch (definition.kind) {
    case 'datetime':
      return canonicalDateTime(value as string);
    case 'strings':
      return unique(value as string[]);
    case 'terms':
      return unique((value as string[]).map((term) => term.trim()));
    case 'term':
      return (value as string).trim();
    case 'object':
      return normalizeObject(definition.of, value as Json);
    case 'objects':
      return (value as Json[]).map((item) => normalizeObject(definition.of, item) ?? {});
    default:
      return value;
  }
}

/** Folds /v2 aliases (e.g. total_cost_euro) into their field; both given and different is an error. */
export function foldAliases(resource: ResourceType, body: Json): Json {
  const result = { ...body };
  for (const [name, alias] of resource.v2Aliases) {
    if (!(alias in result)) continue;
    const aliasValue = result[alias];
    delete result[alias];
    const fieldValue = result[name];
    if (fieldValue !== undefined && fieldValue !== null && aliasValue !== null && fieldValue !== aliasValue) {
      throw unprocessable([
        { loc: ['body', alias], msg: `${alias} and ${name} are the same field and were given different values`, type: 'value_error' },
      ]);
    }
    if (fieldValue === undefined || fieldValue === null) result[name] = aliasValue;
  }
  return result;
}

export function toWriteModel(resource: ResourceType, body: Json): WriteModel {
  const model: WriteModel = {
    name: null,
    platform: undefined,
    platformResourceIdentifier: undefined,
    editor: [],
    doc: {},
    links: [],
    inverse: [],
  };
  for (const [name, definition] of Object.entries(resource.fields)) {
    const value = body[name];
    switch (definition.kind) {
      case 'entry':
        model.editor = unique(((value as Json | null | undefined)?.editor as string[] | null | undefined) ?? []);
        break;
      case 'ref':
        model.links.push({ field: name, target: definition.target, identifiers: value ? [value as string] : [] });
        break;
      case 'refs':
        model.links.push({ field: name, target: definition.target, identifiers: unique((value as string[] | null) ?? []) });
        break;
      case 'inverse':
        model.inverse.push({ field: definition.of, target: definition.target, identifiers: unique((value as string[] | null) ?? []) });
        break;
      default:
        if (name === 'name') model.name = (value as string | null | undefined) ?? null;
        else if (name === 'platform') model.platform = (value as string | null | undefined) ?? undefined;
        else if (name === 'platform_resource_identifier') model.platformResourceIdentifier = (value as string | null | undefined) ?? undefined;
        else {
          const normalized = normalizeValue(definition, value);
          if (normalized !== undefined) model.doc[name] = normalized;
        }
    }
  }
  return model;
}

/** A term value found in a document, with the taxonomy it belongs to. */
export interface TermOccurrence {
  taxonomy: string;
  value: string;
}

/** Per field set: the fields that hold terms, directly or in their value objects. */
const termFieldsCache = new WeakMap<Record<string, Field>, Array<[string, Field]>>();

/**
 * The fields of `fields` that can hold terms. Every write visits a document's terms several times
 * (collected, looked up, replaced by their canonical form); a type has dozens of fields and only a
 * few hold terms, so the others are left out once.
 */
function termFields(fields: Record<string, Field>): Array<[string, Field]> {
  let found = termFieldsCache.get(fields);
  if (!found) {
    const holdsTerms = ([, definition]: [string, Field]): boolean =>
      definition.kind === 'term' ||
      definition.kind === 'terms' ||
      ((definition.kind === 'object' || definition.kind === 'objects') && termFields(definition.of.fields).length > 0);
    found = Object.entries(fields).filter(holdsTerms);
    termFieldsCache.set(fields, found);
  }
  return found;
}

function visitTerms(
  fields: Record<string, Field>,
  doc: Json,
  visit: (taxonomy: string, value: string) => string,
): Json {
  const result: Json = { ...doc };
  for (const [name, definition] of termFields(fields)) {
    const value = doc[name];
    // A body not yet normalised may say null for absent.
    if (value === undefined || value === null) continue;
    if (definition.kind === 'term') result[name] = visit(definition.taxonomy, value as string);
    else if (definition.kind === 'terms') {
      result[name] = unique((value as string[]).map((term) => visit(definition.taxonomy, term)));
    } else if (definition.kind === 'object') {
      result[name] = visitTerms(definition.of.fields, value as Json, visit);
    } else if (definition.kind === 'objects') {
      result[name] = (value as Json[]).map((item) => visitTerms(definition.of.fields, item, visit));
    }
  }
  return result;
}

export function collectTerms(resource: ResourceType, doc: Json): TermOccurrence[] {
  const found: TermOccurrence[] = [];
  visitTerms(resource.fields, doc, (taxonomy, value) => {
    found.push({ taxonomy, value });
    return value;
  });
  return found;
}

/** Returns the document with every term replaced by `canonical(taxonomy, value)`. */
export function replaceTerms(resource: ResourceType, doc: Json, canonical: (taxonomy: string, value: string) => string): Json {
  return visitTerms(resource.fields, doc, canonical);
}

/** How to read one field from a stored asset; built once per type (reads are the hot path). */
interface FieldReader {
  name: string;
  v2Alias: string | undefined;
  read: (stored: StoredAsset) => unknown;
  /** Value objects that may carry a `binary_blob` (media, distributions). */
  holdsBlobs: boolean;
}

/** The name of the value-object field holding uploaded bytes (an image), base64-encoded. */
export const BINARY_BLOB = 'binary_blob';

const holdsBlobs = (definition: Field): boolean =>
  (definition.kind === 'objects' || definition.kind === 'object') && BINARY_BLOB in definition.of.fields;

const blobFieldsByType = new WeakMap<ResourceType, string[]>();

/** The fields of a type whose value objects may carry a `binary_blob` (worked out once per type). */
export function blobFields(resource: ResourceType): string[] {
  let fields = blobFieldsByType.get(resource);
  if (!fields) {
    fields = Object.entries(resource.fields)
      .filter(([, definition]) => holdsBlobs(definition))
      .map(([name]) => name);
    blobFieldsByType.set(resource, fields);
  }
  return fields;
}

/** Items without their blob (copies, only where there is one to leave out). */
function withoutBlobs(value: unknown): unknown {
  const strip = (item: unknown) => {
    if (item === null || typeof item !== 'object' || !(BINARY_BLOB in item)) return item;
    const { [BINARY_BLOB]: _blob, ...rest } = item as Json;
    return rest;
  };
  return Array.isArray(value) ? value.map(strip) : strip(value);
}

const EMPTY: readonly never[] = Object.freeze([]);
const LIST_KINDS = new Set(['strings', 'objects', 'terms', 'refs', 'inverse']);

function fieldReader(name: string, definition: Field, entry: 'read' | 'write'): FieldReader['read'] {
  switch (definition.kind) {
    case 'entry':
      return entry === 'read'
        ? (stored) => ({
            editor: stored.links.get(EDITOR_LINK_FIELD) ?? [],
            status: stored.status,
            date_modified: stored.dateModified,
            date_created: stored.dateCreated,
          })
        : (stored) => ({ editor: stored.links.get(EDITOR_LINK_FIELD) ?? [] });
    case 'ref':
      return (stored) => stored.links.get(name)?.[0];
    case 'refs':
    case 'inverse':
      return (stored) => stored.links.get(name) ?? [];
    default:
      if (name === 'platform') return (stored) => stored.platform;
      if (name === 'platform_resource_identifier') return (stored) => stored.platformResourceIdentifier;
      if (name === 'name') return (stored) => stored.name ?? undefined;
      if (LIST_KINDS.has(definition.kind)) return (stored) => stored.doc[name] ?? EMPTY;
      return (stored) => stored.doc[name];
  }
}

const readPlans = new WeakMap<ResourceType, FieldReader[]>();
const writePlans = new WeakMap<ResourceType, FieldReader[]>();

function planOf(resource: ResourceType, entry: 'read' | 'write'): FieldReader[] {
  const cache = entry === 'read' ? readPlans : writePlans;
  let plan = cache.get(resource);
  if (!plan) {
    plan = Object.entries(resource.fields).map(([name, definition]) => ({
      name,
      v2Alias: definition.v2Alias,
      read: fieldReader(name, definition, entry),
      holdsBlobs: holdsBlobs(definition),
    }));
    cache.set(resource, plan);
  }
  return plan;
}

export interface ReadExtras {
  /** Embedded contact read objects (already filtered for visibility and masked). */
  contacts?: Json[];
  /** Keep uploaded images' bytes (`get_image=true`); read objects leave them out otherwise, as AIoD does. */
  images?: boolean;
}

export function toReadObject(resource: ResourceType, stored: StoredAsset, version: ApiVersion, extras: ReadExtras = {}): Json {
  const result: Json = {};
  for (const reader of planOf(resource, 'read')) {
    let value = reader.read(stored);
    if (value === undefined || value === null) continue;
    if (reader.holdsBlobs && !extras.images) value = withoutBlobs(value);
    result[reader.name] = value;
    if (reader.v2Alias !== undefined && version === 'v2') result[reader.v2Alias] = value;
  }
  result.identifier = stored.identifier;
  for (const identityField of resource.identityFields) result[identityField] = stored.identifier;
  if (resource.embedsContacts) result.contacts = extras.contacts ?? [];
  return result;
}

/** The stored asset in the create shape: the base a JSON merge patch applies to. */
export function toWritableObject(resource: ResourceType, stored: StoredAsset): Json {
  const result: Json = {};
  for (const reader of planOf(resource, 'write')) {
    const value = reader.read(stored);
    if (value !== undefined && value !== null) result[reader.name] = value;
  }
  return result;
}
