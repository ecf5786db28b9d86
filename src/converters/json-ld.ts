/** Building blocks of the JSON-LD every converter emits. */
import type { JsonLdNode } from './types.ts';

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * A node without absent values. JSON-LD processors ignore null and [], but clients reading the JSON
 * directly should not have to: an absent field is simply not there. Lists lose their absent items.
 */
export function node(properties: Record<string, unknown>): JsonLdNode {
  const result: JsonLdNode = {};
  for (const [key, value] of Object.entries(properties)) {
    const cleaned = Array.isArray(value) ? value.filter(isPresent) : value;
    if (isPresent(cleaned)) result[key] = cleaned;
  }
  return result;
}

/** Whether a node says anything beyond its type and identifier. */
export function hasContent(value: JsonLdNode): boolean {
  return Object.keys(value).some((key) => key !== '@type' && key !== '@id');
}

// Characters that URL parsing would silently percent-encode but that are not allowed in an IRI.
const NOT_IN_IRI = /[\s<>"{}|\\^`]/;

/**
 * The value if it is an absolute IRI. Stored URLs are free text; a relative or malformed one would
 * make an invalid `@id` (safe-mode expansion rejects relative ones), so it is left out instead.
 */
export function absoluteIri(value: string | undefined): string | undefined {
  if (value === undefined || NOT_IN_IRI.test(value) || !URL.canParse(value)) return undefined;
  return value;
}

/** A reference to a node by IRI, or undefined when the value is not an absolute IRI. */
export function reference(iri: string | undefined): JsonLdNode | undefined {
  const absolute = absoluteIri(iri);
  return absolute === undefined ? undefined : { '@id': absolute };
}

export function typedLiteral(value: string | undefined, type: string): JsonLdNode | undefined {
  return value === undefined ? undefined : { '@value': value, '@type': type };
}

export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Recursively frozen, so the shared @context constants cannot be changed through an output. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
