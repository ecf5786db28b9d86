/** The catalogue core: assets as documents, their links and terms, taxonomies, platforms, counts, change log. */
import type { Kysely } from 'kysely';
import { bigSerial, longText, withClusteredTableOptions, withTableOptions } from './schema-helpers.ts';

const IDENTIFIER = 'varchar(30)';
const TYPE = 'varchar(40)';
const PLATFORM = 'varchar(64)';
const TIMESTAMP = 'varchar(24)';

export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema
      .createTable('platform')
      .addColumn('identifier', 'integer', (column) => column.primaryKey().autoIncrement())
      .addColumn('name', PLATFORM, (column) => column.notNull())
      .addUniqueConstraint('platform_name_unique', ['name']),
  ).execute();

  await withTableOptions(
    db,
    db.schema
      .createTable('asset')
      .addColumn('identifier', IDENTIFIER, (column) => column.primaryKey())
      .addColumn('type', TYPE, (column) => column.notNull())
      .addColumn('platform', PLATFORM, (column) =>
        column.notNull().references('platform.name').onUpdate('cascade').onDelete('restrict'),
      )
      .addColumn('platform_resource_identifier', 'varchar(256)', (column) => column.notNull())
      .addColumn('name', 'varchar(256)')
      .addColumn('status', 'varchar(16)', (column) => column.notNull())
      .addColumn('date_created', TIMESTAMP, (column) => column.notNull())
      .addColumn('date_modified', TIMESTAMP, (column) => column.notNull())
      .addColumn('date_deleted', TIMESTAMP)
      .addColumn('live', 'smallint')
      .addColumn('revision', 'integer', (column) => column.notNull())
      .addColumn('doc', longText(db), (column) => column.notNull())
      // The read model: the asset's read JSON as signed-in callers see it, and as anonymous callers
      // see it (NULL when identical), rendered at write time so reads are a single primary-key SELECT.
      .addColumn('rendered', longText(db))
      .addColumn('rendered_public', longText(db))
      // Fingerprint of the model that rendered it; NULL or another value means "render on read".
      .addColumn('render_version', 'varchar(16)')
      // 1 when the rendering left out an embedded asset some signed-in callers may be allowed to see.
      .addColumn('render_hidden', 'smallint', (column) => column.notNull().defaultTo(0)),
  ).execute();
  // NULLs never collide in a unique index, so `live` = NULL on deleted rows frees their platform id.
  await db.schema
    .createIndex('asset_platform_identity_unique')
    .on('asset')
    .columns(['type', 'platform', 'platform_resource_identifier', 'live'])
    .unique()
    .execute();
  await db.schema
    .createIndex('asset_listing_by_modified')
    .on('asset')
    .columns(['type', 'live', 'status', 'date_modified', 'identifier'])
    .execute();
  await db.schema
    .createIndex('asset_listing_by_created')
    .on('asset')
    .columns(['type', 'live', 'status', 'date_created', 'identifier'])
    .execute();
  await db.schema.createIndex('asset_render_version').on('asset').columns(['render_version']).execute();
  await db.schema
    .createIndex('asset_platform_listing')
    .on('asset')
    .columns(['platform', 'type', 'live', 'status', 'date_modified', 'identifier'])
    .execute();

  // Links and terms are read by key ranges (all links of these assets): stored clustered by key.
  await withClusteredTableOptions(
    db,
    db.schema
      .createTable('asset_link')
      .addColumn('source', IDENTIFIER, (column) => column.notNull().references('asset.identifier').onDelete('cascade'))
      .addColumn('field', 'varchar(64)', (column) => column.notNull())
      .addColumn('target', IDENTIFIER, (column) => column.notNull().references('asset.identifier').onDelete('cascade'))
      .addColumn('position', 'integer', (column) => column.notNull())
      .addPrimaryKeyConstraint('asset_link_primary_key', ['source', 'field', 'target']),
  ).execute();
  // Covering for inverse reads (is_part_of): no lookup back into the table.
  await db.schema
    .createIndex('asset_link_by_target')
    .on('asset_link')
    .columns(['target', 'field', 'source', 'position'])
    .execute();

  await withClusteredTableOptions(
    db,
    db.schema
      .createTable('asset_term')
      .addColumn('asset', IDENTIFIER, (column) => column.notNull().references('asset.identifier').onDelete('cascade'))
      .addColumn('taxonomy', 'varchar(64)', (column) => column.notNull())
      .addColumn('term', 'varchar(256)', (column) => column.notNull())
      .addPrimaryKeyConstraint('asset_term_primary_key', ['asset', 'taxonomy', 'term']),
  ).execute();
  await db.schema.createIndex('asset_term_by_term').on('asset_term').columns(['taxonomy', 'term']).execute();

  await withTableOptions(
    db,
    db.schema
      .createTable('taxonomy_term')
      .addColumn('id', 'integer', (column) => column.primaryKey().autoIncrement())
      .addColumn('taxonomy', 'varchar(64)', (column) => column.notNull())
      .addColumn('term', 'varchar(256)', (column) => column.notNull())
      .addColumn('term_key', 'varchar(256)', (column) => column.notNull())
      .addColumn('definition', 'text', (column) => column.notNull())
      .addColumn('official', 'smallint', (column) => column.notNull())
      .addColumn('parent_id', 'integer', (column) => column.references('taxonomy_term.id').onDelete('set null'))
      .addColumn('position', 'integer', (column) => column.notNull())
      .addUniqueConstraint('taxonomy_term_key_unique', ['taxonomy', 'term_key']),
  ).execute();
  await db.schema
    .createIndex('taxonomy_term_listing')
    .on('taxonomy_term')
    .columns(['taxonomy', 'official', 'parent_id', 'position'])
    .execute();

  await withTableOptions(
    db,
    db.schema
      .createTable('asset_count')
      .addColumn('type', TYPE, (column) => column.notNull())
      .addColumn('platform', PLATFORM, (column) => column.notNull())
      .addColumn('status', 'varchar(16)', (column) => column.notNull())
      .addColumn('n', 'integer', (column) => column.notNull())
      .addPrimaryKeyConstraint('asset_count_primary_key', ['type', 'platform', 'status']),
  ).execute();

  await withTableOptions(
    db,
    db.schema
      .createTable('change_log')
      .addColumn('seq', bigSerial(db), (column) => column.primaryKey().autoIncrement())
      .addColumn('identifier', IDENTIFIER, (column) => column.notNull())
      .addColumn('type', TYPE, (column) => column.notNull())
      .addColumn('action', 'varchar(16)', (column) => column.notNull())
      .addColumn('revision', 'integer', (column) => column.notNull())
      .addColumn('at', TIMESTAMP, (column) => column.notNull()),
  ).execute();
  await db.schema.createIndex('change_log_by_asset').on('change_log').columns(['identifier', 'seq']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['change_log', 'asset_count', 'taxonomy_term', 'asset_term', 'asset_link', 'asset', 'platform']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
