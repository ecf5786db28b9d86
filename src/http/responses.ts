/** Response helpers: JSON with an ETag (and 304 on If-None-Match), and list pages with totals. */
import type { Context } from 'hono';
import { etagMatches, etagOf } from './etag.ts';

/** Hono types bodies as ArrayBuffer-backed; database drivers hand out Buffers over ArrayBufferLike. */
const asBody = (bytes: Uint8Array) => bytes as Uint8Array<ArrayBuffer>;

/** A JSON body (UTF-8 bytes) with its ETag; 304 when the client's If-None-Match already has it. */
export function jsonWithEtag(c: Context, body: Uint8Array, contentType = 'application/json'): Response {
  const etag = etagOf(body);
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch && etagMatches(ifNoneMatch, etag)) return c.body(null, 304, { ETag: etag });
  return c.body(asBody(body), 200, { 'Content-Type': contentType, ETag: etag });
}

/** The request's own URL as the client sees it (behind a proxy: X-Forwarded-Proto/Host). */
export function publicUrl(c: Context): URL {
  const url = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto');
  const host = c.req.header('x-forwarded-host');
  if (proto) url.protocol = `${proto.split(',')[0]?.trim()}:`;
  if (host) url.host = host.split(',')[0]?.trim() ?? url.host;
  return url;
}

/**
 * A bare JSON array of JSON texts (the Python client relies on the array) with the total in
 * X-Total-Count and the neighbouring pages in Link (RFC 8288).
 */
export function listResponse(
  c: Context,
  items: Uint8Array[],
  page: { offset: number; limit: number; total: number },
  contentType = 'application/json',
): Response {
  const links: string[] = [];
  const pageUrl = (offset: number) => {
    const url = publicUrl(c);
    url.searchParams.set('offset', String(offset));
    url.searchParams.set('limit', String(page.limit));
    return url.toString();
  };
  if (page.offset + page.limit < page.total) links.push(`<${pageUrl(page.offset + page.limit)}>; rel="next"`);
  if (page.offset > 0) links.push(`<${pageUrl(Math.max(0, page.offset - page.limit))}>; rel="prev"`);
  const headers: Record<string, string> = { 'Content-Type': contentType, 'X-Total-Count': String(page.total) };
  if (links.length > 0) headers.Link = links.join(', ');
  return c.body(asBody(jsonArray(items)), 200, headers);
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/** `[a,b,...]` from JSON values already in UTF-8: concatenated, never decoded. */
function jsonArray(items: Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [OPEN];
  items.forEach((item, index) => {
    if (index > 0) parts.push(COMMA);
    parts.push(item);
  });
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

/** A precondition from If-Match, for writes: the current representation must still have that ETag. */
export function ifMatchPrecondition(c: Context): ((current: Uint8Array) => boolean) | undefined {
  const header = c.req.header('if-match');
  if (!header) return undefined;
  return (current) => etagMatches(header, etagOf(current));
}
