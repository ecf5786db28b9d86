/**
 * Datasets as DCAT-AP 2.1.1 (reference v1 §3.13, with C21 fixed): a graph of the dcat:Dataset,
 * its dcat:Distributions, the vCard contact points, the creators and funders and the cited
 * publications. Nodes with an IRI are graph members referenced by @id; nodes without one (address,
 * period, checksum, publisher) are embedded where they are used.
 */
import { contactAgent, type Lookup, referencedAgent } from '../agents.ts';
import { resourceOfIdentifier } from '../../database/model/registry.ts';
import { node, reference } from '../json-ld.ts';
import {
  readDateModified,
  readObject,
  readObjects,
  readString,
  readStrings,
  readText,
} from '../read-object.ts';
import { lookupFor } from '../related.ts';
import type { ConversionContext, Converter, JsonLdNode, ReadObject } from '../types.ts';
import { contactPointNode, foafAgentNode, funderAttribution, publisherNode } from './agents.ts';
import { dateTime, dcatApContext } from './context.ts';
import { distributionIri, distributionNode } from './distribution.ts';
import { locationNode } from './location.ts';
import { periodOfTimeNode } from './period-of-time.ts';

/**
 * Collects the graph's nodes. `link` adds a node with an @id and returns a reference to it; a node
 * without one is returned as is. A node reached twice (an organisation that creates and funds) is
 * one node: what the first description lacks, the second adds.
 */
function graphCollector(): { nodes: Map<string, JsonLdNode>; link: (value: JsonLdNode) => JsonLdNode } {
  const nodes = new Map<string, JsonLdNode>();
  const link = (value: JsonLdNode): JsonLdNode => {
    const iri = value['@id'];
    if (typeof iri !== 'string') return value;
    nodes.set(iri, { ...value, ...nodes.get(iri) });
    return { '@id': iri };
  };
  return { nodes, link };
}

/** A licence term as a licence document, or the licence itself when the term is its URL. */
function licenseNode(object: ReadObject): JsonLdNode | undefined {
  const license = readString(object, 'license');
  if (license === undefined) return undefined;
  return reference(license) ?? { '@type': 'dct:LicenseDocument', 'dct:identifier': license };
}

function linkedAssets(object: ReadObject, field: string, context: ConversionContext): JsonLdNode[] {
  return readStrings(object, field).flatMap((identifier) => {
    const type = resourceOfIdentifier(identifier)?.type;
    return type === undefined ? [] : [{ '@id': context.assetUrl(type, identifier) }];
  });
}

function citationNode(identifier: string, lookup: Lookup, context: ConversionContext): JsonLdNode | undefined {
  const publication = lookup(identifier);
  if (publication === undefined) return undefined;
  return node({
    '@id': context.assetUrl('publication', identifier),
    '@type': 'dct:BibliographicResource',
    'dct:title': readString(publication, 'name'),
    'dct:identifier': readString(publication, 'permanent_identifier'),
  });
}

function present<T>(value: T | undefined): value is T {
  return value !== undefined;
}

export const dcatApDataset: Converter = {
  references: (object) => ({
    contacts: [...readStrings(object, 'contact'), ...readStrings(object, 'creator')],
    assets: [...readStrings(object, 'funder'), ...readStrings(object, 'citation')],
  }),
  convert: (object, context) => {
    const identifier = readString(object, 'identifier');
    if (identifier === undefined) throw new Error('a read object without identifier cannot be converted');
    const lookup = lookupFor(object, context);
    const graph = graphCollector();
    const datasetIri = context.assetUrl('dataset', identifier);
    const license = licenseNode(object);

    const distributions = readObjects(object, 'distribution').map((distribution, index) =>
      graph.link(distributionNode(distribution, distributionIri(datasetIri, index), license)),
    );
    // Every contact point and creator is kept; AIoD kept only the last of each (C21).
    const contactPoints = readStrings(object, 'contact')
      .map((contact) => contactPointNode(contact, lookup, context))
      .filter(present)
      .map((contactPoint) => graph.link(contactPoint));
    const creators = readStrings(object, 'creator')
      .map((contact) => contactAgent(contact, lookup))
      .filter(present)
      .map((agent) => graph.link(foafAgentNode(agent, context)));
    const funders = readStrings(object, 'funder')
      .map((funder) => referencedAgent(funder, lookup))
      .filter(present)
      .map((agent) => funderAttribution(graph.link(foafAgentNode(agent, context))));
    const citations = readStrings(object, 'citation')
      .map((publication) => citationNode(publication, lookup, context))
      .filter(present)
      .map((citation) => graph.link(citation));

    const dataset = node({
      '@id': datasetIri,
      '@type': 'dcat:Dataset',
      'dct:identifier': identifier,
      'dct:title': readString(object, 'name'),
      'dct:description': readText(object, 'description'),
      'dcat:keyword': readStrings(object, 'keyword'),
      'dcat:landingPage': reference(readString(object, 'same_as')),
      'foaf:page': readStrings(object, 'relevant_link').map(reference),
      'dct:issued': dateTime(readString(object, 'date_published')),
      'dct:modified': dateTime(readDateModified(object)),
      'owl:versionInfo': readString(object, 'version'),
      // DCAT-AP puts the licence on distributions; DCAT 2 also allows it on the dataset, where it
      // survives a dataset without distributions.
      'dct:license': license,
      'dct:publisher': publisherNode(object),
      'dcat:contactPoint': contactPoints,
      'dct:creator': creators,
      'prov:qualifiedAttribution': funders,
      'dct:isReferencedBy': citations,
      'dct:spatial': locationNode(readObject(object, 'spatial_coverage')),
      'dct:temporal': periodOfTimeNode(readString(object, 'temporal_coverage')),
      'dct:hasPart': linkedAssets(object, 'has_part', context),
      'dct:isPartOf': linkedAssets(object, 'is_part_of', context),
      'dct:relation': linkedAssets(object, 'relevant_resource', context),
      'dcat:distribution': distributions,
    });
    return { '@context': dcatApContext, '@graph': [dataset, ...graph.nodes.values()] };
  },
};
