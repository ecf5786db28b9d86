/**
 * The connector's state. OpenML has no "modified since" filter, but its ids ascend and new items
 * are appended to the lists, so each list keeps where it stopped: the offset of the next item and
 * the id of the last one done. A run restarts a page before that offset and skips ids it has done,
 * so items that left the list meanwhile (which shifts offsets down) do not make it skip new ones.
 *
 * A full scan (first run, `full`, or the last complete one older than CONNECTOR_FULL_SCAN_DAYS)
 * starts both lists at 0 and ends in `listed-all`; `fullScan` stays true in the checkpoints until
 * then, so a killed full scan resumes where it was and still ends in `listed-all`.
 */
import type { Json } from '../../database/model/normalize.ts';

export interface ListCursor {
  /** Offset of the next item to read. */
  offset: number;
  /** Id of the last item done (ids are positive; 0 = none). */
  lastId: number;
}

export interface OpenMlState {
  datasets: ListCursor;
  flows: ListCursor;
  fullScan: boolean;
}

const START: ListCursor = { offset: 0, lastId: 0 };

export function fullScanStart(): OpenMlState {
  return { datasets: { ...START }, flows: { ...START }, fullScan: true };
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0);

/** The stored state, or null when there is none (or it is not this connector's shape). */
export function parseState(stored: Json | null): OpenMlState | null {
  if (!stored || typeof stored.datasetOffset !== 'number' || typeof stored.flowOffset !== 'number') return null;
  return {
    datasets: { offset: count(stored.datasetOffset), lastId: count(stored.lastDatasetId) },
    flows: { offset: count(stored.flowOffset), lastId: count(stored.lastFlowId) },
    fullScan: stored.fullScan === true,
  };
}

export function storedState(state: OpenMlState): Json {
  return {
    datasetOffset: state.datasets.offset,
    lastDatasetId: state.datasets.lastId,
    flowOffset: state.flows.offset,
    lastFlowId: state.flows.lastId,
    fullScan: state.fullScan,
  };
}

export interface ScanDecision {
  state: OpenMlState;
  /** Why a full scan runs (for the log), or null for an incremental run. */
  fullScan: 'requested' | 'first run' | 'resumed' | 'due' | null;
}

export function planRun(stored: OpenMlState | null, options: { full?: boolean }, lastFullScan: Date | null, fullScanDays: number, now: Date): ScanDecision {
  if (options.full) return { state: fullScanStart(), fullScan: 'requested' };
  if (!stored) return { state: fullScanStart(), fullScan: 'first run' };
  if (stored.fullScan) return { state: stored, fullScan: 'resumed' };
  const age = lastFullScan ? now.getTime() - lastFullScan.getTime() : Number.POSITIVE_INFINITY;
  if (age >= fullScanDays * 86_400_000) return { state: fullScanStart(), fullScan: 'due' };
  return { state: stored, fullScan: null };
}
