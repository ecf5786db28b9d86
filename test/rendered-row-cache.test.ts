/**
 * The rendered row cache list pages are served from: a cached row is used only at the render
 * stamp it was read with, so whatever changes a rendering (an edit, an embedded contact's edit,
 * a deletion, a platform rename that marks renderings stale) shows in the very next list, also in
 * another API process on the same database; and the cache stays within its memory budget.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anonymous } from '../src/auth/principal.ts';
import type { RenderedRow } from '../src/repositories/asset-snapshots.ts';
import { RenderedRowCache } from '../src/repositories/rendered-row-cache.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { del, get, patch, post, put } from './helpers/http.ts';

function row(identifier: string, text: string): RenderedRow {
  return {
    identifier,
    type: 'dataset',
    platform: 'aiod',
    status: 'published',
    live: 1,
    renderVersion: 'v',
    renderHidden: false,
    text: Buffer.from(text),
  };
}

describe('RenderedRowCache', () => {
  it('serves a row only at the stamp it was stored with, and forgets it at another', () => {
    const cache = new RenderedRowCache(1024 * 1024);
    cache.set(row('data_1', '{"a":1}'), 'public', 7);
    expect(Buffer.from(cache.get('data_1', 'public', 7)?.text ?? []).toString()).toBe('{"a":1}');
    expect(cache.get('data_1', 'member', 7)).toBeUndefined();
    expect(cache.get('data_1', 'public', 8)).toBeUndefined();
    // The outdated copy is gone, not kept beside the new stamp.
    expect(cache.get('data_1', 'public', 7)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps its own copy of the text', () => {
    const cache = new RenderedRowCache(1024 * 1024);
    const source = row('data_1', '{"a":1}');
    cache.set(source, 'public', 1);
    (source.text as Uint8Array).fill(0x20);
    expect(Buffer.from(cache.get('data_1', 'public', 1)?.text ?? []).toString()).toBe('{"a":1}');
  });

  it('evicts the least recently used rows beyond its budget, and caches nothing with a budget of 0', () => {
    const text = 'x'.repeat(1000);
    const cache = new RenderedRowCache(3 * 1400);
    for (const identifier of ['data_1', 'data_2', 'data_3']) cache.set(row(identifier, text), 'public', 1);
    expect(cache.get('data_1', 'public', 1)).toBeDefined();
    cache.set(row('data_4', text), 'public', 1);
    expect(cache.get('data_2', 'public', 1)).toBeUndefined();
    for (const kept of ['data_1', 'data_3', 'data_4']) expect(cache.get(kept, 'public', 1), kept).toBeDefined();
    expect(cache.size).toBeLessThanOrEqual(3 * 1400);

    const off = new RenderedRowCache(0);
    off.set(row('data_1', text), 'public', 1);
    expect(off.get('data_1', 'public', 1)).toBeUndefined();
  });
});

describe.each(dialects)('list pages from cached rows on %s', (dialect) => {
  let t: TestCatalogue;
  let replica: ReturnType<TestCatalogue['replica']>;
  beforeEach(async () => {
    t = await openTestCatalogue(dialect);
    replica = t.replica(anonymous);
  });
  afterEach(async () => {
    await replica.close();
    await t.close();
  });

  const listed = async () => (await get(replica.app, '/datasets?limit=100')).body as Array<Record<string, any>>;

  it('shows every change in the next list, in this process and in another one', async () => {
    const contact = (await post(t.app, '/contacts', { name: 'Ada', email: ['ada@example.org'] })).body.identifier;
    const platform = (await post(t.app, '/platforms', { name: 'harbour_portal' })).body.identifier as number;
    const first = (await post(t.app, '/datasets', { name: 'Tides', contact: [contact], platform: 'harbour_portal', platform_resource_identifier: 't-1' })).body.identifier;
    const second = (await post(t.app, '/datasets', { name: 'Soundings' })).body.identifier;
    const anonymousApp = t.appWith(async () => anonymous);
    for (let round = 0; round < 2; round += 1) {
      expect((await listed()).map((dataset) => dataset.name)).toEqual(['Soundings', 'Tides']);
      expect((await get(anonymousApp, '/datasets')).body.map((dataset: { name: string }) => dataset.name)).toEqual(['Soundings', 'Tides']);
    }
    expect((await listed()).find((dataset) => dataset.identifier === first)?.contacts).toMatchObject([{ name: 'Ada', email: ['******'] }]);

    expect((await patch(t.app, `/datasets/${second}`, { name: 'Depth soundings' })).status).toBe(200);
    expect((await listed()).map((dataset) => dataset.name)).toEqual(['Depth soundings', 'Tides']);

    // An embedded contact's edit re-renders the asset that embeds it.
    expect((await patch(t.app, `/contacts/${contact}`, { name: 'Ada Lovelace' })).status).toBe(200);
    expect((await listed()).find((dataset) => dataset.identifier === first)?.contacts).toMatchObject([{ name: 'Ada Lovelace' }]);

    // A platform rename marks the renderings stale rather than rendering them again.
    expect((await put(t.app, `/platforms/${platform}`, { name: 'tide_portal' })).status).toBe(200);
    expect((await listed()).find((dataset) => dataset.identifier === first)?.platform).toBe('tide_portal');
    expect((await get(anonymousApp, '/datasets')).body.find((dataset: { identifier: string }) => dataset.identifier === first)?.platform).toBe('tide_portal');

    expect((await del(t.app, `/datasets/${second}`)).status).toBe(200);
    const afterDelete = await get(replica.app, '/datasets?limit=100');
    expect(afterDelete.body.map((dataset: { identifier: string }) => dataset.identifier)).toEqual([first]);
    expect(afterDelete.headers.get('x-total-count')).toBe('1');
  });

  it('serves pages and totals exactly as without the cache, page after page', async () => {
    for (let index = 0; index < 25; index += 1) await post(t.app, '/datasets', { name: `Dataset ${String(index).padStart(2, '0')}` });
    const pages = async () => {
      const seen: string[] = [];
      for (let offset = 0; offset < 30; offset += 7) {
        const page = await get(replica.app, `/datasets?limit=7&offset=${offset}&sort=date_created&direction=asc`);
        expect(page.headers.get('x-total-count')).toBe('25');
        seen.push(...page.body.map((dataset: { name: string }) => dataset.name));
      }
      return seen;
    };
    const expected = Array.from({ length: 25 }, (_, index) => `Dataset ${String(index).padStart(2, '0')}`);
    const cold = await pages();
    expect([...cold].sort()).toEqual(expected);
    expect(await pages()).toEqual(cold);
    const whole = (await get(replica.app, '/datasets?limit=100&sort=date_created&direction=asc')).body.map((dataset: { name: string }) => dataset.name);
    expect(whole).toEqual(cold);
  });
});
