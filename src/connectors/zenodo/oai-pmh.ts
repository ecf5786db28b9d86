/**
 * OAI-PMH pages of Zenodo's `/oai2d`: the request URLs and what a page says (records with their
 * headers, the resumption token, OAI errors). Zenodo (Invenio) answers OAI errors with HTTP 422
 * and an error document, standard OAI-PMH servers with 200; both are read the same way.
 */
import { attribute, child, children, collapse, isNode, parseXml, textOf, type XmlNode } from './xml.ts';

export const METADATA_PREFIX = 'oai_datacite';

export interface OaiHeader {
  /** e.g. `oai:zenodo.org:7947283` */
  identifier: string;
  datestamp: string;
  deleted: boolean;
}

export interface OaiRecord {
  header: OaiHeader;
  /** The DataCite `<resource>` element; absent for deleted records. */
  resource: XmlNode | undefined;
}

export interface OaiError {
  code: string;
  message: string;
}

export interface OaiPage {
  records: OaiRecord[];
  /** The token of the next page; undefined on the last page (an empty token element). */
  resumptionToken: string | undefined;
  errors: OaiError[];
}

export function listRecordsUrl(baseUrl: string, request: { from: string; until: string } | { resumptionToken: string }): URL {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/oai2d`);
  url.searchParams.set('verb', 'ListRecords');
  // A resumption token is an exclusive argument: the request carries nothing else but the verb.
  if ('resumptionToken' in request) {
    url.searchParams.set('resumptionToken', request.resumptionToken);
  } else {
    url.searchParams.set('metadataPrefix', METADATA_PREFIX);
    url.searchParams.set('from', request.from);
    url.searchParams.set('until', request.until);
  }
  return url;
}

export function getRecordUrl(baseUrl: string, identifier: string): URL {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/oai2d`);
  url.searchParams.set('verb', 'GetRecord');
  url.searchParams.set('metadataPrefix', METADATA_PREFIX);
  url.searchParams.set('identifier', identifier);
  return url;
}

export class OaiParseError extends Error {}

/** Reads a ListRecords or GetRecord answer (or an OAI error document). */
export function parseOaiPage(xml: string): OaiPage {
  let document: XmlNode;
  try {
    document = parseXml(xml);
  } catch (error) {
    throw new OaiParseError(`not an OAI-PMH document: ${(error as Error).message}`);
  }
  const root = child(document, 'OAI-PMH');
  if (!isNode(root)) throw new OaiParseError('not an OAI-PMH document: no <OAI-PMH> element');
  const errors = children(root, 'error').map((node) => ({ code: attribute(node, 'code') ?? '', message: collapse(textOf(node)) }));
  const list = child(root, 'ListRecords') ?? child(root, 'GetRecord');
  const records = children(list, 'record').map(readRecord);
  const token = collapse(textOf(child(list, 'resumptionToken')));
  return { records, resumptionToken: token === '' ? undefined : token, errors };
}

function readRecord(node: unknown): OaiRecord {
  const header = child(node, 'header');
  const identifier = collapse(textOf(child(header, 'identifier')));
  if (!identifier) throw new OaiParseError('an OAI-PMH record without a header identifier');
  const metadata = child(node, 'metadata');
  // oai_datacite wraps the DataCite resource in <oai_datacite><payload>; the plain `datacite` format does not.
  const resource = child(child(child(metadata, 'oai_datacite'), 'payload'), 'resource') ?? child(metadata, 'resource');
  return {
    header: {
      identifier,
      datestamp: collapse(textOf(child(header, 'datestamp'))),
      deleted: attribute(header, 'status') === 'deleted',
    },
    resource: isNode(resource) ? resource : undefined,
  };
}

/** `oai:zenodo.org:7947283` → `zenodo.org:7947283`, the platform id AIoD used (v1 spec §5.6). */
export function platformIdOf(oaiIdentifier: string): string {
  return oaiIdentifier.replace(/^oai:/, '');
}

export function oaiIdentifierOf(platformId: string): string {
  return `oai:${platformId}`;
}

/** The record number in `zenodo.org:<n>` (or another host's `<host>:<n>`), for the REST API. */
export function recordNumberOf(platformId: string): string | undefined {
  return /^[^:]+:(\d+)$/.exec(platformId)?.[1];
}
