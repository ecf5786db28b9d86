/**
 * Request examples for the OpenAPI documents, taken from the example data (so documentation and
 * examples cannot drift apart): references between examples become identifiers of the right shape.
 */
import type { Json } from '../database/model/normalize.ts';
import { resourceByPlural } from '../database/model/registry.ts';
import type { ResourceType } from '../database/model/resource.ts';
import { readExamples } from '../services/example-files.ts';

function exampleIdentifier(prefix: string, seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let value = '';
  for (let index = 0; value.length < 24; index += 1) {
    value += alphabet[(seed.charCodeAt(index % seed.length) * 31 + index * 7) % alphabet.length];
  }
  return `${prefix}_${value}`;
}

function withIdentifiers(value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith('@')) {
    const [plural, platformIdentifier] = value.slice(1).split(/:(.*)/s) as [string, string];
    return exampleIdentifier(resourceByPlural(plural)?.prefix ?? 'x', platformIdentifier);
  }
  if (Array.isArray(value)) return value.map(withIdentifiers);
  return value;
}

/** The example create body of a type (as a user would send it: without platform fields). */
export function createExample(resource: ResourceType): Json {
  const [example] = readExamples(resource.plural);
  const result: Json = {};
  for (const [key, value] of Object.entries(example ?? {})) {
    if (key !== 'platform' && key !== 'platform_resource_identifier') result[key] = withIdentifiers(value);
  }
  return result;
}
