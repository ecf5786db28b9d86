/**
 * A render stamp per asset, and the listing indexes extended by it. Every write of an asset's
 * renderings (or of its render version) stores a new random stamp, so a process that keeps
 * renderings in memory (repositories/rendered-row-cache.ts) knows from the stamp alone whether
 * its copy is current. At the end of the listing indexes the stamp makes a page's identifiers and
 * stamps an index-only read: a page whose rows are all cached reads no asset row at all.
 * Existing rows get stamp 0; their next rendering gives them a random one.
 */
import { type Kysely, sql } from 'kysely';
import { isSqlite } from './schema-helpers.ts';

const LISTING_INDEXES: Record<string, string[]> = {
  asset_listing_by_modified: ['type', 'live', 'status', 'date_modified', 'identifier'],
  asset_listing_by_created: ['type', 'live', 'status', 'date_created', 'identifier'],
  asset_platform_listing: ['platform', 'type', 'live', 'status', 'date_modified', 'identifier'],
};

async function rebuildListingIndexes(db: Kysely<any>, extra: string[]): Promise<void> {
  for (const [name, columns] of Object.entries(LISTING_INDEXES)) {
    const ids = sql.join([...columns, ...extra].map((column) => sql.id(column)));
    if (isSqlite(db)) {
      await sql`DROP INDEX ${sql.id(name)}`.execute(db);
      await sql`CREATE INDEX ${sql.id(name)} ON asset (${ids})`.execute(db);
    } else {
      // One statement: the platform foreign key needs an index on platform at every moment.
      await sql`ALTER TABLE asset DROP INDEX ${sql.id(name)}, ADD INDEX ${sql.id(name)} (${ids})`.execute(db);
    }
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('asset').addColumn('render_stamp', 'bigint', (column) => column.notNull().defaultTo(0)).execute();
  await rebuildListingIndexes(db, ['render_stamp']);
}

export async function down(db: Kysely<any>): Promise<void> {
  await rebuildListingIndexes(db, []);
  await db.schema.alterTable('asset').dropColumn('render_stamp').execute();
}
