/**
 * Assets as a harvester sees them (OAI-PMH, services/oai-pmh.ts): published live assets, stamped
 * with their date_modified, and published assets deleted since, stamped with their date_deleted
 * (so an incremental harvest learns of deletions). Both are read in one order of (datestamp,
 * identifier), so a page resumes exactly after the last entry of the one before, however many
 * assets change meanwhile. Datestamps are the stored 24-character ISO texts.
 */
import type { Executor } from '../database/dialect.ts';

export interface HarvestHeader {
  identifier: string;
  type: string;
  datestamp: string;
  deleted: boolean;
}

export interface HarvestFilter {
  types: string[];
  /** Statuses a harvester sees (published only): a deleted asset counts when it had one of them. */
  statuses: string[];
  /** Inclusive lower bound on the datestamp. */
  from?: string;
  /** Exclusive upper bound on the datestamp. */
  before?: string;
  /** The last entry of the previous page. */
  after?: { datestamp: string; identifier: string };
}

/**
 * Up to `limit` headers in (datestamp, identifier) order. Live assets are read one type at a time,
 * each a range of its listing index (type, live, status, date_modified, identifier); deletions of
 * every type at once, from the index on date_deleted.
 */
export async function harvestHeaders(executor: Executor, filter: HarvestFilter, limit: number): Promise<HarvestHeader[]> {
  const parts = await Promise.all([
    ...filter.types.map((type) => headersBy(executor, { ...filter, types: [type] }, limit, 'date_modified')),
    headersBy(executor, filter, limit, 'date_deleted'),
  ]);
  return parts
    .flat()
    .sort((a, b) => compare(a.datestamp, b.datestamp) || compare(a.identifier, b.identifier))
    .slice(0, limit);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The live assets by date_modified, or the deleted ones by date_deleted. */
async function headersBy(
  executor: Executor,
  filter: HarvestFilter,
  limit: number,
  stamp: 'date_modified' | 'date_deleted',
): Promise<HarvestHeader[]> {
  let query = executor
    .selectFrom('asset')
    .select(['identifier', 'type', `${stamp} as datestamp`])
    .where('status', 'in', filter.statuses)
    .where('type', 'in', filter.types);
  query = stamp === 'date_modified' ? query.where('live', '=', 1) : query.where('live', 'is', null).where('date_deleted', 'is not', null);
  if (filter.from !== undefined) query = query.where(stamp, '>=', filter.from);
  if (filter.before !== undefined) query = query.where(stamp, '<', filter.before);
  const after = filter.after;
  if (after !== undefined) {
    // The first condition alone bounds the index range; the second drops the entries up to `after`.
    query = query
      .where(stamp, '>=', after.datestamp)
      .where((eb) => eb.or([eb(stamp, '>', after.datestamp), eb('identifier', '>', after.identifier)]));
  }
  const rows = await query.orderBy(stamp).orderBy('identifier').limit(limit).execute();
  return rows.map((row) => ({ identifier: row.identifier, type: row.type, datestamp: row.datestamp as string, deleted: stamp === 'date_deleted' }));
}

/** One asset's header, when a harvester may see it (published, or deleted when it was). */
export async function harvestHeaderOf(executor: Executor, identifier: string, filter: Pick<HarvestFilter, 'types' | 'statuses'>): Promise<HarvestHeader | undefined> {
  const row = await executor
    .selectFrom('asset')
    .select(['identifier', 'type', 'live', 'status', 'date_modified', 'date_deleted'])
    .where('identifier', '=', identifier)
    .executeTakeFirst();
  if (!row || !filter.types.includes(row.type) || !filter.statuses.includes(row.status)) return undefined;
  if (row.live !== null) return { identifier: row.identifier, type: row.type, datestamp: row.date_modified, deleted: false };
  if (row.date_deleted === null) return undefined;
  return { identifier: row.identifier, type: row.type, datestamp: row.date_deleted, deleted: true };
}

/** The earliest datestamp a harvester can see, if there is any. */
export async function earliestHarvestDatestamp(executor: Executor, filter: Pick<HarvestFilter, 'types' | 'statuses'>): Promise<string | undefined> {
  const [first] = await harvestHeaders(executor, filter, 1);
  return first?.datestamp;
}
