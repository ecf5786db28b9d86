/**
 * ETags are a hash of the response body. A revision number would miss changes the asset did not
 * make itself (a linked asset deleted, an embedded contact edited) and would give masked and
 * unmasked bodies the same tag; a body hash is right in every case and costs microseconds.
 */
import { hash } from 'node:crypto';

export function etagOf(body: string | Uint8Array): string {
  // The one-shot hash: no Hash object per response.
  return `"${hash('sha1', body, 'base64url')}"`;
}

/** RFC 9110 list matching; weak comparison (W/ ignored), `*` matches anything. */
export function etagMatches(header: string, etag: string): boolean {
  const wanted = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === wanted;
  });
}
