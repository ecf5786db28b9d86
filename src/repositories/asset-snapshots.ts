/**
 * Reads of assets through a RawReader (rows as arrays; see database/raw-reader.ts).
 *
 * Two kinds of read live here:
 *  - rendered reads, the hot path: an asset's stored read JSON by identifier, platform identifier
 *    or list page, each one simple statement (plus the total for a page);
 *  - snapshots: everything needed to render assets (their rows, links in both directions, and the
 *    contacts they embed with those contacts' links), used when rendering at write time and when
 *    a stored rendering cannot be used.
 * Statements name every column (c0, c1, ...) so they also run through a Kysely transaction,
 * whose rows are objects, without losing column order.
 */
import type { RawReader, RawRow, RawStatement } from '../database/raw-reader.ts';
import type { AssetContentRow } from '../database/tables.ts';
import type { AssetListFilter, AssetPage } from './assets.ts';
import type { RenderedRowCache } from './rendered-row-cache.ts';

/** A reference as seen from its owner; `inverse` when the owner is the target of the stored row. */
export interface LoadedLink {
  owner: string;
  field: string;
  inverse: boolean;
  other: string;
  position: number;
}

/** An asset embedded through a reference (the contacts of `contact`), with its row's content. */
export interface EmbeddedAsset {
  owner: string;
  position: number;
  row: AssetContentRow;
}

export interface AssetSnapshot {
  rows: AssetContentRow[];
  links: LoadedLink[];
  embedded: EmbeddedAsset[];
}

export interface SnapshotOptions {
  /** Stored fields read from the target side too (has_part → is_part_of). */
  inverseFields: string[];
  /** The reference field whose targets are embedded whole (contact → contacts). */
  embedField?: string;
}

const LINK = 1;
const INVERSE = 2;
const EMBEDDED = 3;

const CONTENT_COLUMNS = [
  'identifier',
  'type',
  'platform',
  'platform_resource_identifier',
  'name',
  'status',
  'date_created',
  'date_modified',
  'date_deleted',
  'live',
  'revision',
  'doc',
];
const NULLS = CONTENT_COLUMNS.map(() => 'NULL');

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/** `e0 AS c0, e1 AS c1, ...`: unique, ordered column names. */
function named(expressions: string[]): string {
  return expressions.map((expression, index) => `${expression} AS c${index}`).join(', ');
}

function contentRow(values: RawRow, offset: number): AssetContentRow {
  return {
    identifier: values[offset] as string,
    type: values[offset + 1] as string,
    platform: values[offset + 2] as string,
    platform_resource_identifier: values[offset + 3] as string,
    name: (values[offset + 4] as string | null) ?? null,
    status: values[offset + 5] as string,
    date_created: values[offset + 6] as string,
    date_modified: values[offset + 7] as string,
    date_deleted: (values[offset + 8] as string | null) ?? null,
    live: values[offset + 9] === null ? null : Number(values[offset + 9]),
    revision: Number(values[offset + 10]),
    doc: values[offset + 11] as string,
  };
}

/**
 * One statement loading the links of the assets whose identifiers match `owners` (an SQL
 * condition such as `IN (?, ?)`, bound with `parameters`): outgoing links, incoming links of the
 * inverse fields, and the embedded assets with their own outgoing links. Every part yields the same
 * columns: kind, owner, field, other, position, then an asset row (embedded) or NULLs.
 */
function linksStatement(owners: string, parameters: unknown[], options: SnapshotOptions): RawStatement {
  const parts = [
    `SELECT ${named([String(LINK), 'source', 'field', 'target', 'position', ...NULLS])} FROM asset_link WHERE source ${owners}`,
  ];
  const bound: unknown[] = [...parameters];
  if (options.inverseFields.length > 0) {
    parts.push(
      `SELECT ${INVERSE}, target, field, source, position, ${NULLS.join(', ')} FROM asset_link ` +
        `WHERE target ${owners} AND field IN (${placeholders(options.inverseFields.length)})`,
    );
    bound.push(...parameters, ...options.inverseFields);
  }
  if (options.embedField !== undefined) {
    parts.push(
      `SELECT ${EMBEDDED}, e.source, e.field, e.target, e.position, ${CONTENT_COLUMNS.map((column) => `t.${column}`).join(', ')} ` +
        'FROM asset_link e JOIN asset t ON t.identifier = e.target ' +
        `WHERE e.source ${owners} AND e.field = ?`,
      `SELECT ${LINK}, c.source, c.field, c.target, c.position, ${NULLS.join(', ')} ` +
        'FROM asset_link e JOIN asset_link c ON c.source = e.target ' +
        `WHERE e.source ${owners} AND e.field = ?`,
    );
    bound.push(...parameters, options.embedField, ...parameters, options.embedField);
  }
  return { sql: parts.join(' UNION ALL '), parameters: bound };
}

function collectLinks(rows: RawRow[] | undefined, snapshot: AssetSnapshot): AssetSnapshot {
  for (const values of rows ?? []) {
    const kind = Number(values[0]);
    if (kind === EMBEDDED) {
      snapshot.embedded.push({ owner: values[1] as string, position: Number(values[4]), row: contentRow(values, 5) });
    } else {
      snapshot.links.push({
        owner: values[1] as string,
        field: values[2] as string,
        other: values[3] as string,
        position: Number(values[4]),
        inverse: kind === INVERSE,
      });
    }
  }
  return snapshot;
}

/** Everything needed to render these assets (deleted ones included), in one read. */
export async function snapshotByIds(reader: RawReader, identifiers: string[], options: SnapshotOptions): Promise<AssetSnapshot> {
  if (identifiers.length === 0) return { rows: [], links: [], embedded: [] };
  const owners = `IN (${placeholders(identifiers.length)})`;
  const [rows, links] = await reader.read([
    {
      sql: `SELECT ${SELECT_CONTENT} FROM asset WHERE identifier ${owners}`,
      parameters: identifiers,
    },
    linksStatement(owners, identifiers, options),
  ]);
  const byIdentifier = new Map((rows ?? []).map((values) => [values[0] as string, contentRow(values, 0)]));
  const ordered = identifiers.flatMap((identifier) => {
    const row = byIdentifier.get(identifier);
    return row ? [row] : [];
  });
  return collectLinks(links, { rows: ordered, links: [], embedded: [] });
}

/** Which stored rendering a read needs: signed-in, anonymous, or none (it renders on read). */
export type RenderingVariant = 'member' | 'public' | 'none';

/** An asset as the hot path reads it: who may see it, and the stored rendering for this caller. */
export interface RenderedRow {
  identifier: string;
  type: string;
  platform: string;
  status: string;
  live: number | null;
  renderVersion: string | null;
  renderHidden: boolean;
  /** The stored rendering of the requested variant, as UTF-8 bytes (null when none was requested or stored). */
  text: Uint8Array | null;
}

/** The SQL of each rendering variant's read JSON (the bench baseline reads the public one too). */
export const VARIANT_EXPRESSION: Record<RenderingVariant, string> = {
  member: 'rendered',
  public: 'COALESCE(rendered_public, rendered)',
  none: 'NULL',
};

const selectCache = new Map<string, string>();

/**
 * The hot path's columns: identity and visibility, and only the rendering this caller gets (half
 * of what would be read otherwise), as bytes.
 */
function renderedColumns(reader: RawReader, variant: RenderingVariant): string {
  const key = `${reader.asBytes('')}|${variant}`;
  let columns = selectCache.get(key);
  if (columns === undefined) {
    const text = VARIANT_EXPRESSION[variant];
    columns = named([
      'identifier',
      'type',
      'platform',
      'status',
      'live',
      'render_version',
      'render_hidden',
      variant === 'none' ? text : reader.asBytes(text),
    ]);
    selectCache.set(key, columns);
  }
  return columns;
}

const SELECT_CONTENT = named(CONTENT_COLUMNS);
/** Columns of `renderedColumns`; reads by identifier add the render stamp and the revision after them. */
const RENDERED_COLUMN_COUNT = 8;
const STAMP_COLUMN = RENDERED_COLUMN_COUNT;
const REVISION_COLUMN = RENDERED_COLUMN_COUNT + 1;

function renderedRow(values: RawRow): RenderedRow {
  return {
    identifier: values[0] as string,
    type: values[1] as string,
    platform: values[2] as string,
    status: values[3] as string,
    live: values[4] === null ? null : Number(values[4]),
    renderVersion: (values[5] as string | null) ?? null,
    renderHidden: Number(values[6]) === 1,
    text: (values[7] as Uint8Array | null) ?? null,
  };
}

export async function renderedById(
  reader: RawReader,
  identifier: string,
  variant: RenderingVariant,
): Promise<RenderedRow | undefined> {
  const [rows] = await reader.read([
    { sql: `SELECT ${renderedColumns(reader, variant)} FROM asset WHERE identifier = ?`, parameters: [identifier] },
  ]);
  const first = rows?.[0];
  return first ? renderedRow(first) : undefined;
}

/** A rendered row with its revision (search documents carry it). */
export type RevisedRenderedRow = RenderedRow & { revision: number };

/** A row read with `renderedByIdsStatement` or `renderedScan`: the revision follows the render stamp. */
const revisedRow = (values: RawRow): RevisedRenderedRow => ({
  ...renderedRow(values),
  revision: Number(values[REVISION_COLUMN]),
});

/** Rendered rows by identifier, each followed by its render stamp and revision. */
function renderedByIdsStatement(reader: RawReader, identifiers: string[], variant: RenderingVariant): RawStatement {
  return {
    sql:
      `SELECT ${renderedColumns(reader, variant)}, render_stamp AS c_stamp, revision AS c_revision FROM asset ` +
      `WHERE identifier IN (${placeholders(identifiers.length)})`,
    parameters: identifiers,
  };
}

/** Several assets with their renderings, in one statement, in the order asked (missing ones left out). */
export async function renderedByIds(
  reader: RawReader,
  identifiers: string[],
  variant: RenderingVariant,
): Promise<RevisedRenderedRow[]> {
  if (identifiers.length === 0) return [];
  const [rows] = await reader.read([renderedByIdsStatement(reader, identifiers, variant)]);
  const byIdentifier = new Map((rows ?? []).map((values) => [values[0] as string, revisedRow(values)]));
  return identifiers.flatMap((identifier) => {
    const row = byIdentifier.get(identifier);
    return row ? [row] : [];
  });
}

/**
 * The next `limit` live assets of `types` in `statuses` after `afterIdentifier`, in identifier
 * order, with their renderings: a keyset scan over the whole catalogue (search index rebuilds).
 */
export async function renderedScan(
  reader: RawReader,
  filter: { types: string[]; statuses: string[] },
  afterIdentifier: string,
  limit: number,
  variant: RenderingVariant,
): Promise<RevisedRenderedRow[]> {
  const [rows] = await reader.read([
    {
      sql:
        `SELECT ${renderedColumns(reader, variant)}, render_stamp AS c_stamp, revision AS c_revision FROM asset WHERE identifier > ? AND live = 1 ` +
        `AND type IN (${placeholders(filter.types.length)}) AND status IN (${placeholders(filter.statuses.length)}) ` +
        'ORDER BY identifier LIMIT ?',
      parameters: [afterIdentifier, ...filter.types, ...filter.statuses, limit],
    },
  ]);
  return (rows ?? []).map(revisedRow);
}

export async function renderedByPlatformIdentifier(
  reader: RawReader,
  type: string,
  platform: string,
  platformResourceIdentifier: string,
  variant: RenderingVariant,
): Promise<RenderedRow | undefined> {
  const [rows] = await reader.read([
    {
      sql:
        `SELECT ${renderedColumns(reader, variant)} FROM asset ` +
        'WHERE type = ? AND platform = ? AND platform_resource_identifier = ? AND live = 1',
      parameters: [type, platform, platformResourceIdentifier],
    },
  ]);
  const first = rows?.[0];
  return first ? renderedRow(first) : undefined;
}

function listCondition(filter: AssetListFilter): { sql: string; parameters: unknown[] } {
  const conditions = ['type = ?', 'live = 1', `status IN (${placeholders(filter.statuses.length)})`];
  const parameters: unknown[] = [filter.type, ...filter.statuses];
  if (filter.platform !== undefined) {
    conditions.push('platform = ?');
    parameters.push(filter.platform);
  }
  if (filter.dateModifiedAfter !== undefined) {
    conditions.push('date_modified >= ?');
    parameters.push(filter.dateModifiedAfter);
  }
  if (filter.dateModifiedBefore !== undefined) {
    conditions.push('date_modified < ?');
    parameters.push(filter.dateModifiedBefore);
  }
  return { sql: conditions.join(' AND '), parameters };
}

/** The number of listed assets: the maintained counts, unless a date filter needs a real count. */
function totalQuery(filter: AssetListFilter): RawStatement {
  if (filter.dateModifiedAfter !== undefined || filter.dateModifiedBefore !== undefined) {
    const where = listCondition(filter);
    return { sql: `SELECT COUNT(*) FROM asset WHERE ${where.sql}`, parameters: where.parameters };
  }
  const conditions = ['type = ?', `status IN (${placeholders(filter.statuses.length)})`];
  const parameters: unknown[] = [filter.type, ...filter.statuses];
  if (filter.platform !== undefined) {
    conditions.push('platform = ?');
    parameters.push(filter.platform);
  }
  return { sql: `SELECT COALESCE(SUM(n), 0) FROM asset_count WHERE ${conditions.join(' AND ')}`, parameters };
}

/**
 * A page of listed assets with their renderings, and the total, in at most two statements. The
 * first reads the page's identifiers and render stamps from the listing index alone (the stamp
 * ends every listing index), with the total riding along as a column (an uncorrelated subquery,
 * computed once); the second reads only the rows `cache` does not hold at those stamps. A row
 * that stopped being listed between the two (unpublished, deleted) is left out.
 */
export async function renderedPage(
  reader: RawReader,
  cache: RenderedRowCache,
  filter: AssetListFilter,
  page: AssetPage,
  variant: RenderingVariant,
): Promise<{ rows: RenderedRow[]; total: number }> {
  const where = listCondition(filter);
  const total = totalQuery(filter);
  // The tie-breaker follows the sort direction, so one index serves both directions.
  const direction = page.direction === 'asc' ? 'ASC' : 'DESC';
  const sort = page.sort === 'date_created' ? 'date_created' : 'date_modified';
  // The subquery's parameters come first in the text: it is in the column list.
  const keys: RawStatement = {
    sql:
      `SELECT identifier AS c0, render_stamp AS c1, (${total.sql}) AS c2 FROM asset WHERE ${where.sql} ` +
      `ORDER BY ${sort} ${direction}, identifier ${direction} LIMIT ? OFFSET ?`,
    parameters: [...total.parameters, ...where.parameters, page.limit, page.offset],
  };
  const cached = new Map<string, RenderedRow>();
  const [keyRows = [], readRows = []] = await reader.read([keys], ([pageKeys]) => {
    const missing: string[] = [];
    for (const values of pageKeys ?? []) {
      const row = cache.get(values[0] as string, variant, Number(values[1]));
      if (row === undefined) missing.push(values[0] as string);
      else cached.set(row.identifier, row);
    }
    return missing.length === 0 ? [] : [renderedByIdsStatement(reader, missing, variant)];
  });
  for (const values of readRows) {
    const row = renderedRow(values);
    cache.set(row, variant, Number(values[STAMP_COLUMN]));
    cached.set(row.identifier, row);
  }
  const rows = keyRows.flatMap((values) => {
    const row = cached.get(values[0] as string);
    return row !== undefined && row.live === 1 && filter.statuses.includes(row.status) ? [row] : [];
  });
  const first = keyRows[0];
  if (first) return { rows, total: Number(first[2]) };
  const [totalRows] = await reader.read([total]);
  return { rows: [], total: Number(totalRows?.[0]?.[0] ?? 0) };
}
