/**
 * A loopback Zenodo: OAI-PMH `/oai2d` (ListRecords, GetRecord; `oai_datacite`) over a mutable set of
 * DataCite records with datestamps, and `/api/records/<n>/files`. It behaves like Zenodo where the
 * connector depends on it: from/until by day, pages of `pageSize` with resumption tokens, a token
 * is the only argument besides the verb, OAI errors answered with HTTP 422 (Invenio) or 200
 * (standard OAI-PMH), deleted records as `status="deleted"` headers without metadata.
 * Switches break it on purpose: a token that expires once, a 429 with `Retry-After: 1` once.
 *
 * Records start from the real responses recorded in test/fixtures/zenodo (list_records_*.xml,
 * <n>.json); `dataCiteXml` writes more.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { type FixtureServer, type RecordedRequest, sendJson, sendText, startFixtureServer } from '../helpers/fixture-server.ts';

const FIXTURES = new URL('../fixtures/zenodo/', import.meta.url);

export interface ZenodoRecord {
  id: number;
  /** `YYYY-MM-DDThh:mm:ssZ`: when the record last changed (what from/until select on). */
  datestamp: string;
  deleted: boolean;
  /** The DataCite `<resource>` element. */
  resourceXml: string;
}

/** A files answer (the JSON body) or a status to answer instead (403, 410, 500...). */
export type FilesAnswer = unknown;

export interface ZenodoFixture {
  url: string;
  requests: RecordedRequest[];
  records: Map<number, ZenodoRecord>;
  /** Files per record number; a record without an entry gets one generated file. */
  files: Map<number, FilesAnswer | { status: number }>;
  pageSize: number;
  /** HTTP status of OAI error documents: 422 like Zenodo (Invenio), or 200 like the OAI-PMH spec. */
  errorStatus: 200 | 422;
  put(record: { id: number; datestamp: string; resourceXml: string }): void;
  /** The record becomes a deleted header with this datestamp. */
  markDeleted(id: number, datestamp: string): void;
  /** The next request that carries a resumption token is refused. */
  expireNextToken(mode: 'badResumptionToken' | 'http422'): void;
  /** The next request to a path starting with `prefix` answers 429 with `Retry-After: 1`. */
  rateLimitOnce(prefix: '/oai2d' | '/api/records'): void;
  /** ListRecords requests (first pages and token pages) answered so far. */
  listRequests(): RecordedRequest[];
  close(): Promise<void>;
}

export async function startZenodoFixture(initial: ZenodoRecord[] = []): Promise<ZenodoFixture> {
  const records = new Map(initial.map((record) => [record.id, { ...record }]));
  const files = new Map<number, FilesAnswer | { status: number }>();
  const tokens = new Map<string, { from: string; until: string; offset: number }>();
  let expire: 'badResumptionToken' | 'http422' | undefined;
  const rateLimits: string[] = [];
  let server: FixtureServer;

  const fixture: ZenodoFixture = {
    url: '',
    requests: [],
    records,
    files,
    pageSize: 2,
    errorStatus: 422,
    put: (record) => records.set(record.id, { ...record, deleted: false }),
    markDeleted: (id, datestamp) => records.set(id, { id, datestamp, deleted: true, resourceXml: '' }),
    expireNextToken: (mode) => {
      expire = mode;
    },
    rateLimitOnce: (prefix) => {
      rateLimits.push(prefix);
    },
    listRequests: () => server.requests.filter((request) => request.url.includes('verb=ListRecords')),
    close: () => server.close(),
  };

  const oaiError = (response: ServerResponse, request: string, code: string, message: string) =>
    sendText(response, fixture.errorStatus, envelope(request, `<error code="${code}">${message}</error>`), 'text/xml');

  const listRecords = (response: ServerResponse, query: URLSearchParams, requestUrl: string) => {
    const token = query.get('resumptionToken');
    let window: { from: string; until: string; offset: number };
    if (token !== null) {
      if ([...query.keys()].some((key) => key !== 'verb' && key !== 'resumptionToken')) {
        return oaiError(response, requestUrl, 'badArgument', 'resumptionToken is an exclusive argument');
      }
      const known = tokens.get(token);
      if (expire === 'http422' && known) {
        expire = undefined;
        return sendText(response, 422, '', 'text/html');
      }
      if (expire === 'badResumptionToken' && known) {
        expire = undefined;
        return oaiError(response, requestUrl, 'badResumptionToken', 'The value of the resumptionToken argument is invalid or expired.');
      }
      if (!known) return oaiError(response, requestUrl, 'badResumptionToken', 'The value of the resumptionToken argument is invalid or expired.');
      window = known;
    } else {
      if (query.get('metadataPrefix') !== 'oai_datacite') {
        return oaiError(response, requestUrl, 'cannotDisseminateFormat', 'metadataPrefix must be oai_datacite here');
      }
      window = { from: day(query.get('from') ?? '0000-01-01'), until: day(query.get('until') ?? '9999-12-31'), offset: 0 };
    }
    const matching = [...records.values()]
      .filter((record) => record.datestamp.slice(0, 10) >= window.from && record.datestamp.slice(0, 10) <= window.until)
      .sort((a, b) => a.datestamp.localeCompare(b.datestamp) || a.id - b.id);
    if (matching.length === 0) {
      return oaiError(response, requestUrl, 'noRecordsMatch', 'The combination of the values of the from, until, set and metadataPrefix arguments results in an empty list.');
    }
    const page = matching.slice(window.offset, window.offset + fixture.pageSize);
    const nextOffset = window.offset + page.length;
    let tokenXml = '';
    if (nextOffset < matching.length) {
      const next = randomBytes(9).toString('base64url');
      tokens.set(next, { from: window.from, until: window.until, offset: nextOffset });
      tokenXml = `<resumptionToken expirationDate="2099-01-01T00:00:00Z" cursor="${window.offset}" completeListSize="${matching.length}">${next}</resumptionToken>`;
    } else if (window.offset > 0) {
      tokenXml = `<resumptionToken cursor="${window.offset}" completeListSize="${matching.length}"/>`;
    }
    sendText(response, 200, envelope(requestUrl, `<ListRecords>${page.map(recordXml).join('')}${tokenXml}</ListRecords>`), 'text/xml');
  };

  const getRecord = (response: ServerResponse, query: URLSearchParams, requestUrl: string) => {
    const id = /^oai:zenodo\.org:(\d+)$/.exec(query.get('identifier') ?? '')?.[1];
    const record = id === undefined ? undefined : records.get(Number(id));
    if (!record) return oaiError(response, requestUrl, 'idDoesNotExist', 'No matching identifier');
    sendText(response, 200, envelope(requestUrl, `<GetRecord>${recordXml(record)}</GetRecord>`), 'text/xml');
  };

  server = await startFixtureServer((request, response) => {
    const url = new URL(request.url, 'http://fixture');
    const limited = rateLimits.findIndex((prefix) => url.pathname.startsWith(prefix));
    if (limited >= 0) {
      rateLimits.splice(limited, 1);
      return sendJson(response, 429, { message: 'Too many requests' }, { 'retry-after': '1', 'x-ratelimit-remaining': '0' });
    }
    if (url.pathname === '/oai2d') {
      const verb = url.searchParams.get('verb');
      if (verb === 'ListRecords') return listRecords(response, url.searchParams, request.url);
      if (verb === 'GetRecord') return getRecord(response, url.searchParams, request.url);
      return oaiError(response, request.url, 'badVerb', 'Illegal verb');
    }
    const filesMatch = /^\/api\/records\/(\d+)\/files$/.exec(url.pathname);
    if (filesMatch) {
      const id = Number(filesMatch[1]);
      const answer = files.get(id);
      if (answer && typeof answer === 'object' && 'status' in answer && typeof answer.status === 'number') {
        return sendJson(response, answer.status, { status: answer.status, message: 'Permission denied.' });
      }
      if (answer !== undefined) return sendJson(response, 200, answer);
      if (!records.has(id) || records.get(id)?.deleted) return sendJson(response, 404, { status: 404, message: 'not found' });
      return sendJson(response, 200, generatedFiles(id));
    }
    sendJson(response, 404, { status: 404, message: 'not found' });
  });
  fixture.url = server.url;
  fixture.requests = server.requests;
  return fixture;
}

function day(value: string): string {
  return value.slice(0, 10);
}

function envelope(request: string, body: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <responseDate>${new Date().toISOString().slice(0, 19)}Z</responseDate>
  <request>${escapeXml(request)}</request>
  ${body}
</OAI-PMH>`;
}

function recordXml(record: ZenodoRecord): string {
  const header = `<header${record.deleted ? ' status="deleted"' : ''}><identifier>oai:zenodo.org:${record.id}</identifier><datestamp>${record.datestamp}</datestamp><setSpec>user-fixture</setSpec></header>`;
  if (record.deleted) return `<record>${header}</record>`;
  return `<record>${header}<metadata><oai_datacite xmlns="http://schema.datacite.org/oai/oai-1.1/"><schemaVersion>4.3</schemaVersion><datacentreSymbol></datacentreSymbol><payload>${record.resourceXml}</payload></oai_datacite></metadata></record>`;
}

export function generatedFiles(id: number): unknown {
  const base = `https://zenodo.org/api/records/${id}/files/data-${id}.csv`;
  return {
    enabled: true,
    entries: [
      {
        key: `data-${id}.csv`,
        checksum: `md5:${id.toString(16).padStart(32, '0')}`,
        size: 2048 + id,
        mimetype: 'text/csv',
        file_id: `00000000-0000-0000-0000-${String(id).padStart(12, '0')}`,
        links: { self: base, content: `${base}/content` },
      },
    ],
  };
}

/** The recorded files answers (test/fixtures/zenodo/<n>.json). */
export function recordedFiles(id: number): unknown {
  return JSON.parse(readFileSync(new URL(`${id}.json`, FIXTURES), 'utf8'));
}

/** Every record of the recorded ListRecords pages, with its DataCite resource and original datestamp. */
export function recordedRecords(): ZenodoRecord[] {
  return ['list_records_1.xml', 'list_records_2.xml'].flatMap((name) => {
    const xml = readFileSync(new URL(name, FIXTURES), 'utf8');
    return [...xml.matchAll(/<record>([\s\S]*?)<\/record>/g)].map((match) => {
      const body = match[1] ?? '';
      const id = Number(/<identifier>oai:zenodo\.org:(\d+)<\/identifier>/.exec(body)?.[1]);
      const datestamp = /<datestamp>([^<]+)<\/datestamp>/.exec(body)?.[1] ?? '';
      const resourceXml = /<resource[\s>][\s\S]*<\/resource>/.exec(body)?.[0] ?? '';
      return { id, datestamp, deleted: false, resourceXml };
    });
  });
}

/** Whether a recorded record's DataCite type is exactly Dataset. */
export function isDatasetXml(resourceXml: string): boolean {
  return /resourceTypeGeneral="Dataset"/.test(resourceXml);
}

export interface DataCiteInput {
  id: number;
  title: string;
  type?: string;
  creators?: Array<{ name: string; orcid?: string }>;
  description?: string;
  issued?: string;
  subjects?: string[];
  license?: { id: string; text: string };
  access?: 'open' | 'restricted' | 'closed' | 'embargoed';
  version?: string;
}

/** A live record dated `datestamp` whose metadata is `fields` (tests generate records beside the recorded ones). */
export function liveRecord(id: number, datestamp: string, fields: Omit<DataCiteInput, 'id'>): ZenodoRecord {
  return { id, datestamp, deleted: false, resourceXml: dataCiteXml({ id, ...fields }) };
}

/** A DataCite kernel-4 `<resource>` in Zenodo's shape. */
export function dataCiteXml(input: DataCiteInput): string {
  const creators = (input.creators ?? [{ name: 'Doe, Jane' }])
    .map(
      (creator) =>
        `<creator><creatorName nameType="Personal">${escapeXml(creator.name)}</creatorName>${
          creator.orcid ? `<nameIdentifier nameIdentifierScheme="ORCID" schemeURI="http://orcid.org/">${creator.orcid}</nameIdentifier>` : ''
        }</creator>`,
    )
    .join('');
  const rights = [
    input.license
      ? `<rights rightsURI="https://spdx.org/licenses/${input.license.id}" rightsIdentifierScheme="spdx" rightsIdentifier="${input.license.id.toLowerCase()}">${escapeXml(input.license.text)}</rights>`
      : '',
    input.access ? `<rights rightsURI="info:eu-repo/semantics/${input.access}Access">${input.access} access</rights>` : '',
  ].join('');
  return `<resource xmlns="http://datacite.org/schema/kernel-4" xsi:schemaLocation="http://datacite.org/schema/kernel-4 http://schema.datacite.org/meta/kernel-4.3/metadata.xsd">
  <identifier identifierType="DOI">10.5281/zenodo.${input.id}</identifier>
  <alternateIdentifiers><alternateIdentifier alternateIdentifierType="oai">oai:zenodo.org:${input.id}</alternateIdentifier></alternateIdentifiers>
  <creators>${creators}</creators>
  <titles><title>${escapeXml(input.title)}</title></titles>
  <publisher>Zenodo</publisher>
  <publicationYear>${(input.issued ?? '2024').slice(0, 4)}</publicationYear>
  ${input.subjects?.length ? `<subjects>${input.subjects.map((subject) => `<subject>${escapeXml(subject)}</subject>`).join('')}</subjects>` : ''}
  ${input.issued ? `<dates><date dateType="Issued">${input.issued}</date></dates>` : ''}
  <resourceType resourceTypeGeneral="${input.type ?? 'Dataset'}"/>
  ${input.version ? `<version>${escapeXml(input.version)}</version>` : ''}
  ${rights ? `<rightsList>${rights}</rightsList>` : ''}
  ${input.description !== undefined ? `<descriptions><description descriptionType="Abstract">${escapeXml(input.description)}</description></descriptions>` : ''}
</resource>`;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
