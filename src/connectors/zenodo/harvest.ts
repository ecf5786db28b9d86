/**
 * Listing one window (a UTC day) over OAI-PMH, every page, before any record is processed.
 *
 * Zenodo's resumption tokens expire after about two minutes, while a record's files call is limited
 * to 60 requests a minute: processing records between pages would let the token run out. So the
 * pages are read first (OAI-PMH allows 120 a minute) and only the records worth keeping are held:
 * datasets and deletions. An expired or refused token (`badResumptionToken`, or HTTP 422 while
 * paging) restarts the window from its first page, at most `MAX_RESTARTS` times; the run then fails
 * and the next one starts at this window again.
 */
import type { HttpClient } from '../http-client.ts';
import { readDataCite, type DataCiteRecord } from './datacite.ts';
import { getRecordUrl, listRecordsUrl, type OaiPage, type OaiRecord, OaiParseError, parseOaiPage, platformIdOf } from './oai-pmh.ts';

export const MAX_RESTARTS = 3;

export type WindowItem =
  | { kind: 'dataset'; platformId: string; datestamp: string; record: DataCiteRecord }
  | { kind: 'deleted'; platformId: string; datestamp: string }
  | { kind: 'unreadable'; platformId: string; datestamp: string; message: string };

export interface WindowListing {
  items: WindowItem[];
  /** Records listed that are not datasets (skipped). */
  skipped: number;
  pages: number;
  restarts: number;
}

interface Request {
  http: HttpClient;
  baseUrl: string;
  headers: Record<string, string>;
  signal: AbortSignal;
}

/** The token was refused or expired: the window must start again from its first page. */
export class ExpiredTokenError extends Error {}

export class OaiPmhError extends Error {}

/** Keep datasets and deletions; skip other resource types silently. */
export function classify(record: OaiRecord): WindowItem | undefined {
  const platformId = platformIdOf(record.header.identifier);
  const { datestamp } = record.header;
  if (record.header.deleted) return { kind: 'deleted', platformId, datestamp };
  if (!record.resource) return { kind: 'unreadable', platformId, datestamp, message: 'the OAI-PMH record has no DataCite metadata' };
  const datacite = readDataCite(record.resource);
  if (datacite.resourceTypeGeneral !== 'Dataset') return undefined;
  return { kind: 'dataset', platformId, datestamp, record: datacite };
}

export async function listWindow(request: Request, day: string, onRestart?: (error: Error, restart: number) => void): Promise<WindowListing> {
  for (let restarts = 0; ; restarts++) {
    try {
      return { ...(await listWindowOnce(request, day)), restarts };
    } catch (error) {
      if (!(error instanceof ExpiredTokenError)) throw error;
      if (restarts >= MAX_RESTARTS) {
        throw new OaiPmhError(`window ${day}: the resumption token failed ${restarts + 1} times (${error.message}); giving up the run`);
      }
      onRestart?.(error, restarts + 1);
    }
  }
}

async function listWindowOnce(request: Request, day: string): Promise<Omit<WindowListing, 'restarts'>> {
  // By identifier: a record changed while the window is listed may come twice; the later copy wins.
  const items = new Map<string, WindowItem>();
  let skipped = 0;
  let pages = 0;
  let token: string | undefined;
  do {
    const page = await fetchPage(request, token === undefined ? { from: day, until: day } : { resumptionToken: token });
    pages++;
    if (page === 'no-records') break;
    for (const record of page.records) {
      const item = classify(record);
      if (item) items.set(item.platformId, item);
      else skipped++;
    }
    token = page.resumptionToken;
  } while (token !== undefined);
  return { items: [...items.values()], skipped, pages };
}

async function fetchPage(
  request: Request,
  args: { from: string; until: string } | { resumptionToken: string },
): Promise<OaiPage | 'no-records'> {
  const paging = 'resumptionToken' in args;
  const response = await request.http.get(listRecordsUrl(request.baseUrl, args), {
    headers: request.headers,
    acceptStatus: [422],
    signal: request.signal,
  });
  let page: OaiPage;
  try {
    page = parseOaiPage(response.body);
  } catch (error) {
    if (!(error instanceof OaiParseError)) throw error;
    // Zenodo answers an expired token with a bare 422.
    if (response.status === 422 && paging) throw new ExpiredTokenError(`HTTP 422 for resumption token`);
    throw new OaiPmhError(`${response.url} answered ${response.status}: ${error.message}`);
  }
  const codes = page.errors.map((error) => error.code);
  if (codes.includes('noRecordsMatch')) return 'no-records';
  if (codes.includes('badResumptionToken')) throw new ExpiredTokenError(describe(page));
  if (page.errors.length > 0) throw new OaiPmhError(`${response.url}: ${describe(page)}`);
  if (response.status === 422) {
    if (paging) throw new ExpiredTokenError('HTTP 422 for resumption token');
    throw new OaiPmhError(`${response.url} answered 422 without an OAI-PMH error`);
  }
  return page;
}

function describe(page: OaiPage): string {
  return page.errors.map((error) => `${error.code}: ${error.message}`).join('; ');
}

/** One record by its platform id (to retry a record that failed): undefined when it does not exist. */
export async function getRecord(request: Request, platformId: string): Promise<OaiRecord | undefined> {
  const response = await request.http.get(getRecordUrl(request.baseUrl, `oai:${platformId}`), {
    headers: request.headers,
    acceptStatus: [404, 410, 422],
    signal: request.signal,
  });
  if (response.status === 404 || response.status === 410) return undefined;
  const page = parseOaiPage(response.body);
  if (page.errors.some((error) => error.code === 'idDoesNotExist')) return undefined;
  if (page.errors.length > 0) throw new OaiPmhError(`${response.url}: ${describe(page)}`);
  if (response.status === 422) throw new OaiPmhError(`${response.url} answered 422 without an OAI-PMH error`);
  return page.records[0];
}
