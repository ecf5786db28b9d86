/**
 * Field builders of the declarative model (DESIGN §4). A resource type is a list of these values;
 * schemas, storage, OpenAPI and search are all derived from them, so a field is declared exactly once.
 *
 * Storage follows from the kind:
 *  - scalars, value objects, plain string lists and taxonomy terms live in the asset's JSON document;
 *  - references (`ref`, `refs`) are rows in `asset_link`; `inverse` fields read and write the same
 *    rows from the other end (has_part / is_part_of);
 *  - taxonomy terms are also rows in `asset_term`, for filters and facets.
 */

/** What a reference may point to: a concrete type or one of AIoD's parent kinds. */
export type ReferenceKind =
  | 'agent'
  | 'ai_asset'
  | 'ai_resource'
  | 'contact'
  | 'experiment'
  | 'organisation'
  | 'person'
  | 'publication';

interface Common {
  description: string;
  required?: boolean;
  example?: unknown;
  /** The field is also readable and writable under this name in /v2 only (renamed fields). */
  v2Alias?: string;
}

export interface StringField extends Common {
  kind: 'string';
  max: number;
  min?: number;
}
export interface IntegerField extends Common {
  kind: 'integer';
  min?: number;
  max?: number;
}
export interface NumberField extends Common {
  kind: 'number';
  min?: number;
  max?: number;
}
export interface BooleanField extends Common {
  kind: 'boolean';
  defaultValue?: boolean;
}
export interface DateField extends Common {
  kind: 'date';
}
export interface DateTimeField extends Common {
  kind: 'datetime';
}
/** A list of free strings that are not a vocabulary (alternate names, links, e-mail addresses). */
export interface StringListField extends Common {
  kind: 'strings';
  max: number;
}
export interface ObjectField extends Common {
  kind: 'object';
  of: ValueObject;
}
export interface ObjectListField extends Common {
  kind: 'objects';
  of: ValueObject;
}
/** One term of a taxonomy or open vocabulary (see taxonomies.ts). */
export interface TermField extends Common {
  kind: 'term';
  taxonomy: string;
}
export interface TermListField extends Common {
  kind: 'terms';
  taxonomy: string;
}
export interface RefField extends Common {
  kind: 'ref';
  target: ReferenceKind;
}
export interface RefListField extends Common {
  kind: 'refs';
  target: ReferenceKind;
}
/** The other end of a stored `refs` field: X.is_part_of ∋ Y  ⇔  Y.has_part ∋ X. */
export interface InverseField extends Common {
  kind: 'inverse';
  of: string;
  target: ReferenceKind;
}
/** The `aiod_entry` block: editors (person references) plus status and dates kept in columns. */
export interface EntryField extends Common {
  kind: 'entry';
}

export type ValueField =
  | StringField
  | IntegerField
  | NumberField
  | BooleanField
  | DateField
  | DateTimeField
  | StringListField
  | ObjectField
  | ObjectListField
  | TermField
  | TermListField;

export type Field = ValueField | RefField | RefListField | InverseField | EntryField;

/** A value object: an embedded JSON object with its own fields (distribution, location, ...). */
export interface ValueObject {
  name: string;
  description: string;
  fields: Record<string, ValueField>;
}

type Options<F> = Omit<F, 'kind' | 'description'> extends infer O ? Partial<O> : never;

export const field = {
  string: (max: number, description: string, options: Options<StringField> = {}): StringField => ({
    kind: 'string',
    max,
    description,
    ...options,
  }),
  integer: (description: string, options: Options<IntegerField> = {}): IntegerField => ({
    kind: 'integer',
    description,
    ...options,
  }),
  number: (description: string, options: Options<NumberField> = {}): NumberField => ({
    kind: 'number',
    description,
    ...options,
  }),
  boolean: (description: string, options: Options<BooleanField> = {}): BooleanField => ({
    kind: 'boolean',
    description,
    ...options,
  }),
  date: (description: string, options: Options<DateField> = {}): DateField => ({ kind: 'date', description, ...options }),
  datetime: (description: string, options: Options<DateTimeField> = {}): DateTimeField => ({
    kind: 'datetime',
    description,
    ...options,
  }),
  strings: (max: number, description: string, options: Options<StringListField> = {}): StringListField => ({
    kind: 'strings',
    max,
    description,
    ...options,
  }),
  object: (of: ValueObject, description: string, options: Options<ObjectField> = {}): ObjectField => ({
    kind: 'object',
    of,
    description,
    ...options,
  }),
  objects: (of: ValueObject, description: string, options: Options<ObjectListField> = {}): ObjectListField => ({
    kind: 'objects',
    of,
    description,
    ...options,
  }),
  term: (taxonomy: string, description: string, options: Options<TermField> = {}): TermField => ({
    kind: 'term',
    taxonomy,
    description,
    ...options,
  }),
  terms: (taxonomy: string, description: string, options: Options<TermListField> = {}): TermListField => ({
    kind: 'terms',
    taxonomy,
    description,
    ...options,
  }),
  ref: (target: ReferenceKind, description: string, options: Options<RefField> = {}): RefField => ({
    kind: 'ref',
    target,
    description,
    ...options,
  }),
  refs: (target: ReferenceKind, description: string, options: Options<RefListField> = {}): RefListField => ({
    kind: 'refs',
    target,
    description,
    ...options,
  }),
  inverse: (of: string, target: ReferenceKind, description: string): InverseField => ({
    kind: 'inverse',
    of,
    target,
    description,
  }),
};

export function valueObject(name: string, description: string, fields: Record<string, ValueField>): ValueObject {
  return { name, description, fields };
}

export const isListField = (definition: Field): boolean =>
  definition.kind === 'strings' ||
  definition.kind === 'objects' ||
  definition.kind === 'terms' ||
  definition.kind === 'refs' ||
  definition.kind === 'inverse';

export const isLinkField = (definition: Field): definition is RefField | RefListField =>
  definition.kind === 'ref' || definition.kind === 'refs';

/** The link field name that stores `aiod_entry.editor`. */
export const EDITOR_LINK_FIELD = 'editor';
