/**
 * For tests (here and in test/): whether a connector's body is one the sink can store: its `@<plural>:<platform id>` references
 * replaced by an identifier as the sink does (references.ts), then the create schema of its type.
 */
import { resolveReferences } from './references.ts';
import type { Json } from '../database/model/normalize.ts';
import type { ResourceType } from '../database/model/resource.ts';
import { createSchema } from '../database/model/schemas.ts';

/** The schema's complaint about the body, or undefined when it is valid. */
export function createBodyProblem(resource: ResourceType, body: Json): unknown {
  const { body: resolved } = resolveReferences(resource, body, (reference) => `${reference.plural.slice(0, 3)}_resolved`);
  return createSchema(resource, 'latest').safeParse(resolved).error;
}
