/** Persons as schema.org Persons. */
import { contactDetails, personName } from '../agents.ts';
import { node } from '../json-ld.ts';
import { readIdentifiers, readString, readStrings } from '../read-object.ts';
import { lookupFor } from '../related.ts';
import type { Converter } from '../types.ts';
import { referencedAgentNodes } from './agents.ts';
import { schemaOrgTypeOf } from './asset-types.ts';
import { schemaOrgContext } from './context.ts';
import { thingProperties } from './thing.ts';

export const schemaOrgPerson: Converter = {
  references: (object) => ({
    contacts: [],
    assets: [...readStrings(object, 'member_of'), ...readIdentifiers(object, 'contact_details')],
  }),
  convert: (object, context) => {
    const lookup = lookupFor(object, context);
    const details = contactDetails(object, lookup);
    return node({
      '@context': schemaOrgContext,
      '@type': schemaOrgTypeOf('person'),
      ...thingProperties('person', object, context),
      name: personName(object),
      givenName: readString(object, 'given_name'),
      familyName: readString(object, 'surname'),
      knowsAbout: readStrings(object, 'expertise'),
      knowsLanguage: readStrings(object, 'languages'),
      memberOf: referencedAgentNodes(object, 'member_of', lookup, context),
      email: details.emails,
      telephone: details.telephones,
    });
  },
};
