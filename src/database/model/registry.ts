/**
 * Every resource type the catalogue serves. Adding a type: one file in resources/, one line here.
 * The lookups below are how the rest of the code finds a type by route segment, storage name or
 * identifier prefix.
 */
import type { Field, ValueObject } from './fields.ts';
import type { ResourceType } from './resource.ts';
import { caseStudies } from './resources/case-studies.ts';
import { computationalAssets } from './resources/computational-assets.ts';
import { contacts } from './resources/contacts.ts';
import { datasets } from './resources/datasets.ts';
import { educationalResources } from './resources/educational-resources.ts';
import { events } from './resources/events.ts';
import { experiments } from './resources/experiments.ts';
import { mlModels } from './resources/ml-models.ts';
import { news } from './resources/news.ts';
import { organisations } from './resources/organisations.ts';
import { persons } from './resources/persons.ts';
import { projects } from './resources/projects.ts';
import { publications } from './resources/publications.ts';
import { resourceBundles } from './resources/resource-bundles.ts';
import { services } from './resources/services.ts';
import { teams } from './resources/teams.ts';
import { taxonomyNamed } from './taxonomies.ts';

export const resourceTypes: readonly ResourceType[] = [
  caseStudies,
  computationalAssets,
  contacts,
  datasets,
  educationalResources,
  events,
  experiments,
  mlModels,
  news,
  organisations,
  persons,
  projects,
  publications,
  resourceBundles,
  services,
  teams,
];

const byPlural = new Map(resourceTypes.map((resource) => [resource.plural, resource]));
const byType = new Map(resourceTypes.map((resource) => [resource.type, resource]));
const byPrefix = new Map(resourceTypes.map((resource) => [resource.prefix, resource]));

export const resourceByPlural = (plural: string): ResourceType | undefined => byPlural.get(plural);
export const resourceByPrefix = (prefix: string): ResourceType | undefined => byPrefix.get(prefix);

export function resourceByType(type: string): ResourceType {
  const resource = byType.get(type);
  if (!resource) throw new Error(`unknown resource type ${type}`);
  return resource;
}

/** The type an identifier belongs to, by its prefix (`data_...` → datasets), if any. */
export function resourceOfIdentifier(identifier: string): ResourceType | undefined {
  const separator = identifier.indexOf('_');
  return separator > 0 ? byPrefix.get(identifier.slice(0, separator)) : undefined;
}

/** AIoD's deprecated parent routes, one per group kind: `/agents/{id}` reads an organisation or a person. */
export const parentRoutes = [
  { path: 'agents', kind: 'agent', title: 'Agent' },
  { path: 'ai_assets', kind: 'ai_asset', title: 'AIAsset' },
  { path: 'ai_resources', kind: 'ai_resource', title: 'AIResource' },
] as const;

/** Types that satisfy a reference kind: `agent` → organisations and persons. */
export function typesOfKind(kind: string): ResourceType[] {
  return resourceTypes.filter((resource) => resource.kinds.has(kind));
}

function checkTermFields(owner: string, fields: Record<string, Field>, seen: Set<ValueObject>): void {
  for (const [name, definition] of Object.entries(fields)) {
    if (definition.kind === 'term' || definition.kind === 'terms') taxonomyNamed(definition.taxonomy);
    if ((definition.kind === 'object' || definition.kind === 'objects') && !seen.has(definition.of)) {
      seen.add(definition.of);
      checkTermFields(`${owner}.${name}`, definition.of.fields, seen);
    }
  }
}

// Fail at load time, not at the first request, when a declaration names an unknown taxonomy.
for (const resource of resourceTypes) checkTermFields(resource.type, resource.fields, new Set());
