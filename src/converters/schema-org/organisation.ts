/** Organisations as schema.org Organizations. */
import { contactDetails } from '../agents.ts';
import { node } from '../json-ld.ts';
import { readIdentifiers, readString, readStrings } from '../read-object.ts';
import { lookupFor } from '../related.ts';
import type { Converter } from '../types.ts';
import { referencedAgentNodes } from './agents.ts';
import { schemaOrgTypeOf } from './asset-types.ts';
import { schemaOrgContext } from './context.ts';
import { placeNode } from './place.ts';
import { thingProperties } from './thing.ts';

export const schemaOrgOrganisation: Converter = {
  references: (object) => ({
    contacts: [],
    assets: [...readStrings(object, 'member'), ...readIdentifiers(object, 'contact_details')],
  }),
  convert: (object, context) => {
    const lookup = lookupFor(object, context);
    const details = contactDetails(object, lookup);
    const employees = readString(object, 'number_of_employees');
    return node({
      '@context': schemaOrgContext,
      '@type': schemaOrgTypeOf('organisation'),
      ...thingProperties('organisation', object, context),
      legalName: readString(object, 'legal_name'),
      foundingDate: readString(object, 'date_founded'),
      keywords: readStrings(object, 'keyword'),
      member: referencedAgentNodes(object, 'member', lookup, context),
      email: details.emails,
      telephone: details.telephones,
      location: details.locations.map(placeNode),
      // The head count is a band of a taxonomy ("<250"), not a number: it names the value.
      numberOfEmployees: employees === undefined ? undefined : { '@type': 'QuantitativeValue', name: employees },
    });
  },
};
