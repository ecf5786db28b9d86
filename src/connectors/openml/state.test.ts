import { describe, expect, it } from 'vitest';
import { fullScanStart, parseState, planRun, storedState } from './state.ts';

const now = new Date('2026-11-22T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
const incremental = parseState({ datasetOffset: 40, lastDatasetId: 45, flowOffset: 7, lastFlowId: 9, fullScan: false })!;

describe('OpenML run plan', () => {
  it('round-trips the stored state and refuses foreign shapes', () => {
    expect(storedState(incremental)).toEqual({ datasetOffset: 40, lastDatasetId: 45, flowOffset: 7, lastFlowId: 9, fullScan: false });
    expect(parseState({ cursor: 'x' })).toBeNull();
    expect(parseState(null)).toBeNull();
  });

  it('runs a full scan on the first run, on request, when one is due, and resumes one in progress', () => {
    expect(planRun(null, {}, null, 7, now)).toEqual({ state: fullScanStart(), fullScan: 'first run' });
    expect(planRun(incremental, { full: true }, daysAgo(1), 7, now)).toEqual({ state: fullScanStart(), fullScan: 'requested' });
    expect(planRun(incremental, {}, daysAgo(8), 7, now)).toEqual({ state: fullScanStart(), fullScan: 'due' });
    expect(planRun(incremental, {}, null, 7, now).fullScan).toBe('due');
    expect(planRun(incremental, {}, daysAgo(0), 0, now).fullScan).toBe('due');
    const midScan = { ...incremental, fullScan: true };
    expect(planRun(midScan, {}, daysAgo(1), 7, now)).toEqual({ state: midScan, fullScan: 'resumed' });
  });

  it('continues from the stored cursors otherwise', () => {
    expect(planRun(incremental, {}, daysAgo(1), 7, now)).toEqual({ state: incremental, fullScan: null });
  });
});
