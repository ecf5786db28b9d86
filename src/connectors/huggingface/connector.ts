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
import type { Connector, ConnectorContext, ConnectorEvent } from '../connector.ts';
import { hubDatasetId, MappingError, mapDataset, readHubDataset } from './dataset.ts';
import { fetchListingPage } from './listing.ts';
import { fetchDistributions } from './parquet.ts';
import { isLater, planRun, stateJson, type RunPosition } from './state.ts';

const RESOURCE = 'datasets';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The events of one listing item; `yielded` holds the related records this run already yielded. */
async function* datasetEvents(context: ConnectorContext, raw: unknown, yielded: Set<string>): AsyncGenerator<ConnectorEvent> {
  const platformResourceIdentifier = hubDatasetId(raw);
  const failed = (text: string): ConnectorEvent => ({ kind: 'error', resource: RESOURCE, ...(platformResourceIdentifier ? { platformResourceIdentifier } : {}), message: text });
  let mapped;
  try {
    const dataset = readHubDataset(raw);
    mapped = mapDataset(dataset, await fetchDistributions(context, dataset.id), context.settings);
  } catch (error) {
    if (context.signal.aborted) throw error;
    yield failed(error instanceof MappingError ? error.message : `dataset ${platformResourceIdentifier ?? '?'}: ${message(error)}`);
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
  yield { kind: 'record', resource: RESOURCE, platformResourceIdentifier: mapped.platformResourceIdentifier, body: mapped.body };
}

async function* run(context: ConnectorContext): AsyncGenerator<ConnectorEvent> {
  const plan = planRun(context);
  const limit = context.options.limit;
  const position: RunPosition = { ...plan.position };
  const yielded = new Set<string>();
  let handled = 0;
  const unfinished = (): ConnectorEvent => ({ kind: 'checkpoint', state: stateJson({ watermark: plan.watermark, run: position }) });

  listing: for (;;) {
    context.signal.throwIfAborted();
    const page = await fetchListingPage(context, position.url);
    for (let index = position.skip; index < page.datasets.length; index++) {
      context.signal.throwIfAborted();
      const raw = page.datasets[index];
      const lastModified = (raw as { lastModified?: unknown } | null)?.lastModified;
      if (typeof lastModified === 'string' && !Number.isNaN(Date.parse(lastModified))) {
        if (position.stopAt && !isLater(lastModified, position.stopAt)) break listing;
        if (isLater(lastModified, position.newest)) position.newest = lastModified;
      }
      yield* datasetEvents(context, raw, yielded);
      handled++;
      if (limit !== undefined && handled >= limit) {
        const lastOfListing = index + 1 >= page.datasets.length && !page.next;
        if (lastOfListing) break;
        Object.assign(position, index + 1 < page.datasets.length ? { skip: index + 1 } : { url: page.next, skip: 0 });
        yield unfinished();
        return;
      }
    }
    if (!page.next) break;
    Object.assign(position, { url: page.next, skip: 0 });
    yield unfinished();
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
