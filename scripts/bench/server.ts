/**
 * The bench server: the production app plus one raw-driver baseline route (a single prepared SELECT
 * by key, JSON out) on the same framework, so the ratio shows what the catalogue's own work costs.
 * The baseline returns the very bytes GET /datasets/{id} returns to anonymous callers (the stored
 * public rendering), so both send the same body and the ratio measures the catalogue's logic, not
 * a smaller payload. Run as a child process by run.ts; prints "ready <port>" when listening.
 */
import { serve } from '@hono/node-server';
import BetterSqlite3 from 'better-sqlite3';
import { Hono } from 'hono';
import { createPool } from 'mysql2/promise';
import { createApp } from '../../src/app.ts';
import { anonymous } from '../../src/auth/principal.ts';
import { loadSettings } from '../../src/config.ts';
import { parseDatabaseUrl } from '../../src/database/location.ts';
import { bytesOf } from '../../src/database/raw-reader.ts';
import { VARIANT_EXPRESSION } from '../../src/repositories/asset-snapshots.ts';
import { createLogger } from '../../src/logger.ts';
import { openCatalogue } from '../../src/startup.ts';

const settings = loadSettings();
const catalogue = await openCatalogue(settings, createLogger('warn'), 'no');
const location = parseDatabaseUrl(settings.DATABASE_URL);

/** The anonymous callers' read JSON, as bytes, read as the catalogue reads it. */
const publicBody = bytesOf(location.dialect)(VARIANT_EXPRESSION.public);
let baseline: (identifier: string) => Promise<Uint8Array | undefined>;
if (location.dialect === 'sqlite') {
  const raw = new BetterSqlite3(location.target, { readonly: true });
  const statement = raw.prepare(`SELECT ${publicBody} FROM asset WHERE identifier = ?`).pluck();
  baseline = async (identifier) => statement.get(identifier) as Uint8Array | undefined;
} else {
  const pool = createPool({ uri: location.target, connectionLimit: settings.DB_POOL_SIZE });
  baseline = async (identifier) => {
    const [rows] = await pool.execute(`SELECT ${publicBody} AS body FROM asset WHERE identifier = ?`, [identifier]);
    return (rows as Array<{ body: Uint8Array }>)[0]?.body;
  };
}

const app = new Hono();
app.get('/_baseline/datasets/:identifier', async (c) => {
  const body = await baseline(c.req.param('identifier'));
  return body === undefined ? c.json({ detail: 'not found' }, 404) : c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/json' });
});
// Readers are anonymous, like the public traffic the targets are about.
app.route('/', createApp({ catalogue, authenticator: async () => anonymous }));

serve({ fetch: app.fetch, port: settings.PORT, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`ready ${info.port}\n`);
});
