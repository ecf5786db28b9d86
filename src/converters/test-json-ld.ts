/** Test helpers: safe-mode expansion and reading values out of expanded JSON-LD. */
import jsonld, { type Options } from 'jsonld';
import type { JsonLdNode } from './types.ts';

export type ExpandedNode = Record<string, unknown>;

/** `safe` is a jsonld.js option its type declarations do not know yet. */
type SafeExpand = Options.Expand & { safe: boolean };

/** Any attempt to fetch a document (a remote @context) fails the test: there is no network here. */
const refuseToFetch = (url: string): never => {
  throw new Error(`JSON-LD processing tried to fetch ${url}`);
};

/**
 * Expands in safe mode: any term, type or @id that does not become an absolute IRI throws, and so
 * does any remote document the processor would have to fetch.
 */
export async function expandSafely(document: JsonLdNode): Promise<ExpandedNode[]> {
  const options: SafeExpand = { safe: true, documentLoader: refuseToFetch as unknown as SafeExpand['documentLoader'] };
  const expanded: unknown = await jsonld.expand(structuredClone(document) as jsonld.JsonLdDocument, options);
  return expanded as ExpandedNode[];
}

/** The expanded values of a property. */
export function valuesOf(node: ExpandedNode | undefined, property: string): Array<Record<string, unknown>> {
  const values = node?.[property];
  return Array.isArray(values) ? (values as Array<Record<string, unknown>>) : [];
}

/** The literal values of a property. */
export function literals(node: ExpandedNode | undefined, property: string): unknown[] {
  return valuesOf(node, property).map((value) => value['@value']);
}

/** The IRIs a property points to. */
export function iris(node: ExpandedNode | undefined, property: string): unknown[] {
  return valuesOf(node, property).map((value) => value['@id']);
}

/** The node with this @id in an expanded document (expansion lifts a top-level @graph's nodes). */
export function nodeWithId(expanded: ExpandedNode[], id: string): ExpandedNode | undefined {
  return expanded.find((candidate) => candidate['@id'] === id);
}

/** Every key and value in a document, depth first: to look for nulls, empty lists, prefixes. */
export function* walk(value: unknown): Generator<{ key: string | undefined; value: unknown }> {
  if (Array.isArray(value)) {
    for (const item of value) yield* walk(item);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      yield { key, value: inner };
      yield* walk(inner);
    }
  }
}

/** Nulls, empty strings and empty lists anywhere in a document (there should be none). */
export function emptyValues(document: JsonLdNode): string[] {
  return [...walk(document)]
    .filter(({ value }) => value === null || value === '' || (Array.isArray(value) && value.length === 0))
    .map(({ key }) => String(key));
}

/** N-Quads of a document, converted in safe mode without fetching anything. */
export async function nQuads(document: JsonLdNode): Promise<string[]> {
  const options = { safe: true, format: 'application/n-quads', documentLoader: refuseToFetch } as unknown as Options.ToRdf;
  const quads: unknown = await jsonld.toRDF(structuredClone(document) as jsonld.JsonLdDocument, options);
  return String(quads).trim().split('\n');
}

export const schema = (term: string): string => `http://schema.org/${term}`;
