import { describe, expect, it } from 'vitest';
import { contactAgent, personName, referencedAgent } from './agents.ts';
import { ids, readObjectOf, related } from './test-fixtures.ts';
import type { ReadObject } from './types.ts';

const lookupIn = (objects: ReadonlyMap<string, ReadObject>) => (identifier: string) => objects.get(identifier);
const lookup = lookupIn(related);

describe('agents behind contacts (C21: typed by what they are)', () => {
  it('a contact of a person is that person, named from given name and surname, working at its organisation', () => {
    expect(contactAgent(ids.janeContact, lookup)).toEqual({
      kind: 'person',
      identifier: ids.jane,
      contactIdentifier: ids.janeContact,
      name: 'Jane Doe',
      givenName: 'Jane',
      familyName: 'Doe',
      emails: ['jane.doe@example.org'],
      affiliation: {
        kind: 'organisation',
        identifier: ids.lab,
        name: 'Delft AI Lab for Mobility',
        legalName: 'Stichting Delft AI Lab for Mobility',
        emails: [],
      },
    });
  });

  it('a contact of an organisation only is that organisation', () => {
    expect(contactAgent(ids.labContact, lookup)).toMatchObject({ kind: 'organisation', identifier: ids.lab, name: 'Delft AI Lab for Mobility' });
  });

  it('a contact of nobody is a person with the contact name; without a name it is nobody', () => {
    expect(contactAgent(ids.deskContact, lookup)).toEqual({ kind: 'person', name: 'Data desk', contactIdentifier: ids.deskContact, emails: [] });
    const nameless = readObjectOf('contact', ids.deskContact, { email: ['desk@example.org'] });
    expect(contactAgent(ids.deskContact, lookupIn(new Map([[ids.deskContact, nameless]])))).toBeUndefined();
  });

  it('a person who is referenced but not loaded is still a person, by the contact name', () => {
    const onlyContact = lookupIn(new Map([[ids.janeContact, related.get(ids.janeContact) as ReadObject]]));
    expect(contactAgent(ids.janeContact, onlyContact)).toMatchObject({ kind: 'person', identifier: ids.jane, name: 'Jane Doe (work)' });
  });

  it('an unknown contact is nobody', () => {
    expect(contactAgent(ids.unknownContact, lookup)).toBeUndefined();
  });

  it('a referenced person or organisation is typed by its identifier; unknown ones and other types are nobody', () => {
    expect(referencedAgent(ids.jane, lookup)).toMatchObject({ kind: 'person', name: 'Jane Doe' });
    expect(referencedAgent(ids.foundation, lookup)).toMatchObject({ kind: 'organisation', name: 'Open Mobility Foundation' });
    expect(referencedAgent(ids.unknownOrganisation, lookup)).toBeUndefined();
    expect(referencedAgent(ids.publication, lookup)).toBeUndefined();
  });

  it('names persons "Given Surname", with one part if only one is known, else by name', () => {
    expect(personName({ given_name: 'Jane', surname: 'Doe', name: 'Doe, J.' })).toBe('Jane Doe');
    expect(personName({ surname: 'Doe', name: 'Doe, J.' })).toBe('Doe');
    expect(personName({ name: 'Doe, J.' })).toBe('Doe, J.');
    expect(personName(undefined)).toBeUndefined();
  });
});
