/**
 * zod schemas derived from the declarations: the create body (POST/PUT), the read object (GET, for
 * OpenAPI) and the patch body (PATCH, for OpenAPI). Schemas validate only; normalisation (nulls,
 * dates, terms) happens in `normalize.ts`, so the OpenAPI documents show plain input types.
 * Optional fields accept null as "absent" (AIoD #288). Unknown keys are ignored, as AIoD does,
 * except inside `aiod_entry`, which is strict.
 */
import { z } from '@hono/zod-openapi';
import type { Field, ValueField, ValueObject } from './fields.ts';
import { FIELD_LENGTH } from './limits.ts';
import { resourceByType } from './registry.ts';
import type { ResourceType } from './resource.ts';

/** `latest` is the unversioned API and `/v3`; `/v2` differs only where a field says so. */
export type ApiVersion = 'v2' | 'latest';

const DATE_TIME_PATTERN =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

export function isDateTimeText(value: string): boolean {
  return DATE_TIME_PATTERN.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')));
}

export const identifierSchema = z.string().min(1).max(30);

const dateTimeSchema = z
  .string()
  .refine(isDateTimeText, { message: 'Expected an ISO 8601 date-time, e.g. 2024-01-31T12:00:00Z' });

function pascal(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function withDocs<T extends z.ZodType>(schema: T, definition: Field): T {
  const metadata: { description: string; example?: unknown } = { description: definition.description };
  if (definition.example !== undefined) metadata.example = definition.example;
  return schema.openapi(metadata) as T;
}

function bounded<T extends z.ZodNumber>(schema: T, min?: number, max?: number): z.ZodNumber {
  let result: z.ZodNumber = schema;
  if (min !== undefined) result = result.min(min);
  if (max !== undefined) result = result.max(max);
  return result;
}

const valueObjectSchemas = new Map<ValueObject, z.ZodType>();

export function valueObjectSchema(object: ValueObject): z.ZodType {
  let schema = valueObjectSchemas.get(object);
  if (!schema) {
    const shape: Record<string, z.ZodType> = {};
    for (const [name, definition] of Object.entries(object.fields)) shape[name] = valueFieldSchema(definition, 'write');
    schema = z.object(shape).openapi(object.name, { description: object.description });
    valueObjectSchemas.set(object, schema);
  }
  return schema;
}

function baseValueSchema(definition: ValueField): z.ZodType {
  switch (definition.kind) {
    case 'string': {
      let schema = z.string().max(definition.max);
      if (definition.min !== undefined) schema = schema.min(definition.min);
      return schema;
    }
    case 'integer':
      return bounded(z.number().int(), definition.min, definition.max);
    case 'number':
      return bounded(z.number(), definition.min, definition.max);
    case 'boolean':
      return z.boolean();
    case 'date':
      return z.iso.date();
    case 'datetime':
      return dateTimeSchema;
    case 'strings':
      return z.array(z.string().max(definition.max));
    case 'object':
      return valueObjectSchema(definition.of);
    case 'objects':
      return z.array(valueObjectSchema(definition.of));
    case 'term':
      return z.string().min(1).max(FIELD_LENGTH.NORMAL);
    case 'terms':
      return z.array(z.string().min(1).max(FIELD_LENGTH.NORMAL));
  }
}

function valueFieldSchema(definition: ValueField, mode: 'write' | 'read'): z.ZodType {
  const schema = withDocs(baseValueSchema(definition), definition);
  if (definition.required) return schema;
  const isList = definition.kind === 'strings' || definition.kind === 'objects' || definition.kind === 'terms';
  if (mode === 'read') return isList ? schema : schema.optional();
  return schema.nullish();
}

function fieldSchema(definition: Field, mode: 'write' | 'read'): z.ZodType {
  switch (definition.kind) {
    case 'ref':
      return withDocs(identifierSchema, definition)[mode === 'write' ? 'nullish' : 'optional']();
    case 'refs':
    case 'inverse': {
      const list = withDocs(z.array(identifierSchema), definition);
      return mode === 'write' ? list.nullish() : list;
    }
    case 'entry':
      return mode === 'write' ? entryWriteSchema : entryReadSchema;
    default:
      return valueFieldSchema(definition, mode);
  }
}

const entryWriteSchema = z
  .object({
    editor: z
      .array(identifierSchema)
      .nullish()
      .openapi({ description: 'Persons who edited the entry (person identifiers).' }),
  })
  .strict()
  .nullish()
  .openapi({ description: 'Only `editor` may be set; status and dates are managed by the catalogue.' });

const entryReadSchema = z
  .object({
    editor: z.array(z.string()),
    status: z.enum(['draft', 'submitted', 'published', 'rejected']),
    date_modified: z.string().openapi({ example: '2025-11-05T13:45:27.123Z' }),
    date_created: z.string().openapi({ example: '2025-11-05T13:45:27.123Z' }),
  })
  .openapi('AIoDEntryRead');

function memoize<T>(cache: Map<string, T>, key: string, build: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = build();
    cache.set(key, value);
  }
  return value;
}

const createSchemas = new Map<string, z.ZodObject>();
const readSchemas = new Map<string, z.ZodType>();
const patchSchemas = new Map<string, z.ZodType>();

/** Field name → schema of the writable fields, with /v2 aliases where the version has them. */
function writableShape(resource: ResourceType, version: ApiVersion): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, definition] of Object.entries(resource.fields)) {
    const schema = fieldSchema(definition, 'write');
    shape[name] = schema;
    if (version === 'v2' && definition.v2Alias) shape[definition.v2Alias] = schema;
  }
  return shape;
}

export function createSchema(resource: ResourceType, version: ApiVersion): z.ZodObject {
  return memoize(createSchemas, `${resource.type}:${version}`, () =>
    z.object(writableShape(resource, version)).openapi(`${pascal(resource.type)}Create`, {
      description: `A ${resource.type.replaceAll('_', ' ')} to create, or the full replacement in a PUT.`,
    }),
  );
}

export function patchSchema(resource: ResourceType, version: ApiVersion): z.ZodType {
  return memoize(patchSchemas, `${resource.type}:${version}`, () =>
    createSchema(resource, version)
      .partial()
      .openapi(`${pascal(resource.type)}Patch`, {
        description: 'A JSON merge patch (RFC 7396): given fields replace, null removes, absent fields stay.',
      }),
  );
}

export function readSchema(resource: ResourceType, version: ApiVersion): z.ZodType {
  return memoize(readSchemas, `${resource.type}:${version}`, () => {
    const shape: Record<string, z.ZodType> = {};
    for (const [name, definition] of Object.entries(resource.fields)) {
      const schema = fieldSchema(definition, 'read');
      shape[name] = schema;
      if (version === 'v2' && definition.v2Alias) shape[definition.v2Alias] = schema;
    }
    shape.identifier = z.string().openapi({ example: `${resource.prefix}_HlxWk9XDSfypDdWhwa7rxDCM` });
    for (const identityField of resource.identityFields) {
      shape[identityField] = z.string().openapi({ description: 'Equal to identifier (kept for AIoD compatibility).' });
    }
    if (resource.embedsContacts) {
      shape.contacts = z
        .array(readSchema(resourceByType('contact'), version))
        .openapi({ description: 'The contacts of `contact`, embedded (read-only).' });
    }
    return z.object(shape).openapi(pascal(resource.type), { description: resource.description });
  });
}
