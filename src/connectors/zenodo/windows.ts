/**
 * The harvest position: OAI-PMH windows of one UTC day, from the stored position up to today.
 *
 * State `{ nextWindowStart: 'YYYY-MM-DD' }` is the first day not yet completely harvested. It is
 * checkpointed only after a window's every record was yielded, and the runner stores a checkpoint
 * only once everything before it is stored, so a run killed inside a window resumes by harvesting
 * that whole window again (never skipping; unchanged records cost a hash comparison in the sink).
 * Today's window never moves the position past today: records published later today are found by
 * the next run, which harvests today again.
 */
import type { Json } from '../../database/model/normalize.ts';

/** Where AIoD's Zenodo connector started (`--from-date 2020-04-03`, reference v1 §5.2). */
export const DEFAULT_START = '2020-04-03';

export interface ZenodoState {
  nextWindowStart: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return dayOf(date);
}

/** `options.from` (an ISO date or date-time) as the day it falls on, in UTC. */
export function dayOfOption(from: string): string {
  if (isDay(from)) return from;
  const date = new Date(from);
  if (Number.isNaN(date.getTime())) throw new Error(`from: "${from}" is not an ISO 8601 date or date-time`);
  return dayOf(date);
}

export function readState(state: Json | null): ZenodoState | undefined {
  return state && isDay(state.nextWindowStart) ? { nextWindowStart: state.nextWindowStart } : undefined;
}

/** The first window of a run: `options.from`, else the stored position, else AIoD's start. */
export function firstWindow(state: Json | null, from: string | undefined): string {
  if (from !== undefined) return dayOfOption(from);
  return readState(state)?.nextWindowStart ?? DEFAULT_START;
}

/** The days from `start` to `today`, both included. */
export function* windows(start: string, today: string): Generator<string> {
  for (let day = start; day <= today; day = nextDay(day)) yield day;
}

/** The position after harvesting `day`: the next day, except that today stays today. */
export function stateAfter(day: string, today: string): ZenodoState {
  return { nextWindowStart: day < today ? nextDay(day) : today };
}
