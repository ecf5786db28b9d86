/**
 * Kysely row types of the storage tables (DESIGN §5). Dates are ISO-8601 UTC strings with
 * milliseconds (`2025-11-05T13:45:27.123Z`) on both dialects: they sort as text, compare against
 * `yyyy-mm-dd` filters directly, and need no driver-specific date handling.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export interface AssetTable {
  identifier: string;
  type: string;
  platform: string;
  platform_resource_identifier: string;
  name: string | null;
  status: string;
  date_created: string;
  date_modified: string;
  date_deleted: string | null;
  /** 1 while the asset exists, NULL once deleted: part of the unique platform key, so deleted rows free it. */
  live: number | null;
  revision: number;
  /** The canonical body (scalars, value objects, taxonomy terms) as JSON text. */
  doc: string;
  /**
   * The read JSON for signed-in callers (see services/rendering.ts). Written as text; stored as
   * bytes on MySQL/MariaDB, so it is read through the raw reader's `asBytes` only.
   */
  rendered: string | null;
  /** The read JSON for anonymous callers; NULL when equal to `rendered`. */
  rendered_public: string | null;
  render_version: string | null;
  render_hidden: ColumnType<number, number | undefined, number>;
  /**
   * A random number that changes with every write of the renderings or the render version (see
   * services/render-stamps.ts): in-memory copies of renderings are current while it is the same.
   */
  render_stamp: ColumnType<number, number | undefined, number>;
}

export interface AssetLinkTable {
  source: string;
  field: string;
  target: string;
  position: number;
}

export interface AssetTermTable {
  asset: string;
  taxonomy: string;
  term: string;
}

export interface TaxonomyTermTable {
  id: Generated<number>;
  taxonomy: string;
  term: string;
  /** Lower-cased term: terms are matched case-insensitively on both dialects. */
  term_key: string;
  definition: string;
  official: number;
  parent_id: number | null;
  position: number;
}

export interface PlatformTable {
  identifier: Generated<number>;
  name: string;
}

/** Published/draft/... counts per type and platform, kept in the write transaction: totals are O(1). */
export interface AssetCountTable {
  type: string;
  platform: string;
  status: string;
  n: number;
}

/** Successful reads of an asset by its own route (`/stats/top/...`). */
export interface AssetHitTable {
  asset: string;
  hits: number;
}

export interface ChangeLogTable {
  seq: Generated<number>;
  identifier: string;
  type: string;
  action: 'create' | 'update' | 'delete';
  revision: number;
  at: string;
}

export interface AppUserTable {
  subject: string;
  username: string;
  last_seen: string;
}

export type PermissionLevel = 'read' | 'write' | 'admin';

export interface AssetPermissionTable {
  asset: string;
  subject: string;
  level: PermissionLevel;
}

export type ReviewDecision = 'accepted' | 'rejected' | 'retracted';

export interface SubmissionTable {
  identifier: Generated<number>;
  requestee: string | null;
  request_date: string;
  comment: string;
  /** NULL while pending; the decision of the review that closed it. */
  decision: ReviewDecision | null;
}

export interface SubmissionAssetTable {
  submission: number;
  asset: string;
}

export interface ReviewTable {
  identifier: Generated<number>;
  submission: number;
  reviewer: string | null;
  decision: ReviewDecision;
  comment: string;
  decision_date: string;
}

export interface BookmarkTable {
  subject: string;
  asset: string;
  created_at: string;
}

export interface UploadLogTable {
  identifier: Generated<number>;
  subject: string;
  resource_type: string;
  created_at: string;
}

/** An entry of the database search index (see search/database-writes.ts). */
export interface SearchEntryTable {
  doc_id: Generated<number>;
  identifier: string;
  type: string;
  platform: string;
  date_modified: string;
  revision: number;
  summary: string;
  /** The entry's distinct words, space-separated: the keys of its posting rows. */
  terms: string | null;
}

export interface SearchPostingTable {
  term: string;
  doc_id: number;
  type_no: number;
  fields: number;
  impact: number;
}

export interface SearchTermTable {
  term: string;
  type_no: number;
  entries: number;
  /** New (database/stamps.ts) with every change of the term's entry sets of the type (search/doc-set-cache.ts). */
  set_stamp: number;
}

/** A block of the doc ids of a term's entries of one type, and their impacts (src/search/doc-sets.ts). */
export interface SearchDocSetTable {
  term: string;
  type_no: number;
  block_no: number;
  members: Buffer;
  impacts: Buffer;
}

/** The facet values entries have, numbered (src/search/facet-blocks.ts, codes). */
export interface SearchFacetValueTable {
  value_no: Generated<number>;
  facet: string;
  value: string;
}

/** The facet value codes of a block of doc ids' entries (src/search/facet-blocks.ts). */
export interface SearchFacetBlockTable {
  block_no: number;
  codes: Buffer;
  /** New (database/stamps.ts) with every write of the block (search/facet-counts.ts). */
  stamp: number;
}

/** How far each search index has followed change_log. */
export interface SearchPositionTable {
  consumer: string;
  position: number;
  schema_version: string;
  updated_at: string;
  /** JSON: the change-log gaps its indexer passed and still looks into (search/change-gaps.ts). */
  passed_gaps: string | null;
}

export interface ConnectorStateTable {
  connector: string;
  /** The last checkpoint's state as JSON text. */
  state: string | null;
  last_full_scan: string | null;
  lease_owner: string | null;
  lease_until: string | null;
}

export interface ConnectorRunTable {
  identifier: Generated<number>;
  connector: string;
  started_at: string;
  finished_at: string | null;
  /** running | succeeded | failed | aborted */
  status: string;
  /** 1 when the run listed everything the platform has (and so deleted what it no longer has). */
  complete: ColumnType<number, number | undefined, number>;
  /** The run's options (limit, from, full) as JSON text. */
  options: string;
  created: ColumnType<number, number | undefined, number>;
  updated: ColumnType<number, number | undefined, number>;
  unchanged: ColumnType<number, number | undefined, number>;
  deleted: ColumnType<number, number | undefined, number>;
  failed: ColumnType<number, number | undefined, number>;
  message: string | null;
}

export interface ConnectorErrorTable {
  identifier: Generated<number>;
  connector: string;
  run: number;
  resource: string;
  platform_resource_identifier: string | null;
  message: string;
  at: string;
  resolved_run: number | null;
  /** How the connector fetches the record again, when its platform id is not enough. */
  locator: string | null;
}

export interface ConnectorRecordTable {
  asset: string;
  connector: string;
  content_hash: string;
  seen_run: number;
}

export interface Tables {
  asset: AssetTable;
  asset_link: AssetLinkTable;
  asset_term: AssetTermTable;
  taxonomy_term: TaxonomyTermTable;
  platform: PlatformTable;
  asset_count: AssetCountTable;
  asset_hit: AssetHitTable;
  change_log: ChangeLogTable;
  app_user: AppUserTable;
  asset_permission: AssetPermissionTable;
  submission: SubmissionTable;
  submission_asset: SubmissionAssetTable;
  review: ReviewTable;
  bookmark: BookmarkTable;
  upload_log: UploadLogTable;
  search_entry: SearchEntryTable;
  search_facet_value: SearchFacetValueTable;
  search_facet_block: SearchFacetBlockTable;
  search_posting: SearchPostingTable;
  search_term: SearchTermTable;
  search_doc_set: SearchDocSetTable;
  search_position: SearchPositionTable;
  connector_state: ConnectorStateTable;
  connector_run: ConnectorRunTable;
  connector_error: ConnectorErrorTable;
  connector_record: ConnectorRecordTable;
}

export type AssetRow = Selectable<AssetTable>;
/** An asset's own content, without its stored renderings. */
export type AssetContentRow = Omit<AssetRow, 'rendered' | 'rendered_public' | 'render_version' | 'render_hidden' | 'render_stamp'>;
export type NewAssetRow = Insertable<AssetTable>;
export type AssetLinkRow = Selectable<AssetLinkTable>;
