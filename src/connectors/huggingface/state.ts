/**
 * What the HuggingFace connector checkpoints, and how a run decides where to start.
 *
 * State (the `checkpoint` JSON):
 *   {
 *     watermark?: string   newest `lastModified` of the last COMPLETED run: an incremental run
 *                          reads the newest-first listing until it meets a dataset at or before it
 *     run?: {              present only while a run is unfinished (killed, failed, stopped at limit)
 *       url: string        the listing page to read next (first page, or a Link rel="next" URL)
 *       skip: number       datasets of that page already handled (a run stopped at `limit` mid-page)
 *       full: boolean      the run lists everything (no stop at the watermark)
 *       stopAt?: string    the watermark it stops at (incremental runs)
 *       newest?: string    newest `lastModified` it has seen: the watermark once it completes
 *     }
 *   }
 * The watermark only moves at the end of a run: moving it earlier would make a killed run's
 * successor stop before the datasets the killed run never reached.
 */
import type { Json } from '../../database/model/normalize.ts';
import type { ConnectorContext } from '../connector.ts';
import { firstPageUrl, MAX_PAGE_SIZE } from './listing.ts';

export interface RunPosition {
  url: string;
  skip: number;
  full: boolean;
  stopAt?: string;
  newest?: string;
}

export interface HuggingFaceState {
  watermark?: string;
  run?: RunPosition;
}

export interface RunPlan {
  position: RunPosition;
  /** The watermark of the last completed run (kept when this run sees nothing newer). */
  watermark?: string;
  /** Continues an unfinished run: it did not list everything itself, so it cannot claim `listed-all`. */
  resumed: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** The stored state, tolerating anything (a hand-edited or older state reads as "nothing"). */
export function readState(json: Json | null): HuggingFaceState {
  if (!json) return {};
  const state: HuggingFaceState = {};
  const watermark = text(json.watermark);
  if (watermark) state.watermark = watermark;
  const run = json.run as Record<string, unknown> | undefined;
  const url = text(run?.url);
  if (run && url) {
    state.run = { url, skip: Number.isInteger(run.skip) && (run.skip as number) > 0 ? (run.skip as number) : 0, full: run.full === true };
    if (text(run.stopAt)) state.run.stopAt = run.stopAt as string;
    if (text(run.newest)) state.run.newest = run.newest as string;
  }
  return state;
}

export function stateJson(state: HuggingFaceState): Json {
  return JSON.parse(JSON.stringify(state)) as Json;
}

function fullScanDue(context: ConnectorContext): boolean {
  if (!context.lastFullScan) return true;
  return context.now().getTime() - context.lastFullScan.getTime() >= context.settings.CONNECTOR_FULL_SCAN_DAYS * DAY_MS;
}

export function planRun(context: ConnectorContext): RunPlan {
  const { options } = context;
  const state = options.full ? {} : readState(context.state);
  const start = (full: boolean, stopAt?: string): RunPlan => ({
    position: {
      url: firstPageUrl(context.settings, Math.min(MAX_PAGE_SIZE, options.limit ?? MAX_PAGE_SIZE)),
      skip: 0,
      full,
      ...(stopAt ? { stopAt } : {}),
    },
    watermark: state.watermark,
    resumed: false,
  });
  if (options.full) return start(true);
  if (options.from) return start(false, options.from);
  if (state.run) return { position: state.run, watermark: state.watermark, resumed: true };
  if (!state.watermark || fullScanDue(context)) return start(true);
  return start(false, state.watermark);
}

/** Whether `a` is a later instant than `b` (ISO 8601 texts; an unreadable one is never later). */
export function isLater(a: string, b: string | undefined): boolean {
  if (b === undefined) return !Number.isNaN(Date.parse(a));
  return Date.parse(a) > Date.parse(b);
}
