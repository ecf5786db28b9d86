/**
 * The stored renderings become bytes on MySQL/MariaDB (LONGBLOB instead of LONGTEXT). They are
 * only ever passed through to responses, so reads want bytes; from a text column that took a
 * `CAST(... AS BINARY)`, a copy the server made of every rendering it sent: about a quarter of
 * MariaDB's work on a list page of 100. The JSON stays UTF-8; writes bind the same strings.
 * SQLite keeps TEXT (its cast to BLOB reuses the stored bytes). Rebuilds the asset table once.
 */
import { sql, type Kysely } from 'kysely';
import { isSqlite } from './schema-helpers.ts';

export async function up(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) return;
  await sql`ALTER TABLE asset MODIFY rendered LONGBLOB NULL, MODIFY rendered_public LONGBLOB NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) return;
  await sql`ALTER TABLE asset MODIFY rendered LONGTEXT NULL, MODIFY rendered_public LONGTEXT NULL`.execute(db);
}
