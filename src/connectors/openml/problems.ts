/**
 * Which failures belong to one record (an `error` event for its id, the listing goes on) and which
 * to the run (rethrown: the run fails and resumes from its last checkpoint). The HTTP client has
 * already retried 429 and 5xx answers and network errors when they reach here, so those mean the
 * platform is unwell, not the record; aborts stop the run.
 */
import { HttpError } from '../http-client.ts';
import { MappingError } from './values.ts';

export function isRecordProblem(error: unknown): boolean {
  if (error instanceof MappingError || error instanceof SyntaxError) return true;
  return error instanceof HttpError && error.status !== 429 && error.status < 500;
}
