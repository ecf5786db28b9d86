/**
 * Upgrading a catalogue of an earlier release: assets are written, the schema is taken back to
 * an earlier migration by the down migrations (with a search index as that release wrote it),
 * and start-up's migrations then bring it to the current schema without losing an asset; the
 * indexer rebuilds what they cleared.
 */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { anonymous } from '../src/auth/principal.ts';
import { migrateTo, migrateToLatest } from '../src/database/migrate.ts';
import { indexPendingChanges } from '../src/search/indexer.ts';
import { openTestCatalogue, testUser } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { get, patch, post } from './helpers/http.ts';

/** The last migration of the release before facet blocks. */
const BEFORE_FACET_BLOCKS = '2026_11_22_0800_search_doc_sets';
const FACET_BLOCKS = '2026_11_22_0900_search_facet_blocks';
/** The last migration of the release whose renderings were text on MySQL/MariaDB. */
const BEFORE_RENDERINGS_AS_BYTES = FACET_BLOCKS;
const BEFORE_RENDER_STAMPS = '2026_11_23_0100_renderings_as_bytes';
const RENDER_STAMPS = '2026_11_23_0200_render_stamps';
const SEARCH_STAMPS = '2026_11_23_0300_search_stamps';
const HARVEST_DELETIONS = '2026_11_23_0400_harvest_deletions';
const SEARCH_PASSED_GAPS = '2026_11_23_0500_search_passed_gaps';

describe.each(dialects)('upgrading a catalogue on %s', (dialect) => {
  it('keeps every asset and rebuilds the search index, facets included, after the facet-block migration', async () => {
    const t = await openTestCatalogue(dialect);
    try {
      const created: string[] = [];
      for (const [name, license, keyword, record] of [
        ['Harbour soundings', 'MIT', ['ocean', 'depth'], 'zenodo.org:11'],
        ['Harbour tides', 'CC-BY-4.0', ['ocean'], 'zenodo.org:12'],
      ] as const) {
        const response = await post(t.app, '/datasets', { name, license, keyword, platform: 'zenodo', platform_resource_identifier: record });
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        created.push(response.body.identifier as string);
      }
      await migrateTo(t.catalogue.database, BEFORE_FACET_BLOCKS);
      // The index as the previous release wrote it: an entry, its facet rows and a position.
      const old = t.catalogue.database.kysely as unknown as Kysely<any>;
      await old
        .insertInto('search_entry')
        .values({ identifier: created[0], type: 'dataset', platform: 'zenodo', date_modified: '2026-01-01T00:00:00.000Z', revision: 1, summary: '{}', terms: 'harbour' })
        .execute();
      await old.insertInto('search_facet').values({ identifier: created[0], facet: 'license', value: 'MIT' }).execute();
      await old.insertInto('search_position').values({ consumer: 'database', position: 2, schema_version: 'previous', updated_at: '2026-01-01T00:00:00.000Z' }).execute();

      expect(await migrateToLatest(t.catalogue.database)).toContain(FACET_BLOCKS);
      const tables = (await t.catalogue.database.kysely.introspection.getTables()).map((table) => table.name);
      expect(tables).not.toContain('search_facet');
      expect(tables).toEqual(expect.arrayContaining(['search_facet_value', 'search_facet_block']));
      expect(await old.selectFrom('search_entry').selectAll().execute()).toEqual([]);

      const listed = await get(t.app, '/datasets');
      expect((listed.body as Array<{ identifier: string }>).map((dataset) => dataset.identifier).sort()).toEqual([...created].sort());
      // The indexer finds no position and rebuilds the index from the catalogue.
      await indexPendingChanges(t.catalogue);
      const found = await get(t.app, '/search/datasets?search_query=harbour&facets=license,keyword');
      expect(found.body).toMatchObject({ total_hits: 2 });
      expect(found.body.facets).toEqual({
        license: [
          { value: 'CC-BY-4.0', count: 1 },
          { value: 'MIT', count: 1 },
        ],
        keyword: [
          { value: 'ocean', count: 2 },
          { value: 'depth', count: 1 },
        ],
      });
    } finally {
      await t.close();
    }
  });

  it('serves the same renderings, byte for byte, after they become bytes on MySQL/MariaDB', async () => {
    const t = await openTestCatalogue(dialect);
    try {
      const create = async (plural: string, body: Record<string, unknown>) => {
        const response = await post(t.app, `/${plural}`, body);
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        return response.body.identifier as string;
      };
      // Text beyond ASCII (accents, a dash, an emoji) and a contact whose e-mail only members see:
      // both renderings of an asset, each with multi-byte UTF-8.
      const contact = await create('contacts', { name: 'Zoë Ørsted', email: ['zoe@example.org'] });
      const name = 'Hafentiefen – Größe 🌊';
      const dataset = await create('datasets', { name, description: { plain: 'Tiefen in Ångström, 水深' }, contact: [contact] });

      await migrateTo(t.catalogue.database, BEFORE_RENDERINGS_AS_BYTES);
      expect(await migrateToLatest(t.catalogue.database)).toEqual(expect.arrayContaining(['2026_11_23_0100_renderings_as_bytes']));

      const anonymousApp = t.appWith(async () => anonymous);
      const memberApp = t.appAs(testUser('reader'));
      const anonymousView = await get(anonymousApp, `/datasets/${dataset}`);
      const memberView = await get(memberApp, `/datasets/${dataset}`);
      expect(anonymousView.headers.get('content-type')).toContain('application/json');
      expect(anonymousView.body).toMatchObject({ name, description: { plain: 'Tiefen in Ångström, 水深' } });
      expect(anonymousView.body.contacts).toMatchObject([{ name: 'Zoë Ørsted', email: ['******'] }]);
      expect(memberView.body.contacts).toMatchObject([{ name: 'Zoë Ørsted', email: ['zoe@example.org'] }]);
      // Lists serve the very bytes GET serves.
      const listed = await get(anonymousApp, '/datasets');
      expect(listed.body).toEqual([anonymousView.body]);
      expect(listed.text).toBe(`[${anonymousView.text}]`);
    } finally {
      await t.close();
    }
  });

  it('lists rows stored before render stamps, and shows their later changes', async () => {
    const t = await openTestCatalogue(dialect);
    try {
      const anonymousApp = t.appWith(async () => anonymous);
      const dataset = (await post(t.app, '/datasets', { name: 'Harbour soundings' })).body.identifier as string;
      expect((await get(anonymousApp, '/datasets')).body).toMatchObject([{ identifier: dataset, name: 'Harbour soundings' }]);

      await migrateTo(t.catalogue.database, BEFORE_RENDER_STAMPS);
      expect(await migrateToLatest(t.catalogue.database)).toEqual([RENDER_STAMPS, SEARCH_STAMPS, HARVEST_DELETIONS, SEARCH_PASSED_GAPS]);
      const stamps = await (t.catalogue.database.kysely as unknown as Kysely<any>).selectFrom('asset').select('render_stamp').where('identifier', '=', dataset).execute();
      expect(stamps.map((row) => Number(row.render_stamp))).toEqual([0]);
      expect((await get(anonymousApp, '/datasets')).body).toMatchObject([{ identifier: dataset, name: 'Harbour soundings' }]);

      expect((await patch(t.app, `/datasets/${dataset}`, { name: 'Harbour depths' })).status).toBe(200);
      expect((await get(anonymousApp, '/datasets')).body).toMatchObject([{ identifier: dataset, name: 'Harbour depths' }]);
    } finally {
      await t.close();
    }
  });

  it('searches an index written before set stamps, and finds its later changes', async () => {
    const t = await openTestCatalogue(dialect);
    try {
      const names = ['Harbour soundings', 'Harbour tides', 'River soundings'];
      const created: string[] = [];
      for (const name of names) created.push((await post(t.app, '/datasets', { name })).body.identifier as string);
      await indexPendingChanges(t.catalogue);

      await migrateTo(t.catalogue.database, RENDER_STAMPS);
      expect(await migrateToLatest(t.catalogue.database)).toEqual([SEARCH_STAMPS, HARVEST_DELETIONS, SEARCH_PASSED_GAPS]);
      const stamps = await (t.catalogue.database.kysely as unknown as Kysely<any>).selectFrom('search_term').select('set_stamp').where('term', '=', 'harbour').execute();
      expect(stamps.map((row) => Number(row.set_stamp))).toEqual([0]);
      const found = async () =>
        ((await get(t.app, '/search/datasets?search_query=harbour soundings')).body.resources as Array<{ identifier: string }>).map((hit) => hit.identifier).sort();
      expect(await found()).toEqual([...created].sort());

      // The sets of "harbour" change: the search reads them again, not the copy from stamp 0.
      expect((await patch(t.app, `/datasets/${created[2]}`, { name: 'Harbour rivers' })).status).toBe(200);
      expect((await patch(t.app, `/datasets/${created[0]}`, { name: 'Bay soundings' })).status).toBe(200);
      await indexPendingChanges(t.catalogue);
      const after = await get(t.app, '/search/datasets?search_query=harbour');
      expect((after.body.resources as Array<{ identifier: string }>).map((hit) => hit.identifier).sort()).toEqual([created[1], created[2]].sort());
    } finally {
      await t.close();
    }
  });
});
