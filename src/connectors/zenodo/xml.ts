/**
 * XML as plain objects (fast-xml-parser): namespace prefixes removed, attributes as `@_name`, text
 * as `#text`, every value kept as a string (a version "1.10" must not become the number 1.1).
 * Elements that may repeat are always arrays, so one creator and five creators read the same way.
 */
import { XMLParser } from 'fast-xml-parser';

export type XmlNode = Record<string, unknown>;

/** Elements of OAI-PMH and DataCite that may occur more than once. */
const REPEATED = new Set([
  'record',
  'error',
  'creator',
  'nameIdentifier',
  'affiliation',
  'title',
  'description',
  'date',
  'rights',
  'subject',
  'alternateIdentifier',
  'relatedIdentifier',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

export function parseXml(xml: string): XmlNode {
  return parser.parse(xml) as XmlNode;
}

/** The child element(s) called `name`, always as a list. */
export function children(node: unknown, name: string): unknown[] {
  if (!isNode(node)) return [];
  const value = node[name];
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function child(node: unknown, name: string): unknown {
  return children(node, name)[0];
}

/** The text of an element: a bare string, or `#text` of an element with attributes. */
export function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (isNode(node)) return textOf(node['#text'] ?? '');
  return '';
}

export function attribute(node: unknown, name: string): string | undefined {
  if (!isNode(node)) return undefined;
  const value = node[`@_${name}`];
  return value === undefined ? undefined : String(value);
}

/** Whitespace runs (pretty-printed XML wraps long values over lines) become one space. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
