/**
 * Connectors: per-connector state and lease, every run, every record error, and per harvested
 * asset the content hash of its last body (to skip unchanged records) and the last run that saw it
 * (to find what the platform no longer lists).
 */
import type { Kysely } from 'kysely';
import { bigSerial, longText, withTableOptions } from './schema-helpers.ts';

const CONNECTOR = 'varchar(60)';
const TIMESTAMP = 'varchar(24)';

export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema
      .createTable('connector_state')
      .addColumn('connector', CONNECTOR, (column) => column.primaryKey())
      .addColumn('state', longText(db))
      .addColumn('last_full_scan', TIMESTAMP)
      // A run holds the lease until lease_until; it renews it while it works, so a crashed
      // process's lease simply runs out.
      .addColumn('lease_owner', 'varchar(120)')
      .addColumn('lease_until', TIMESTAMP),
  ).execute();

  await withTableOptions(
    db,
    db.schema
      .createTable('connector_run')
      .addColumn('identifier', bigSerial(db), (column) => column.primaryKey().autoIncrement())
      .addColumn('connector', CONNECTOR, (column) => column.notNull())
      .addColumn('started_at', TIMESTAMP, (column) => column.notNull())
      .addColumn('finished_at', TIMESTAMP)
      .addColumn('status', 'varchar(12)', (column) => column.notNull())
      .addColumn('complete', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('options', 'varchar(1000)', (column) => column.notNull())
      .addColumn('created', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('updated', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('unchanged', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('deleted', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('failed', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('message', 'varchar(2000)'),
  ).execute();
  await db.schema.createIndex('connector_run_by_connector').on('connector_run').columns(['connector', 'identifier']).execute();

  await withTableOptions(
    db,
    db.schema
      .createTable('connector_error')
      .addColumn('identifier', bigSerial(db), (column) => column.primaryKey().autoIncrement())
      .addColumn('connector', CONNECTOR, (column) => column.notNull())
      .addColumn('run', 'bigint', (column) => column.notNull())
      .addColumn('resource', 'varchar(40)', (column) => column.notNull())
      .addColumn('platform_resource_identifier', 'varchar(256)')
      .addColumn('message', 'varchar(2000)', (column) => column.notNull())
      .addColumn('at', TIMESTAMP, (column) => column.notNull())
      // The run that stored the record after all; NULL while it still fails.
      .addColumn('resolved_run', 'bigint'),
  ).execute();
  await db.schema.createIndex('connector_error_by_run').on('connector_error').columns(['connector', 'run']).execute();
  await db.schema
    .createIndex('connector_error_by_record')
    .on('connector_error')
    .columns(['connector', 'platform_resource_identifier', 'resolved_run'])
    .execute();

  await withTableOptions(
    db,
    db.schema
      .createTable('connector_record')
      .addColumn('asset', 'varchar(30)', (column) => column.primaryKey().references('asset.identifier').onDelete('cascade'))
      .addColumn('connector', CONNECTOR, (column) => column.notNull())
      .addColumn('content_hash', 'varchar(64)', (column) => column.notNull())
      .addColumn('seen_run', 'bigint', (column) => column.notNull()),
  ).execute();
  await db.schema.createIndex('connector_record_by_run').on('connector_record').columns(['connector', 'seen_run']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['connector_record', 'connector_error', 'connector_run', 'connector_state']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
