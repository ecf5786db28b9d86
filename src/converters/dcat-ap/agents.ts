/** Contact points (vCard), creators and funders (FOAF, PROV) and the publisher of a DCAT-AP dataset. */
import { type Agent, contactAgent, type Lookup } from '../agents.ts';
import { hasContent, node, reference } from '../json-ld.ts';
import { readEmails, readObject, readObjects, readString, readStrings } from '../read-object.ts';
import type { ConversionContext, JsonLdNode, ReadObject } from '../types.ts';

/** ISO 19115 role "funder", the role IRI DCAT 2 uses in its qualified-attribution examples. */
export const FUNDER_ROLE = 'http://registry.it.csiro.au/def/isotc211/CI_RoleCode/funder';

function mailbox(email: string): JsonLdNode | undefined {
  return reference(`mailto:${email}`);
}

/** A tel: IRI (RFC 3966) keeps + and digits and visual separators, but no spaces. */
function telephone(number: string): JsonLdNode | undefined {
  return reference(`tel:${number.replace(/\s+/g, '')}`);
}

function vcardAddress(address: ReadObject | undefined): JsonLdNode | undefined {
  const value = node({
    '@type': 'vcard:Address',
    'vcard:street-address': readString(address, 'street') ?? readString(address, 'address'),
    'vcard:locality': readString(address, 'locality'),
    'vcard:region': readString(address, 'region'),
    'vcard:postal-code': readString(address, 'postal_code'),
    'vcard:country-name': readString(address, 'country'),
  });
  return hasContent(value) ? value : undefined;
}

const vcardTypes = { person: 'vcard:Individual', organisation: 'vcard:Organization' } as const;

/** A contact point: the contact's own card, identified by the contact's URL. */
export function contactPointNode(contactIdentifier: string, lookup: Lookup, context: ConversionContext): JsonLdNode | undefined {
  const contact = lookup(contactIdentifier);
  if (contact === undefined) return undefined;
  const agent = contactAgent(contactIdentifier, lookup);
  return node({
    '@id': context.assetUrl('contact', contactIdentifier),
    '@type': agent === undefined ? 'vcard:Kind' : vcardTypes[agent.kind],
    'vcard:fn': readString(contact, 'name') ?? agent?.name,
    'vcard:organization-name': agent?.kind === 'person' ? agent.affiliation?.name : undefined,
    'vcard:hasEmail': readEmails(contact).map(mailbox),
    'vcard:hasTelephone': readStrings(contact, 'telephone').map(telephone),
    'vcard:hasAddress': readObjects(contact, 'location').map((location) => vcardAddress(readObject(location, 'address'))),
  });
}

/** A creator or funder; identified by its person or organisation URL when it is such an asset. */
export function foafAgentNode(agent: Agent, context: ConversionContext): JsonLdNode {
  return node({
    '@id': agent.identifier === undefined ? undefined : context.assetUrl(agent.kind, agent.identifier),
    '@type': agent.kind === 'person' ? 'foaf:Person' : 'foaf:Organization',
    'foaf:name': agent.name,
    'foaf:givenName': agent.givenName,
    'foaf:familyName': agent.familyName,
    'foaf:mbox': agent.emails.map(mailbox),
  });
}

/**
 * DCAT-AP has no funder property; DCAT 2's way to give an agent any other role is a qualified
 * attribution with that role.
 */
export function funderAttribution(funder: JsonLdNode): JsonLdNode {
  return { '@type': 'prov:Attribution', 'prov:agent': funder, 'dcat:hadRole': { '@id': FUNDER_ROLE } };
}

/**
 * The publisher is who made the dataset available: the platform it comes from (Zenodo, OpenML,
 * HuggingFace; "aiod" for datasets published here). AIoD left it null.
 */
export function publisherNode(object: ReadObject): JsonLdNode | undefined {
  const platform = readString(object, 'platform');
  return platform === undefined ? undefined : { '@type': 'foaf:Agent', 'foaf:name': platform };
}
