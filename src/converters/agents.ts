/**
 * Who a creator, funder or member is, decided once for every output format. AIoD typed every agent
 * by the first union member that validated, so persons came out as organisations, and named
 * persons by their raw `name` (reference v1 §9, C21). Here a contact is the person it belongs to if
 * it has one, else the organisation, else a person known only by the contact's name; and a person's
 * name comes from given name and surname when it has them.
 */
import { resourceOfIdentifier } from '../database/model/registry.ts';
import { readEmails, readObjects, readString, readStrings } from './read-object.ts';
import type { ReadObject } from './types.ts';

/** Finds a related read object by identifier. */
export type Lookup = (identifier: string) => ReadObject | undefined;

export interface Agent {
  kind: 'person' | 'organisation';
  /** The person or organisation asset this agent is, when it is one. */
  identifier?: string;
  /** The contact the agent was found through, when it was. */
  contactIdentifier?: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  legalName?: string;
  emails: string[];
  /** The organisation a person contact also names (contact details "at" an organisation). */
  affiliation?: Agent;
}

/** "Given Surname" when either part is known, else the person's `name`. */
export function personName(person: ReadObject | undefined): string | undefined {
  const parts = [readString(person, 'given_name'), readString(person, 'surname')].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(' ') : readString(person, 'name');
}

function personAgent(identifier: string, person: ReadObject | undefined): Agent {
  return {
    kind: 'person',
    identifier,
    name: personName(person),
    givenName: readString(person, 'given_name'),
    familyName: readString(person, 'surname'),
    emails: [],
  };
}

function organisationAgent(identifier: string, organisation: ReadObject | undefined): Agent {
  return {
    kind: 'organisation',
    identifier,
    name: readString(organisation, 'name') ?? readString(organisation, 'legal_name'),
    legalName: readString(organisation, 'legal_name'),
    emails: [],
  };
}

/**
 * The agent behind a contact, or undefined when the contact is not known (deleted or not loaded)
 * or names nobody. A person or organisation that is referenced but not loaded is still typed by
 * the reference, named by the contact.
 */
export function contactAgent(contactIdentifier: string, lookup: Lookup): Agent | undefined {
  const contact = lookup(contactIdentifier);
  if (contact === undefined) return undefined;
  const contactName = readString(contact, 'name');
  const reachable = { contactIdentifier, emails: readEmails(contact) };
  const personIdentifier = readString(contact, 'person');
  const organisationIdentifier = readString(contact, 'organisation');
  const organisation =
    organisationIdentifier === undefined ? undefined : organisationAgent(organisationIdentifier, lookup(organisationIdentifier));
  if (personIdentifier !== undefined) {
    const person = personAgent(personIdentifier, lookup(personIdentifier));
    return { ...person, ...reachable, name: person.name ?? contactName, affiliation: organisation };
  }
  if (organisation !== undefined) return { ...organisation, ...reachable, name: organisation.name ?? contactName };
  if (contactName === undefined) return undefined;
  return { kind: 'person', name: contactName, ...reachable };
}

/** A person or organisation asset referenced directly (funder, member, member_of); undefined when not loaded. */
export function referencedAgent(identifier: string, lookup: Lookup): Agent | undefined {
  const object = lookup(identifier);
  if (object === undefined) return undefined;
  switch (resourceOfIdentifier(identifier)?.type) {
    case 'person':
      return personAgent(identifier, object);
    case 'organisation':
      return organisationAgent(identifier, object);
    default:
      return undefined;
  }
}

/** The contact a person or organisation names as its contact details, as reachability data. */
export function contactDetails(object: ReadObject, lookup: Lookup): { emails: string[]; telephones: string[]; locations: ReadObject[] } {
  const identifier = readString(object, 'contact_details');
  const contact = identifier === undefined ? undefined : lookup(identifier);
  return { emails: readEmails(contact), telephones: readStrings(contact, 'telephone'), locations: readObjects(contact, 'location') };
}

/** The person and organisation a contact points to: what `contactAgent` reads besides the contact. */
export function contactTargets(contact: ReadObject | undefined): string[] {
  return [readString(contact, 'person'), readString(contact, 'organisation')].filter((id) => id !== undefined);
}
