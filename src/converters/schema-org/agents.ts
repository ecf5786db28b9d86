/** Persons and organisations as schema.org nodes. */
import { type Agent, contactAgent, type Lookup, referencedAgent } from '../agents.ts';
import { node } from '../json-ld.ts';
import { readStrings } from '../read-object.ts';
import type { ConversionContext, JsonLdNode, ReadObject } from '../types.ts';

export function agentNode(agent: Agent, context: ConversionContext): JsonLdNode {
  const iri = agent.identifier === undefined ? undefined : context.assetUrl(agent.kind, agent.identifier);
  return node({
    '@type': agent.kind === 'person' ? 'Person' : 'Organization',
    '@id': iri,
    url: iri,
    name: agent.name,
    givenName: agent.givenName,
    familyName: agent.familyName,
    legalName: agent.legalName,
    email: agent.emails,
    affiliation: agent.affiliation === undefined ? undefined : agentNode(agent.affiliation, context),
  });
}

/** Nodes of the contacts a field lists (creator); unknown contacts are skipped. */
export function contactAgentNodes(object: ReadObject, field: string, lookup: Lookup, context: ConversionContext): JsonLdNode[] {
  return readStrings(object, field)
    .map((identifier) => contactAgent(identifier, lookup))
    .filter((agent) => agent !== undefined)
    .map((agent) => agentNode(agent, context));
}

/** Nodes of the persons and organisations a field lists (funder, member); unknown ones are skipped. */
export function referencedAgentNodes(object: ReadObject, field: string, lookup: Lookup, context: ConversionContext): JsonLdNode[] {
  return readStrings(object, field)
    .map((identifier) => referencedAgent(identifier, lookup))
    .filter((agent) => agent !== undefined)
    .map((agent) => agentNode(agent, context));
}
