/**
 * The OpenML connector: datasets and flows (as ML models), read by walking OpenML's id-ordered
 * lists (state.ts explains the cursor and the full scans) and reading each item's detail.
 *
 * `options.from` is ignored: OpenML's lists have no date to start from (no "modified since"),
 * and the stored cursor already says where new items begin.
 */
import type { Connector, ConnectorContext, ConnectorEvent } from '../connector.ts';
import { listPages } from './paging.ts';
import { isRecordProblem } from './problems.ts';
import { type ListItem, openMlSources, type Source } from './sources.ts';
import { type OpenMlState, parseState, planRun, storedState } from './state.ts';
import { integral } from './values.ts';

const PAGE_SIZE = 500;
/** Items whose details are read at once (OpenML documents no rate limit for reads). */
const CONCURRENCY = 4;

/**
 * What one run may still yield: `options.limit` counts datasets, ML models and errors; the
 * contacts and publications a record refers to come with it, so a record is never cut from them
 * (a limit below one record's related records would otherwise never get past that record).
 * Related records already yielded in this run are not yielded again.
 */
class RunScope {
  private remaining: number;
  private readonly yieldedRelated = new Set<string>();

  constructor(limit: number | undefined) {
    this.remaining = limit ?? Number.POSITIVE_INFINITY;
  }

  get exhausted(): boolean {
    return this.remaining <= 0;
  }

  /** The events of one item to yield now. */
  *admit(events: ConnectorEvent[]): Generator<ConnectorEvent> {
    for (const event of events) {
      if (event.kind === 'record' && event.resource !== 'datasets' && event.resource !== 'ml_models') {
        const key = `${event.resource}:${event.platformResourceIdentifier}`;
        if (this.yieldedRelated.has(key)) continue;
        this.yieldedRelated.add(key);
      } else {
        this.remaining -= 1;
      }
      yield event;
    }
  }
}

async function readItem(source: Source, id: number, item: ListItem | undefined): Promise<ConnectorEvent[]> {
  try {
    const { body, related } = await source.read(id, item);
    return [
      ...related.map((record): ConnectorEvent => ({ kind: 'record', ...record })),
      { kind: 'record', resource: source.resource, platformResourceIdentifier: String(id), body },
    ];
  } catch (error) {
    if (!isRecordProblem(error)) throw error;
    return [{ kind: 'error', resource: source.resource, platformResourceIdentifier: String(id), message: (error as Error).message }];
  }
}

/** Walks one list from its cursor; returns true when the limit stopped the run. */
async function* walk(source: Source, state: OpenMlState, scope: RunScope, context: ConnectorContext): AsyncGenerator<ConnectorEvent, boolean> {
  const cursor = state[source.cursor];
  const pageSize = Math.min(PAGE_SIZE, context.options.limit ?? PAGE_SIZE);
  const checkpoint = (): ConnectorEvent => ({ kind: 'checkpoint', state: storedState(state) });
  let skipped = 0;
  const pages = listPages(context.http, source.list, { offset: Math.max(0, cursor.offset - pageSize), pageSize, signal: context.signal });
  for await (const page of pages) {
    for (let start = 0; start < page.items.length; start += CONCURRENCY) {
      context.signal.throwIfAborted();
      const chunk = page.items.slice(start, start + CONCURRENCY).map((item, index) => {
        const id = integral(source.id(item));
        const read = id !== undefined && id > cursor.lastId && !source.skip(item) ? readItem(source, id, item) : undefined;
        // Awaited in order below; a failure of one not awaited yet (the run stopped) must not go unhandled.
        read?.catch(() => undefined);
        return { item, id, offset: page.offset + start + index + 1, read };
      });
      for (const { item, id, offset, read } of chunk) {
        if (id !== undefined && id <= cursor.lastId) continue;
        let events: ConnectorEvent[] = [];
        if (read) events = await read;
        else if (id === undefined) {
          const message = `an item of ${source.list.url} has no valid id: ${JSON.stringify(item).slice(0, 200)}`;
          events = [{ kind: 'error', resource: source.resource, message }];
        } else skipped += 1;
        yield* scope.admit(events);
        cursor.offset = offset;
        if (id !== undefined) cursor.lastId = id;
        if (scope.exhausted) {
          yield checkpoint();
          return true;
        }
      }
    }
    yield checkpoint();
  }
  if (skipped > 0) context.logger.info({ resource: source.resource, skipped }, 'skipped sklearn.pipeline flows');
  return false;
}

/** Records that failed in earlier runs and lie behind the cursor (the listing reaches the others). */
async function* retry(sources: Source[], state: OpenMlState, scope: RunScope, context: ConnectorContext): AsyncGenerator<ConnectorEvent, boolean> {
  for (const entry of context.retry) {
    const source = sources.find((candidate) => candidate.resource === entry.resource);
    const id = integral(entry.platformResourceIdentifier);
    if (!source || id === undefined || id > state[source.cursor].lastId) continue;
    context.signal.throwIfAborted();
    yield* scope.admit(await readItem(source, id, undefined));
    if (scope.exhausted) return true;
  }
  return false;
}

async function* run(context: ConnectorContext): AsyncGenerator<ConnectorEvent> {
  const { settings, logger, options } = context;
  const plan = planRun(parseState(context.state), options, context.lastFullScan, settings.CONNECTOR_FULL_SCAN_DAYS, context.now());
  const { state } = plan;
  if (options.from) logger.info({ from: options.from }, 'OpenML has no dates to harvest from: from is ignored');
  logger.info({ fullScan: plan.fullScan, state: storedState(state) }, plan.fullScan ? 'OpenML full scan' : 'OpenML incremental run');

  const scope = new RunScope(options.limit);
  const sources = openMlSources(context.http, settings.OPENML_API_URL, context.signal);
  // A full scan reads every record anyway.
  if (!plan.fullScan && (yield* retry(sources, state, scope, context))) return;
  for (const source of sources) {
    if (yield* walk(source, state, scope, context)) return;
  }
  if (plan.fullScan) {
    yield { kind: 'listed-all' };
    state.fullScan = false;
    yield { kind: 'checkpoint', state: storedState(state) };
  }
}

export const openMlConnector: Connector = {
  name: 'openml',
  platform: 'openml',
  resources: ['datasets', 'ml_models'],
  run,
};
