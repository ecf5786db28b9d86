/**
 * A dataset's distributions: the parquet files the HuggingFace dataset viewer converted it to
 * (`GET {HUGGINGFACE_VIEWER_URL}/parquet?dataset=<repo id>`), one distribution per file, as AIoD
 * maps them (§5.3). The viewer has no files for many datasets (not converted, gated, too big): its
 * refusal means "no distributions", logged as a warning, never a failed record.
 */
import type { Json } from '../../database/model/normalize.ts';
import { datasets } from '../../database/model/resources/datasets.ts';
import { maxLength, objectFields } from '../model-limits.ts';
import type { ConnectorContext } from '../connector.ts';
import { HttpError } from '../http-client.ts';
import { hubHeaders } from './listing.ts';
import { truncate } from './text.ts';

const distributionFields = objectFields(datasets.fields, 'distribution');
const LIMIT = {
  contentUrl: maxLength(distributionFields, 'content_url'),
  description: maxLength(distributionFields, 'description'),
  name: maxLength(distributionFields, 'name'),
};

interface ParquetFile {
  dataset?: unknown;
  config?: unknown;
  split?: unknown;
  url?: unknown;
  filename?: unknown;
  size?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** Distributions of a viewer answer (`{parquet_files: [...]}`); files without a URL are left out. */
export function parquetDistributions(answer: unknown, repoId: string): Json[] {
  const files = (answer as { parquet_files?: unknown } | null)?.parquet_files;
  if (!Array.isArray(files)) return [];
  const distributions: Json[] = [];
  for (const file of files as ParquetFile[]) {
    const url = text(file?.url);
    if (!url || url.length > LIMIT.contentUrl) continue;
    const distribution: Json = {
      content_url: url,
      encoding_format: 'application/x-parquet',
      description: truncate(
        `${text(file.dataset) ?? repoId}. Config: ${text(file.config) ?? ''}. Split: ${text(file.split) ?? ''}`,
        LIMIT.description,
      ),
    };
    const name = text(file.filename);
    if (name) distribution.name = truncate(name, LIMIT.name);
    if (typeof file.size === 'number' && Number.isFinite(file.size) && file.size >= 0) {
      distribution.content_size_kb = Math.ceil(file.size / 1000);
    }
    distributions.push(distribution);
  }
  return distributions;
}

export function parquetUrl(viewerUrl: string, repoId: string): string {
  const url = new URL(`${viewerUrl.replace(/\/+$/, '')}/parquet`);
  url.searchParams.set('dataset', repoId);
  return url.href;
}

/**
 * The distributions of one dataset. A 4xx from the viewer (it has no files for the dataset) gives
 * none, with a warning. A 5xx the client gave up on, a network failure or an abort propagates: the
 * dataset becomes a record error rather than losing the files stored for it to a passing outage.
 */
export async function fetchDistributions(context: ConnectorContext, repoId: string): Promise<Json[]> {
  const url = parquetUrl(context.settings.HUGGINGFACE_VIEWER_URL, repoId);
  try {
    const response = await context.http.get(url, { headers: hubHeaders(context.settings), signal: context.signal });
    return parquetDistributions(response.json(), repoId);
  } catch (error) {
    // Only a 4xx answer means "no files"; outages, network errors (status 0) and rate limits are failures.
    if (!(error instanceof HttpError) || error.status >= 500 || error.status === 0 || error.status === 429) throw error;
    // Most datasets on the Hub have no parquet conversion: normal, so not a warning per dataset.
    context.logger.debug({ dataset: repoId, status: error.status }, 'HuggingFace viewer has no parquet files for this dataset');
    return [];
  }
}
