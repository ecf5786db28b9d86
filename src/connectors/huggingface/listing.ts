/**
 * The Hub's dataset listing: `GET /api/datasets?full=true&sort=lastModified&direction=-1&limit=N`,
 * newest change first, one page at a time. The next page is the `Link: <...>; rel="next"` URL, which
 * carries an opaque cursor (a range over the sort key and `_id`); it is followed as given and is
 * stable, so it can be stored in a checkpoint and read again by a later run.
 */
import type { Settings } from '../../config.ts';
import type { ConnectorContext } from '../connector.ts';

/** The Hub answers at most 100 full records per page; asking for more gets 100 anyway. */
export const MAX_PAGE_SIZE = 100;

export interface ListingPage {
  /** The page's records, unvalidated. */
  datasets: unknown[];
  /** URL of the next page, or undefined on the last one. */
  next: string | undefined;
}

/** Headers of every Hub and viewer request: the token, when there is one, raises the rate limits. */
export function hubHeaders(settings: Settings): Record<string, string> {
  return settings.HF_TOKEN ? { authorization: `Bearer ${settings.HF_TOKEN}` } : {};
}

export function firstPageUrl(settings: Settings, pageSize: number): string {
  const url = new URL(`${settings.HUGGINGFACE_API_URL.replace(/\/+$/, '')}/api/datasets`);
  url.searchParams.set('full', 'true');
  url.searchParams.set('sort', 'lastModified');
  url.searchParams.set('direction', '-1');
  url.searchParams.set('limit', String(Math.max(1, Math.min(MAX_PAGE_SIZE, pageSize))));
  return url.href;
}

/** The `rel="next"` target of a Link header (RFC 8288), resolved against the page's URL. */
export function nextLink(header: string | null, base: string): string | undefined {
  if (!header) return undefined;
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const params = match[2] ?? '';
    if (/;\s*rel\s*=\s*"?(?:[^";,]*\s)?next(?:\s[^";,]*)?"?/i.test(params)) return new URL(match[1]!, base).href;
  }
  return undefined;
}

/**
 * One dataset by its repo name (`GET /api/datasets/{name}`, the same fields as a listing item), or
 * undefined when the Hub has none of that name (deleted, or renamed since).
 */
export async function fetchDatasetByName(context: ConnectorContext, name: string): Promise<unknown> {
  const base = context.settings.HUGGINGFACE_API_URL.replace(/\/+$/, '');
  const url = `${base}/api/datasets/${name.split('/').map(encodeURIComponent).join('/')}?full=true`;
  const response = await context.http.get(url, { headers: hubHeaders(context.settings), signal: context.signal, acceptStatus: [404] });
  return response.status === 404 ? undefined : response.json<unknown>();
}

export async function fetchListingPage(context: ConnectorContext, url: string): Promise<ListingPage> {
  const response = await context.http.get(url, { headers: hubHeaders(context.settings), signal: context.signal });
  const body = response.json<unknown>();
  if (!Array.isArray(body)) throw new Error(`HuggingFace listing ${url} did not answer a JSON array`);
  return { datasets: body, next: nextLink(response.headers.get('link'), response.url || url) };
}
