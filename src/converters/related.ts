/**
 * Which referenced assets a conversion needs, and where it finds them. References are two hops
 * deep at most: a creator is a contact, and the contact's person or organisation gives the
 * creator its type and name. Embedded contacts (`contacts`) count as known: they need no load.
 */
import { type Lookup, contactTargets } from './agents.ts';
import { unique } from './json-ld.ts';
import { readObjects, readString } from './read-object.ts';
import type { ConversionContext, ReadObject, References } from './types.ts';

function embeddedContacts(object: ReadObject): Map<string, ReadObject> {
  const contacts = new Map<string, ReadObject>();
  for (const contact of readObjects(object, 'contacts')) {
    const identifier = readString(contact, 'identifier');
    if (identifier !== undefined) contacts.set(identifier, contact);
  }
  return contacts;
}

/** Related objects first, then the contacts the object embeds. */
export function lookupFor(object: ReadObject, context: ConversionContext): Lookup {
  const embedded = embeddedContacts(object);
  return (identifier) => context.related.get(identifier) ?? embedded.get(identifier);
}

/**
 * Identifiers to load: the references, minus contacts already embedded, plus the person and
 * organisation of every contact known so far (embedded, or in `loaded`).
 */
export function identifiersToLoad(
  object: ReadObject,
  references: References,
  loaded: ReadonlyMap<string, ReadObject>,
): string[] {
  const embedded = embeddedContacts(object);
  const contactsToLoad = references.contacts.filter((identifier) => !embedded.has(identifier));
  const targets = references.contacts.flatMap((identifier) => contactTargets(loaded.get(identifier) ?? embedded.get(identifier)));
  return unique([...contactsToLoad, ...references.assets, ...targets]);
}

/**
 * Loads the assets `objects` reference, in two calls of `load` at most (one per hop), so
 * converting a page costs a constant number of queries whatever its size. `load` returns the read
 * objects it found, as the caller may see them (visibility, e-mail masking); missing ones are
 * simply skipped by the converters.
 */
export async function loadReferenced(
  objects: readonly ReadObject[],
  referencesOf: (object: ReadObject) => References,
  load: (identifiers: string[]) => Promise<ReadonlyMap<string, ReadObject>>,
): Promise<Map<string, ReadObject>> {
  const needed = (loaded: ReadonlyMap<string, ReadObject>) =>
    new Set(objects.flatMap((object) => identifiersToLoad(object, referencesOf(object), loaded)));
  const first = needed(new Map());
  const related = new Map(first.size > 0 ? await load([...first]) : []);
  const second = [...needed(related)].filter((identifier) => !first.has(identifier));
  if (second.length > 0) for (const [identifier, value] of await load(second)) related.set(identifier, value);
  return related;
}
