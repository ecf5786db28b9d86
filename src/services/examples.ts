/**
 * Example data: one realistic, linked example per type, written through the normal create path as
 * the `example` platform's connector (so it is published at once). References between examples use
 * `@<plural>:<platform_resource_identifier>`; a reference to an example not created yet (a cycle,
 * such as a dataset cited by a publication that documents it) is filled in by a second pass.
 */
import { readFileSync } from 'node:fs';
import type { Principal } from '../auth/principal.ts';
import type { Json } from '../database/model/normalize.ts';
import { resourceByPlural } from '../database/model/registry.ts';
import type { ResourceType } from '../database/model/resource.ts';
import { createSchema } from '../database/model/schemas.ts';
import { validationError } from '../errors.ts';
import { findLiveAssetByPlatformIdentifier } from '../repositories/assets.ts';
import { createAsset, patchAsset } from './asset-writes.ts';
import type { Viewer } from './asset-reads.ts';
import type { Catalogue } from './catalogue.ts';

export const EXAMPLE_PLATFORM = 'example';

const examplePrincipal: Principal = {
  subject: 'example-connector',
  username: 'example-connector',
  roles: new Set([`platform_${EXAMPLE_PLATFORM}`]),
};

/** Types in the order they are created: referenced types first where there is no cycle. */
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

const REFERENCE = /^@([a-z_]+):(.+)$/;

export function readExamples(plural: string): Json[] {
  return JSON.parse(readFileSync(new URL(`../examples/${plural}.json`, import.meta.url), 'utf8')) as Json[];
}

async function identifierOf(catalogue: Catalogue, reference: string): Promise<string | undefined> {
  const match = REFERENCE.exec(reference);
  if (!match) return reference;
  const resource = resourceByPlural(match[1] as string);
  if (!resource) throw new Error(`example reference ${reference}: unknown type`);
  const row = await findLiveAssetByPlatformIdentifier(catalogue.database.kysely, resource.type, EXAMPLE_PLATFORM, match[2] as string);
  return row?.identifier;
}

/** Resolves references in reference fields; unresolved ones are removed and returned for later. */
async function resolveReferences(catalogue: Catalogue, resource: ResourceType, body: Json) {
  const resolved: Json = { ...body };
  const deferred: Json = {};
  for (const [name, definition] of Object.entries(resource.fields)) {
    const value = body[name];
    if (value === undefined || value === null) continue;
    if (definition.kind === 'ref') {
      const identifier = await identifierOf(catalogue, value as string);
      if (identifier) resolved[name] = identifier;
      else {
        delete resolved[name];
        deferred[name] = value;
      }
    } else if (definition.kind === 'refs' || definition.kind === 'inverse') {
      const identifiers: string[] = [];
      for (const reference of value as string[]) {
        const identifier = await identifierOf(catalogue, reference);
        if (identifier) identifiers.push(identifier);
        else deferred[name] = value;
      }
      resolved[name] = identifiers;
    }
  }
  return { resolved, deferred };
}

function parsed(resource: ResourceType, body: Json): Json {
  const result = createSchema(resource, 'latest').safeParse(body);
  if (!result.success) throw validationError(result.error, 'json');
  return result.data as Json;
}

/** Loads every example that is not in the catalogue yet; returns how many were created. */
export async function loadExamples(catalogue: Catalogue): Promise<number> {
  const viewer: Viewer = { principal: examplePrincipal, version: 'latest' };
  const later: Array<{ resource: ResourceType; identifier: string; deferred: Json }> = [];
  let created = 0;
  for (const plural of EXAMPLE_ORDER) {
    const resource = resourceByPlural(plural);
    if (!resource) throw new Error(`examples: unknown type ${plural}`);
    for (const example of readExamples(plural)) {
      const platformIdentifier = example.platform_resource_identifier as string;
      const existing = await findLiveAssetByPlatformIdentifier(catalogue.database.kysely, resource.type, EXAMPLE_PLATFORM, platformIdentifier);
      if (existing) continue;
      const { resolved, deferred } = await resolveReferences(catalogue, resource, { ...example, platform: EXAMPLE_PLATFORM });
      const identifier = await createAsset(catalogue, resource, parsed(resource, resolved), viewer);
      created += 1;
      if (Object.keys(deferred).length > 0) later.push({ resource, identifier, deferred });
    }
  }
  for (const { resource, identifier, deferred } of later) {
    const { resolved } = await resolveReferences(catalogue, resource, deferred);
    await patchAsset(catalogue, resource, identifier, resolved, viewer);
  }
  return created;
}
