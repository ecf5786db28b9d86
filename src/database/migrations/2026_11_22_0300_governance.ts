/**
 * Governance: users learned from tokens, per-asset permissions, review submissions and their
 * reviews, bookmarks, and the upload log behind the upload rate limit.
 */
import type { Kysely } from 'kysely';
import { withTableOptions } from './schema-helpers.ts';

const IDENTIFIER = 'varchar(30)';
const SUBJECT = 'varchar(255)';
const TIMESTAMP = 'varchar(24)';

export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema
      .createTable('app_user')
      .addColumn('subject', SUBJECT, (column) => column.primaryKey())
      .addColumn('username', 'varchar(255)', (column) => column.notNull())
      .addColumn('last_seen', TIMESTAMP, (column) => column.notNull()),
  ).execute();
  await db.schema.createIndex('app_user_by_username').on('app_user').columns(['username']).execute();

  await withTableOptions(
    db,
    db.schema
      .createTable('asset_permission')
      .addColumn('asset', IDENTIFIER, (column) => column.notNull().references('asset.identifier').onDelete('cascade'))
      .addColumn('subject', SUBJECT, (column) => column.notNull().references('app_user.subject').onDelete('cascade'))
      .addColumn('level', 'varchar(8)', (column) => column.notNull())
      .addPrimaryKeyConstraint('asset_permission_primary_key', ['asset', 'subject']),
  ).execute();
  await db.schema.createIndex('asset_permission_by_subject').on('asset_permission').columns(['subject', 'level']).execute();

  await withTableOptions(
    db,
    db.schema
      .createTable('submission')
      .addColumn('identifier', 'integer', (column) => column.primaryKey().autoIncrement())
      .addColumn('requestee', SUBJECT, (column) => column.references('app_user.subject').onDelete('set null'))
      .addColumn('request_date', TIMESTAMP, (column) => column.notNull())
      .addColumn('comment', 'varchar(256)', (column) => column.notNull())
      .addColumn('decision', 'varchar(16)'),
  ).execute();
  await db.schema.createIndex('submission_by_requestee').on('submission').columns(['requestee', 'identifier']).execute();
  await db.schema.createIndex('submission_pending').on('submission').columns(['decision', 'identifier']).execute();

  await withTableOptions(
    db,
    db.schema
      .createTable('submission_asset')
      .addColumn('submission', 'integer', (column) => column.notNull().references('submission.identifier').onDelete('cascade'))
      .addColumn('asset', IDENTIFIER, (column) => column.notNull().references('asset.identifier').onDelete('cascade'))
      .addPrimaryKeyConstraint('submission_asset_primary_key', ['submission', 'asset']),
  ).execute();
  await db.schema.createIndex('submission_asset_by_asset').on('submission_asset').columns(['asset']).execute();

  await withTableOptions(
    db,
    db.schema
      .createTable('review')
      .addColumn('identifier', 'integer', (column) => column.primaryKey().autoIncrement())
      .addColumn('submission', 'integer', (column) => column.notNull().references('submission.identifier').onDelete('cascade'))
      // Who reviewed is kept for audit but never shown: reviews are double-blind.
      .addColumn('reviewer', SUBJECT)
      .addColumn('decision', 'varchar(16)', (column) => column.notNull())
      .addColumn('comment', 'varchar(1800)', (column) => column.notNull())
      .addColumn('decision_date', TIMESTAMP, (column) => column.notNull()),
  ).execute();
  await db.schema.createIndex('review_by_submission').on('review').columns(['submission']).execute();

  await withTableOptions(
    db,
    db.schema
      .createTable('bookmark')
      .addColumn('subject', SUBJECT, (column) => column.notNull().references('app_user.subject').onDelete('cascade'))
      .addColumn('asset', IDENTIFIER, (column) => column.notNull().references('asset.identifier').onDelete('cascade'))
      .addColumn('created_at', TIMESTAMP, (column) => column.notNull())
      .addPrimaryKeyConstraint('bookmark_primary_key', ['subject', 'asset']),
  ).execute();
  await db.schema.createIndex('bookmark_by_time').on('bookmark').columns(['subject', 'created_at']).execute();

  await withTableOptions(
    db,
    db.schema
      .createTable('upload_log')
      .addColumn('identifier', 'integer', (column) => column.primaryKey().autoIncrement())
      .addColumn('subject', SUBJECT, (column) => column.notNull())
      .addColumn('resource_type', 'varchar(40)', (column) => column.notNull())
      .addColumn('created_at', TIMESTAMP, (column) => column.notNull()),
  ).execute();
  await db.schema.createIndex('upload_log_by_subject').on('upload_log').columns(['subject', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['upload_log', 'bookmark', 'review', 'submission_asset', 'submission', 'asset_permission', 'app_user']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
