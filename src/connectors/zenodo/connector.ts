/**
 * The Zenodo datasets connector: OAI-PMH `ListRecords` (DataCite) by day windows, each dataset's
 * files from the REST API, creators as contacts.
 *
 * Deletions: Zenodo cannot list all its datasets cheaply (220k+, search paging stops at 10k hits),
 * so this connector never yields `listed-all` and nothing is deleted for not being seen. A record
 * is deleted when OAI-PMH lists it with a `status="deleted"` header (any type: a deleted header
 * carries no metadata, and deleting an id the catalogue does not hold is a no-op). A record that
 * stops being a Dataset is skipped like any other type and stays in the catalogue.
 */
import type { Connector, ConnectorContext, ConnectorEvent } from '../connector.ts';
import { HttpError } from '../http-client.ts';
import { CONNECTOR_PLATFORMS } from '../names.ts';
import { fetchDistributions, filesUrl } from './files.ts';
import { classify, getRecord, listWindow, type WindowItem } from './harvest.ts';
import { mapDataset, MappingError } from './mapping.ts';
import { recordNumberOf } from './oai-pmh.ts';
import { dayOf, firstWindow, stateAfter, windows } from './windows.ts';

const RESOURCE = 'datasets';

interface Run {
  context: ConnectorContext;
  baseUrl: string;
  headers: Record<string, string>;
  /** Contacts already yielded in this run (a creator of many datasets is yielded once). */
  contacts: Set<string>;
}

export const zenodoConnector: Connector = {
  name: 'zenodo',
  platform: CONNECTOR_PLATFORMS.zenodo,
  resources: [RESOURCE],
  httpPacing: (settings) => (settings.ZENODO_REQUESTS_PER_MINUTE > 0 ? { requestsPerMinute: settings.ZENODO_REQUESTS_PER_MINUTE } : {}),
  async *run(context) {
    const { settings, options, signal, logger } = context;
    const run: Run = {
      context,
      baseUrl: settings.ZENODO_URL.replace(/\/+$/, ''),
      headers: settings.ZENODO_TOKEN ? { authorization: `Bearer ${settings.ZENODO_TOKEN}` } : {},
      contacts: new Set(),
    };
    const request = { http: context.http, baseUrl: run.baseUrl, headers: run.headers, signal };
    let budget = options.limit ?? Number.POSITIVE_INFINITY;

    for (const failed of context.retry) {
      if (failed.resource !== RESOURCE || budget <= 0 || signal.aborted) continue;
      const record = await getRecord(request, failed.platformResourceIdentifier);
      const item = record ? classify(record) : undefined;
      // Gone, or no longer a dataset: whatever the catalogue holds under this id is stale.
      const events = item ? itemEvents(run, item) : gone(failed.platformResourceIdentifier);
      for await (const event of events) {
        if (event.resource === RESOURCE) budget--;
        yield event;
      }
    }

    const today = dayOf(context.now());
    for (const day of windows(firstWindow(context.state, options.from), today)) {
      if (budget <= 0 || signal.aborted) return;
      const listing = await listWindow(request, day, (error, restart) =>
        logger.warn({ connector: 'zenodo', window: day, restart, reason: error.message }, 'resumption token failed; restarting the window'),
      );
      logger.info(
        { connector: 'zenodo', window: day, records: listing.items.length, skipped: listing.skipped, pages: listing.pages, restarts: listing.restarts },
        'window listed',
      );
      for (const item of listing.items) {
        // Stopping inside a window yields no checkpoint: the next run lists this window again.
        if (budget <= 0 || signal.aborted) return;
        for await (const event of itemEvents(run, item)) {
          if (event.resource === RESOURCE) budget--;
          yield event;
        }
      }
      yield { kind: 'checkpoint', state: { ...stateAfter(day, today) } };
    }
  },
};

type ResourceEvent = Exclude<ConnectorEvent, { kind: 'checkpoint' } | { kind: 'listed-all' }>;

async function* gone(platformResourceIdentifier: string): AsyncGenerator<ResourceEvent> {
  yield { kind: 'deleted', resource: RESOURCE, platformResourceIdentifier };
}

async function* itemEvents(run: Run, item: WindowItem): AsyncGenerator<ResourceEvent> {
  const platformResourceIdentifier = item.platformId;
  if (item.kind === 'deleted') {
    yield { kind: 'deleted', resource: RESOURCE, platformResourceIdentifier };
    return;
  }
  if (item.kind === 'unreadable') {
    yield { kind: 'error', resource: RESOURCE, platformResourceIdentifier, message: item.message };
    return;
  }
  const { context } = run;
  const recordNumber = recordNumberOf(platformResourceIdentifier);
  let mapped: ReturnType<typeof mapDataset>;
  try {
    const distributions = recordNumber
      ? await fetchDistributions(context.http, filesUrl(run.baseUrl, recordNumber), { headers: run.headers, signal: context.signal })
      : [];
    mapped = mapDataset(item.record, { recordUrl: recordNumber ? `${run.baseUrl}/records/${recordNumber}` : undefined, distributions });
  } catch (error) {
    if (!isRecordError(error, context.signal)) throw error;
    yield { kind: 'error', resource: RESOURCE, platformResourceIdentifier, message: (error as Error).message };
    return;
  }
  for (const contact of mapped.contacts) {
    if (run.contacts.has(contact.platformResourceIdentifier)) continue;
    run.contacts.add(contact.platformResourceIdentifier);
    yield { kind: 'record', resource: 'contacts', platformResourceIdentifier: contact.platformResourceIdentifier, body: contact.body };
  }
  yield { kind: 'record', resource: RESOURCE, platformResourceIdentifier, body: mapped.body };
}

/**
 * A failure that belongs to one record (stored as its error, retried next run), not to the run:
 * a record that cannot be mapped, or a files call that failed (also a 5xx that outlasted the
 * client's retries: one broken record must not block its window forever). Rate limits that outlast
 * the client's patience, network failures and aborts stop the run, which resumes at this window.
 */
function isRecordError(error: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return false;
  if (error instanceof MappingError) return true;
  return error instanceof HttpError && error.status !== 429;
}
