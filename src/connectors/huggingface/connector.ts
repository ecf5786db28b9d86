/**
 * The HuggingFace datasets connector. It walks the Hub's listing newest change first (listing.ts)
 * and yields, per dataset, its author's contact and its citations' publications (each once per run)
 * and then the dataset itself (dataset.ts, parquet.ts).
 *
 * Runs are incremental: one stops at the first dataset not modified since the last completed run
 * (state.ts). A full scan (first run, `--full`, or the last full one older than
 * CONNECTOR_FULL_SCAN_DAYS) lists everything and then yields `listed-all`, so datasets removed from
 * the Hub are deleted. A checkpoint follows every page, so a killed run resumes at its page.
 */
import type { Json } from '../../database/model/normalize.ts';
import type { Connector, ConnectorContext, ConnectorEvent } from '../connector.ts';
import { hubDatasetId, type HubDataset, MappingError, mapDataset, readHubDataset } from './dataset.ts';
import { fetchDatasetByName, fetchListingPage } from './listing.ts';
import { fetchDistributions } from './parquet.ts';
import { type Outcome, pool } from './pool.ts';
import { isLater, planRun, stateJson, type RunPosition } from './state.ts';

const RESOURCE = 'datasets';
/** Viewer requests in flight at once (per run). */
const VIEWER_CONCURRENCY = 4;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A listing item read for mapping, or the reason it cannot be. */
function read(raw: unknown): HubDataset | MappingError {
  try {
    return readHubDataset(raw);
  } catch (error) {
    if (error instanceof MappingError) return error;
    throw error;
  }
}

/** The viewer's parquet files of a dataset (none for one that cannot be read). */
const distributionsOf = (context: ConnectorContext) => (dataset: HubDataset | MappingError): Promise<Json[]> =>
  dataset instanceof MappingError ? Promise.resolve([]) : fetchDistributions(context, dataset.id);

/**
 * The events of one listing item, given its viewer outcome; `yielded` holds the related records this
 * run already yielded (each is yielded once, before the first dataset referring to it).
 */
async function* datasetEvents(
  context: ConnectorContext,
  raw: unknown,
  dataset: HubDataset | MappingError,
  distributions: Promise<Outcome<Json[]>>,
  yielded: Set<string>,
): AsyncGenerator<ConnectorEvent> {
  const platformResourceIdentifier = hubDatasetId(raw);
  // The repo name: the Hub fetches one dataset by name, so a failed one can be retried by it.
  const name = (raw as { id?: unknown } | null)?.id;
  const locator = typeof name === 'string' && name.length > 0 ? { locator: name } : {};
  const failed = (text: string): ConnectorEvent => ({
    kind: 'error',
    resource: RESOURCE,
    ...(platformResourceIdentifier ? { platformResourceIdentifier } : {}),
    message: text,
    ...locator,
  });
  if (dataset instanceof MappingError) {
    yield failed(dataset.message);
    return;
  }
  const files = await distributions;
  if (!files.ok) {
    if (context.signal.aborted) throw files.error;
    yield failed(`parquet files of dataset ${dataset.id}: ${message(files.error)}`);
    return;
  }
  let mapped;
  try {
    mapped = mapDataset(dataset, files.value, context.settings);
  } catch (error) {
    yield failed(`dataset ${dataset.id}: ${message(error)}`);
    return;
  }
  const related = [
    ...(mapped.contact ? [{ resource: 'contacts', ...mapped.contact }] : []),
    ...mapped.publications.map((publication) => ({ resource: 'publications', ...publication })),
  ];
  for (const record of related) {
    const key = `${record.resource}:${record.platformResourceIdentifier}`;
    if (yielded.has(key)) continue;
    yielded.add(key);
    yield { kind: 'record', ...record };
  }
  yield { kind: 'record', resource: RESOURCE, platformResourceIdentifier: mapped.platformResourceIdentifier, body: mapped.body, ...locator };
}

/**
 * Datasets that failed in earlier runs, fetched again by name: an incremental run would not see
 * them again until they change. One whose name now belongs to another dataset (a rename), or is
 * gone, is left to the next full scan.
 */
async function* retriedEvents(context: ConnectorContext, yielded: Set<string>): AsyncGenerator<ConnectorEvent> {
  for (const failed of context.retry) {
    if (failed.resource !== RESOURCE || !failed.locator) continue;
    context.signal.throwIfAborted();
    const raw = await fetchDatasetByName(context, failed.locator);
    if (raw === undefined || hubDatasetId(raw) !== failed.platformResourceIdentifier) continue;
    const datasets = [read(raw)];
    const viewer = pool(datasets, 1, distributionsOf(context));
    yield* datasetEvents(context, raw, datasets[0]!, viewer.outcomes[0]!, yielded);
  }
}

const lastModifiedOf = (raw: unknown): string | undefined => {
  const value = (raw as { lastModified?: unknown } | null)?.lastModified;
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined;
};

async function* run(context: ConnectorContext): AsyncGenerator<ConnectorEvent> {
  const plan = planRun(context);
  const limit = context.options.limit;
  const position: RunPosition = { ...plan.position };
  const yielded = new Set<string>();
  let handled = 0;
  const unfinished = (): ConnectorEvent => ({ kind: 'checkpoint', state: stateJson({ watermark: plan.watermark, run: position }) });
  // A full scan sees every dataset anyway.
  if (!position.full) yield* retriedEvents(context, yielded);

  for (;;) {
    context.signal.throwIfAborted();
    const page = await fetchListingPage(context, position.url);
    // The listing is newest first: an incremental run ends at the first dataset it already has.
    const watermarkIndex = page.datasets.findIndex((raw, index) => {
      const lastModified = lastModifiedOf(raw);
      return index >= position.skip && position.stopAt !== undefined && lastModified !== undefined && !isLater(lastModified, position.stopAt);
    });
    let end = watermarkIndex >= 0 ? watermarkIndex : page.datasets.length;
    if (limit !== undefined) end = Math.min(end, position.skip + limit - handled);
    const items = page.datasets.slice(position.skip, end);
    const datasets = items.map(read);
    const viewer = pool(datasets, VIEWER_CONCURRENCY, distributionsOf(context));
    try {
      for (const [offset, raw] of items.entries()) {
        context.signal.throwIfAborted();
        const lastModified = lastModifiedOf(raw);
        if (lastModified && isLater(lastModified, position.newest)) position.newest = lastModified;
        yield* datasetEvents(context, raw, datasets[offset]!, viewer.outcomes[offset]!, yielded);
      }
    } finally {
      viewer.stop();
    }
    handled += items.length;
    if (watermarkIndex >= 0 && end === watermarkIndex) break;
    const pageDone = position.skip + items.length >= page.datasets.length;
    if (pageDone && !page.next) break;
    Object.assign(position, pageDone ? { url: page.next, skip: 0 } : { skip: position.skip + items.length });
    yield unfinished();
    if (limit !== undefined && handled >= limit) return;
  }

  const newest = position.newest && isLater(position.newest, plan.watermark) ? position.newest : plan.watermark;
  if (position.full && !plan.resumed) yield { kind: 'listed-all' };
  yield { kind: 'checkpoint', state: stateJson({ watermark: newest }) };
}

export const huggingFaceConnector: Connector = {
  name: 'huggingface',
  platform: 'huggingface',
  resources: ['datasets', 'contacts', 'publications'],
  keepOldNameAsAlternate: true,
  run,
};
