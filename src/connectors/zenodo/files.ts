/**
 * A record's files (`GET /api/records/<n>/files`) as distributions. Restricted (403), deleted (410)
 * and unknown (404) records have no readable files: they are stored without distributions.
 */
import type { Json } from '../../database/model/normalize.ts';
import { datasets } from '../../database/model/resources/datasets.ts';
import { maxLength, objectFields } from '../model-limits.ts';
import type { HttpClient } from '../http-client.ts';
import { truncate } from './mapping.ts';

const distributionFields = objectFields(datasets.fields, 'distribution');
const LIMIT = {
  platformId: maxLength(distributionFields, 'platform_resource_identifier'),
  name: maxLength(distributionFields, 'name'),
  contentUrl: maxLength(distributionFields, 'content_url'),
  encodingFormat: maxLength(distributionFields, 'encoding_format'),
  checksum: maxLength(distributionFields, 'checksum'),
  checksumAlgorithm: maxLength(distributionFields, 'checksum_algorithm'),
};

interface FileEntry {
  key?: unknown;
  mimetype?: unknown;
  checksum?: unknown;
  size?: unknown;
  file_id?: unknown;
  id?: unknown;
  links?: { content?: unknown; self?: unknown };
}

const NO_FILES = [403, 404, 410];

export function filesUrl(baseUrl: string, recordNumber: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/records/${recordNumber}/files`;
}

export async function fetchDistributions(
  http: HttpClient,
  url: string,
  options: { headers: Record<string, string>; signal: AbortSignal },
): Promise<Json[]> {
  const response = await http.get(url, { headers: options.headers, acceptStatus: NO_FILES, signal: options.signal });
  if (NO_FILES.includes(response.status)) return [];
  return toDistributions(response.json());
}

export function toDistributions(answer: unknown): Json[] {
  // InvenioRDM answers {entries: [...]}; the legacy Zenodo API answered a bare list.
  const entries: unknown = Array.isArray(answer) ? answer : (answer as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((entry: FileEntry) => {
    const distribution: Json = { platform: 'zenodo' };
    const fileId = stringOf(entry.file_id) ?? stringOf(entry.id);
    if (fileId) distribution.platform_resource_identifier = truncate(fileId, LIMIT.platformId);
    const name = stringOf(entry.key);
    if (name) distribution.name = truncate(name, LIMIT.name);
    const contentUrl = stringOf(entry.links?.content) ?? stringOf(entry.links?.self);
    // A URL cut short points nowhere: leave it out instead.
    if (contentUrl && contentUrl.length <= LIMIT.contentUrl) distribution.content_url = contentUrl;
    const mimetype = stringOf(entry.mimetype);
    if (mimetype) distribution.encoding_format = truncate(mimetype, LIMIT.encodingFormat);
    const checksum = splitChecksum(stringOf(entry.checksum));
    if (checksum) Object.assign(distribution, checksum);
    if (typeof entry.size === 'number' && Number.isFinite(entry.size) && entry.size >= 0) {
      distribution.content_size_kb = Math.ceil(entry.size / 1000);
    }
    return name || distribution.content_url ? [distribution] : [];
  });
}

/** `md5:c86b…` → checksum `c86b…`, algorithm `md5`; a bare value has no known algorithm. */
export function splitChecksum(value: string | undefined): { checksum: string; checksum_algorithm?: string } | undefined {
  if (!value) return undefined;
  const separator = value.indexOf(':');
  if (separator <= 0) return { checksum: truncate(value, LIMIT.checksum) };
  return {
    checksum: truncate(value.slice(separator + 1), LIMIT.checksum),
    checksum_algorithm: truncate(value.slice(0, separator), LIMIT.checksumAlgorithm),
  };
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}
