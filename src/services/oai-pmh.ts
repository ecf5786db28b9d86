/**
 * An OAI-PMH 2.0 data provider (AIoD #84): harvesters (aggregators, library systems, other
 * catalogues) copy the published AI resources, as Dublin Core, and keep their copy current with
 * incremental harvests that also report deletions. Sets are the resource types; persons,
 * organisations, teams and contacts are not offered (they describe people, not resources).
 * This file answers a request's arguments with the verb's element, or with the protocol's errors;
 * routers/oai-pmh.ts wraps it in the envelope and writes the XML.
 */
import { anonymous } from '../auth/principal.ts';
import { DUBLIN_CORE_ELEMENTS, dublinCore, dublinCoreReferences, dublinCoreTypes } from '../converters/dublin-core.ts';
import { loadReferenced } from '../converters/related.ts';
import type { ReadObject } from '../converters/types.ts';
import { resourceByType, resourceTypes } from '../database/model/registry.ts';
import { earliestHarvestDatestamp, harvestHeaderOf, type HarvestFilter, type HarvestHeader, harvestHeaders } from '../repositories/harvestable-assets.ts';
import { assetTexts, type Viewer, visibleAssetObjects } from './asset-reads.ts';
import type { Catalogue } from './catalogue.ts';
import { decodeToken, encodeToken, type ResumptionToken } from './oai-tokens.ts';
import { LISTED_STATUSES } from './visibility.ts';

/** An XML element as fast-xml-parser's builder takes it: children by name, `@_name` attributes, `#text`. */
export type XmlElement = Record<string, unknown>;

export type OaiErrorCode =
  | 'badArgument'
  | 'badResumptionToken'
  | 'badVerb'
  | 'cannotDisseminateFormat'
  | 'idDoesNotExist'
  | 'noRecordsMatch'
  | 'noMetadataFormats'
  | 'noSetHierarchy';

export interface OaiError {
  code: OaiErrorCode;
  message: string;
}

export interface OaiAnswer {
  /** Attributes of the `request` element: the arguments, unless they were refused (badVerb, badArgument). */
  requestAttributes: Record<string, string>;
  result: { verb: string; content: XmlElement } | { errors: OaiError[] };
}

export interface OaiUrls {
  /** The provider's own URL, as harvesters reach it. */
  baseUrl: string;
  /** An asset's URL in this API. */
  assetUrl: (type: string, identifier: string) => string;
}

/** Entries per ListIdentifiers or ListRecords response. */
export const OAI_PAGE_SIZE = 100;

const DC_FORMAT = {
  metadataPrefix: 'oai_dc',
  schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd',
  metadataNamespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/',
};

const publicViewer: Viewer = { principal: anonymous, version: 'latest' };
const harvested = { types: [...dublinCoreTypes], statuses: LISTED_STATUSES };
const setTypes = new Map(resourceTypes.filter((resource) => dublinCoreTypes.includes(resource.type)).map((resource) => [resource.plural, resource]));

class OaiRefusal extends Error {
  constructor(readonly errors: OaiError[]) {
    super(errors.map((error) => error.message).join(' '));
  }
}

const refuse = (code: OaiErrorCode, message: string): OaiRefusal => new OaiRefusal([{ code, message }]);

interface Verb {
  required: string[];
  optional: string[];
  /** An argument that, when given, must be the only one. */
  exclusive?: string;
  answer: (catalogue: Catalogue, args: Record<string, string>, urls: OaiUrls, verb: string) => XmlElement | Promise<XmlElement>;
}

const LIST_ARGUMENTS = { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' };
/** The protocol's verbs: the arguments each takes, and its answer (function declarations below). */
const VERBS: Readonly<Record<string, Verb>> = {
  Identify: { required: [], optional: [], answer: (catalogue, _args, urls) => identify(catalogue, urls) },
  ListMetadataFormats: { required: [], optional: ['identifier'], answer: (catalogue, args) => listMetadataFormats(catalogue, args) },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken', answer: (_catalogue, args) => listSets(args) },
  ListIdentifiers: { ...LIST_ARGUMENTS, answer: listEntries },
  ListRecords: { ...LIST_ARGUMENTS, answer: listEntries },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [], answer: getRecord },
};

/** The verb and its arguments, each given once, as the verb allows; else badVerb or badArgument. */
function checkedArguments(query: Record<string, string[]>): { verb: string; args: Record<string, string> } {
  const verbs = query.verb ?? [];
  const verb = verbs[0];
  if (verbs.length !== 1 || verb === undefined || !Object.hasOwn(VERBS, verb)) {
    throw refuse('badVerb', verbs.length > 1 ? 'The verb argument is repeated.' : `The verb must be one of ${Object.keys(VERBS).join(', ')}.`);
  }
  const allowed = VERBS[verb] as Verb;
  const errors: OaiError[] = [];
  const args: Record<string, string> = {};
  for (const [name, values] of Object.entries(query)) {
    if (name === 'verb') continue;
    if (![...allowed.required, ...allowed.optional, allowed.exclusive].includes(name)) {
      errors.push({ code: 'badArgument', message: `${verb} does not take the argument ${name}.` });
    } else if (values.length !== 1) {
      errors.push({ code: 'badArgument', message: `The argument ${name} is repeated.` });
    } else {
      args[name] = values[0] as string;
    }
  }
  if (allowed.exclusive !== undefined && args[allowed.exclusive] !== undefined) {
    if (Object.keys(args).length > 1) errors.push({ code: 'badArgument', message: `${allowed.exclusive} must be the only argument besides the verb.` });
  } else {
    for (const name of allowed.required) {
      if (query[name] === undefined) errors.push({ code: 'badArgument', message: `${verb} needs the argument ${name}.` });
    }
  }
  if (errors.length > 0) throw new OaiRefusal(errors);
  return { verb, args };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** A from/until argument as a stored datestamp (24-character ISO text); `end` moves past its last instant. */
function storedDatestamp(name: string, value: string, end: boolean): string {
  const day = DAY.test(value);
  const time = Date.parse(day ? `${value}T00:00:00Z` : value);
  const canonical = Number.isNaN(time) ? undefined : new Date(time).toISOString();
  // Date.parse rolls 2026-02-30 over into March: only a date that reads back the same is one.
  const valid = canonical !== undefined && (day ? canonical.slice(0, 10) === value : SECOND.test(value) && `${canonical.slice(0, 19)}Z` === value);
  if (!valid) throw refuse('badArgument', `${name} must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDThh:mm:ssZ).`);
  return new Date(end ? time + (day ? 86_400_000 : 1_000) : time).toISOString();
}

/** A stored datestamp at the granularity the provider reports (seconds). */
const reportedDatestamp = (stored: string): string => `${stored.slice(0, 19)}Z`;

const oaiIdentifier = (catalogue: Catalogue, identifier: string): string => `oai:${catalogue.settings.OAI_REPOSITORY_IDENTIFIER}:${identifier}`;

function assetIdentifierOf(catalogue: Catalogue, oaiId: string): string {
  const prefix = `oai:${catalogue.settings.OAI_REPOSITORY_IDENTIFIER}:`;
  if (!oaiId.startsWith(prefix)) throw refuse('idDoesNotExist', `${oaiId} is not an identifier of this repository (they start with ${prefix}).`);
  return oaiId.slice(prefix.length);
}

function requireDublinCore(metadataPrefix: string): void {
  if (metadataPrefix !== DC_FORMAT.metadataPrefix) {
    throw refuse('cannotDisseminateFormat', `The metadata format ${metadataPrefix} is not offered; ListMetadataFormats names the formats (oai_dc).`);
  }
}

function headerElement(catalogue: Catalogue, header: HarvestHeader): XmlElement {
  return {
    ...(header.deleted ? { '@_status': 'deleted' } : {}),
    identifier: oaiIdentifier(catalogue, header.identifier),
    datestamp: reportedDatestamp(header.datestamp),
    setSpec: resourceByType(header.type).plural,
  };
}

function dublinCoreElement(record: ReturnType<typeof dublinCore>): XmlElement {
  const element: XmlElement = {
    '@_xmlns:oai_dc': DC_FORMAT.metadataNamespace,
    '@_xmlns:dc': 'http://purl.org/dc/elements/1.1/',
    '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    '@_xsi:schemaLocation': `${DC_FORMAT.metadataNamespace} ${DC_FORMAT.schema}`,
  };
  for (const name of DUBLIN_CORE_ELEMENTS) {
    const values = record[name];
    if (values !== undefined) element[`dc:${name}`] = values;
  }
  return element;
}

/** Records of these headers: Dublin Core of the live ones, loaded with their creators in a few queries. */
async function recordElements(catalogue: Catalogue, headers: HarvestHeader[], urls: OaiUrls): Promise<XmlElement[]> {
  const liveIds = headers.filter((header) => !header.deleted).map((header) => header.identifier);
  const texts = liveIds.length > 0 ? await assetTexts(catalogue, liveIds, publicViewer) : new Map<string, Uint8Array>();
  const objects = new Map([...texts].map(([identifier, text]) => [identifier, JSON.parse(Buffer.from(text).toString('utf8')) as ReadObject]));
  const related = await loadReferenced([...objects.values()], dublinCoreReferences, (identifiers) =>
    visibleAssetObjects(catalogue, identifiers, publicViewer),
  );
  return headers.map((header) => {
    const object = objects.get(header.identifier);
    // Deleted between reading the headers and the bodies: it is deleted now.
    if (object === undefined) return { header: headerElement(catalogue, { ...header, deleted: true }) };
    const record = dublinCore(header.type, object, { related, assetUrl: urls.assetUrl });
    return { header: headerElement(catalogue, header), metadata: { 'oai_dc:dc': dublinCoreElement(record) } };
  });
}

async function identify(catalogue: Catalogue, urls: OaiUrls): Promise<XmlElement> {
  const earliest = await earliestHarvestDatestamp(catalogue.database.kysely, harvested);
  return {
    repositoryName: catalogue.settings.OAI_REPOSITORY_NAME,
    baseURL: urls.baseUrl,
    protocolVersion: '2.0',
    adminEmail: catalogue.settings.OAI_ADMIN_EMAIL,
    earliestDatestamp: reportedDatestamp(earliest ?? catalogue.now().toISOString()),
    // Deleted assets keep their rows, so their deletion is reported for good.
    deletedRecord: 'persistent',
    granularity: 'YYYY-MM-DDThh:mm:ssZ',
  };
}

async function listMetadataFormats(catalogue: Catalogue, args: Record<string, string>): Promise<XmlElement> {
  if (args.identifier !== undefined) {
    const header = await harvestHeaderOf(catalogue.database.kysely, assetIdentifierOf(catalogue, args.identifier), harvested);
    if (!header) throw refuse('idDoesNotExist', `There is no record ${args.identifier}.`);
  }
  return { metadataFormat: [DC_FORMAT] };
}

/** "Case studies", "ML models": a set's plural, in words. */
function setName(plural: string): string {
  const words = plural.replaceAll('_', ' ');
  return words.startsWith('ml ') ? `ML${words.slice(2)}` : `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

function listSets(args: Record<string, string>): XmlElement {
  if (args.resumptionToken !== undefined) throw refuse('badResumptionToken', 'The list of sets is never split: it has no resumption tokens.');
  return {
    set: [...setTypes.keys()].map((plural) => ({ setSpec: plural, setName: setName(plural) })),
  };
}

/** Where a list stands: its arguments, and (after its first page) the last entry returned. */
type ListState = Omit<ResumptionToken, 'd' | 'i'> & Partial<Pick<ResumptionToken, 'd' | 'i'>>;

/** The list's state: from a resumption token, or a fresh one from the arguments. */
function listState(args: Record<string, string>): ListState {
  if (args.resumptionToken !== undefined) {
    const token = decodeToken(args.resumptionToken);
    if (!token) throw refuse('badResumptionToken', 'The resumption token is not one this repository issued.');
    return token;
  }
  const metadataPrefix = args.metadataPrefix as string;
  requireDublinCore(metadataPrefix);
  const { from, until, set } = args;
  if (from !== undefined && until !== undefined && from.length !== until.length) {
    throw refuse('badArgument', 'from and until must have the same granularity.');
  }
  const state: ListState = {
    m: metadataPrefix,
    c: 0,
    ...(set !== undefined ? { s: set } : {}),
    ...(from !== undefined ? { f: storedDatestamp('from', from, false) } : {}),
    ...(until !== undefined ? { b: storedDatestamp('until', until, true) } : {}),
  };
  if (state.f !== undefined && state.b !== undefined && state.f >= state.b) throw refuse('badArgument', 'from is later than until.');
  return state;
}

async function listEntries(catalogue: Catalogue, args: Record<string, string>, urls: OaiUrls, verb: string): Promise<XmlElement> {
  const state = listState(args);
  let types = harvested.types;
  if (state.s !== undefined) {
    const resource = setTypes.get(state.s);
    if (!resource) throw refuse('noRecordsMatch', `There is no set ${state.s}; ListSets names the sets.`);
    types = [resource.type];
  }
  const filter: HarvestFilter = {
    types,
    statuses: harvested.statuses,
    ...(state.f !== undefined ? { from: state.f } : {}),
    ...(state.b !== undefined ? { before: state.b } : {}),
    ...(state.d !== undefined && state.i !== undefined ? { after: { datestamp: state.d, identifier: state.i } } : {}),
  };
  // One more than a page tells whether another page follows.
  const headers = await harvestHeaders(catalogue.database.kysely, filter, OAI_PAGE_SIZE + 1);
  const page = headers.slice(0, OAI_PAGE_SIZE);
  const last = page.at(-1);
  // A list holds at least one entry (the protocol's schema): an emptied rest of a list is no match too.
  if (last === undefined) throw refuse('noRecordsMatch', 'No records match the arguments.');
  const entries =
    verb === 'ListRecords'
      ? { record: await recordElements(catalogue, page, urls) }
      : { header: page.map((header) => headerElement(catalogue, header)) };
  if (headers.length > OAI_PAGE_SIZE) {
    const next: ResumptionToken = { ...state, d: last.datestamp, i: last.identifier, c: state.c + page.length };
    return { ...entries, resumptionToken: { '@_cursor': String(state.c), '#text': encodeToken(next) } };
  }
  // The last page of a list that took several carries an empty token (the protocol's end marker).
  return state.c > 0 ? { ...entries, resumptionToken: { '@_cursor': String(state.c) } } : entries;
}

async function getRecord(catalogue: Catalogue, args: Record<string, string>, urls: OaiUrls): Promise<XmlElement> {
  const identifier = assetIdentifierOf(catalogue, args.identifier as string);
  const header = await harvestHeaderOf(catalogue.database.kysely, identifier, harvested);
  if (!header) throw refuse('idDoesNotExist', `There is no record ${args.identifier}.`);
  requireDublinCore(args.metadataPrefix as string);
  const [record] = await recordElements(catalogue, [header], urls);
  return { record };
}

/** Answers one OAI-PMH request (its query or form arguments, each name with all its values). */
export async function answerOai(catalogue: Catalogue, query: Record<string, string[]>, urls: OaiUrls): Promise<OaiAnswer> {
  let checked: { verb: string; args: Record<string, string> };
  try {
    checked = checkedArguments(query);
  } catch (error) {
    if (error instanceof OaiRefusal) return { requestAttributes: {}, result: { errors: error.errors } };
    throw error;
  }
  const { verb, args } = checked;
  const requestAttributes = { verb, ...args };
  try {
    const content = await (VERBS[verb] as Verb).answer(catalogue, args, urls, verb);
    return { requestAttributes, result: { verb, content } };
  } catch (error) {
    if (!(error instanceof OaiRefusal)) throw error;
    // The request element echoes the arguments unless they themselves were refused.
    const refusedArguments = error.errors.some((entry) => entry.code === 'badArgument');
    return { requestAttributes: refusedArguments ? {} : requestAttributes, result: { errors: error.errors } };
  }
}
