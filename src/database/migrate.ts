/**
 * Schema lifecycle at start-up, with AIoD's `--rebuild-db` modes made honest:
 *  - `only-if-empty` (default): create the schema in an empty database, apply pending migrations otherwise;
 *  - `always`: drop every table first (all data is lost), then create the schema;
 *  - `no`: never change the schema; refuse to start when it is missing or behind.
 */
import { type MigrationResultSet, Migrator, sql } from 'kysely';
import type { Database } from './db.ts';
import { migrations } from './migrations/index.ts';

export type RebuildMode = 'no' | 'only-if-empty' | 'always';

function migrator(database: Database): Migrator {
  return new Migrator({
    db: database.kysely,
    provider: { getMigrations: async () => migrations },
  });
}

export async function pendingMigrations(database: Database): Promise<string[]> {
  const all = await migrator(database).getMigrations();
  return all.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
}

/** The migrations a run applied; a failed one is thrown. */
function appliedNames({ error, results }: MigrationResultSet): string[] {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

export async function migrateToLatest(database: Database): Promise<string[]> {
  return appliedNames(await migrator(database).migrateToLatest());
}

/** Applies the migrations up to `name` only: the schema an earlier release left (upgrade tests). */
export async function migrateTo(database: Database, name: string): Promise<string[]> {
  return appliedNames(await migrator(database).migrateTo(name));
}

/** Drops every table of the database, migration bookkeeping included. */
export async function dropAllTables(database: Database): Promise<void> {
  const tables = await database.kysely.introspection.getTables({ withInternalKyselyTables: true });
  // Foreign keys would dictate a drop order; switching checks off on one connection avoids that.
  await database.kysely.connection().execute(async (connection) => {
    if (database.dialect === 'sqlite') await sql`PRAGMA foreign_keys = OFF`.execute(connection);
    else await sql`SET FOREIGN_KEY_CHECKS = 0`.execute(connection);
    try {
      for (const table of tables) {
        if (table.isView) continue;
        await connection.schema.dropTable(table.name).ifExists().execute();
      }
    } finally {
      if (database.dialect === 'sqlite') await sql`PRAGMA foreign_keys = ON`.execute(connection);
      else await sql`SET FOREIGN_KEY_CHECKS = 1`.execute(connection);
    }
  });
}

export class SchemaNotReadyError extends Error {}

export async function prepareSchema(database: Database, mode: RebuildMode): Promise<string[]> {
  if (mode === 'no') {
    const pending = await pendingMigrations(database);
    if (pending.length > 0) {
      throw new SchemaNotReadyError(
        `--rebuild-db no: the database schema is not current (pending: ${pending.join(', ')}). ` +
          'Start once with --rebuild-db only-if-empty to apply them.',
      );
    }
    return [];
  }
  if (mode === 'always') await dropAllTables(database);
  return migrateToLatest(database);
}
