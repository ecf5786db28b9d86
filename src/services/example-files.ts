/**
 * The example data files (src/examples/<plural>.json): one realistic, linked example per type.
 * References between examples use `@<plural>:<platform_resource_identifier>`, the form every
 * connector uses for references between records of its platform.
 */
import { readFileSync } from 'node:fs';
import type { Json } from '../database/model/normalize.ts';

export const EXAMPLE_PLATFORM = 'example';

/** Types in the order they are loaded: referenced types first where there is no cycle. */
export const EXAMPLE_ORDER = [
  'organisations',
  'persons',
  'contacts',
  'publications',
  'datasets',
  'experiments',
  'ml_models',
  'case_studies',
  'computational_assets',
  'educational_resources',
  'events',
  'news',
  'projects',
  'services',
  'teams',
  'resource_bundles',
];

export function readExamples(plural: string): Json[] {
  return JSON.parse(readFileSync(new URL(`../examples/${plural}.json`, import.meta.url), 'utf8')) as Json[];
}
