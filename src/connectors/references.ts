/**
 * References between records of one platform: a body names another record as
 * `@<plural>:<platform id>` (the example files use the same form). The sink replaces each with the
 * catalogue identifier once the referenced record is stored.
 */
import type { Json } from '../database/model/normalize.ts';
import type { ResourceType } from '../database/model/resource.ts';

const REFERENCE = /^@([a-z_]+):(.+)$/s;

export interface PlatformReference {
  plural: string;
  platformResourceIdentifier: string;
}

export function parseReference(value: unknown): PlatformReference | undefined {
  if (typeof value !== 'string') return undefined;
  const match = REFERENCE.exec(value);
  return match ? { plural: match[1] as string, platformResourceIdentifier: match[2] as string } : undefined;
}

/** Every platform reference in the body's reference fields (a resolution that resolves nothing). */
export function referencesIn(resource: ResourceType, body: Json): PlatformReference[] {
  const found: PlatformReference[] = [];
  resolveReferences(resource, body, (reference) => {
    found.push(reference);
    return undefined;
  });
  return found;
}

/**
 * The body with references replaced by identifiers from `lookup`; references it cannot resolve yet
 * are left out and listed in `unresolved`.
 */
export function resolveReferences(
  resource: ResourceType,
  body: Json,
  lookup: (reference: PlatformReference) => string | undefined,
): { body: Json; unresolved: string[] } {
  const resolved: Json = { ...body };
  const unresolved: string[] = [];
  const resolveOne = (value: unknown): unknown => {
    const reference = parseReference(value);
    if (!reference) return value;
    const identifier = lookup(reference);
    if (identifier === undefined) unresolved.push(value as string);
    return identifier;
  };
  for (const [name, definition] of resource.referenceFields) {
    const value = body[name];
    if (value === undefined || value === null) continue;
    if (definition.kind === 'ref') {
      const identifier = resolveOne(value);
      if (identifier === undefined) delete resolved[name];
      else resolved[name] = identifier as string;
    } else if (Array.isArray(value)) {
      // Anything but a list is left for validation to reject.
      resolved[name] = value.map(resolveOne).filter((item) => item !== undefined) as string[];
    }
  }
  return { body: resolved, unresolved };
}
