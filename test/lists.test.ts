/**
 * List routes: bare arrays, published assets only, stable ordering, date filters, totals and
 * next/prev links.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/auth/principal.ts';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { get, post } from './helpers/http.ts';

const plainUser: Principal = { subject: 'user-1', username: 'user', roles: new Set() };

describe.each(dialects)('lists on %s', (dialect) => {
  let t: TestCatalogue;
  const created: string[] = [];
  let clock = Date.parse('2025-01-01T00:00:00.000Z');

  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
    // A pinned clock gives every asset its own day, so date filters have exact answers.
    t.catalogue.now = () => new Date(clock);
    for (let index = 0; index < 25; index += 1) {
      clock = Date.parse('2025-01-01T00:00:00.000Z') + index * 86_400_000;
      const body = { name: `Publication ${index}`, platform: 'example', platform_resource_identifier: `p${index}` };
      created.push((await post(t.app, '/publications', body)).body.identifier);
    }
    // A draft (written by a user without special roles) must never be listed.
    await post(t.appWith(async () => plainUser), '/publications', { name: 'Draft publication' });
  });
  afterAll(async () => t.close());

  it('returns a bare array, newest first by default, with the total in X-Total-Count', async () => {
    const response = await get(t.app, '/publications');
    expect(response.status).toBe(200);
    expect(Array.isArray(response.body)).toBe(true);
    expect(response.body.map((item: { name: string }) => item.name)).toEqual(
      Array.from({ length: 10 }, (_, index) => `Publication ${24 - index}`),
    );
    expect(response.headers.get('x-total-count')).toBe('25');
  });

  it('pages with offset and limit, links to the next and previous pages, and ends with []', async () => {
    const first = await get(t.app, '/publications?limit=10&direction=asc');
    const link = first.headers.get('link') ?? '';
    expect(link).toContain('rel="next"');
    expect(link).not.toContain('rel="prev"');
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1] as string;
    const nextUrl = new URL(next);
    expect(nextUrl.searchParams.get('offset')).toBe('10');
    expect(nextUrl.searchParams.get('limit')).toBe('10');
    expect(nextUrl.searchParams.get('direction')).toBe('asc');
    const second = await get(t.app, `${nextUrl.pathname}${nextUrl.search}`);
    expect(second.body[0].name).toBe('Publication 10');
    expect(second.headers.get('link')).toContain('rel="prev"');
    const last = await get(t.app, '/publications?offset=20&limit=10&direction=asc');
    expect(last.body).toHaveLength(5);
    expect(last.headers.get('link')).not.toContain('rel="next"');
    const beyond = await get(t.app, '/publications?offset=100');
    expect(beyond.status).toBe(200);
    expect(beyond.body).toEqual([]);
    expect(beyond.headers.get('x-total-count')).toBe('25');
    expect(beyond.headers.get('link')).toContain('rel="prev"');
  });

  it('pages without gaps or repeats', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 25; offset += 7) {
      const page = await get(t.app, `/publications?offset=${offset}&limit=7`);
      seen.push(...page.body.map((item: { identifier: string }) => item.identifier));
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen)).toEqual(new Set(created));
  });

  it('sorts by date_created or date_modified in either direction', async () => {
    const ascending = await get(t.app, '/publications?sort=date_created&direction=asc&limit=3');
    expect(ascending.body.map((item: { name: string }) => item.name)).toEqual(['Publication 0', 'Publication 1', 'Publication 2']);
    const descending = await get(t.app, '/publications?sort=date_created&direction=desc&limit=1');
    expect(descending.body[0].name).toBe('Publication 24');
  });

  it('filters on date_modified: after is inclusive, before is exclusive, totals follow the filter', async () => {
    const response = await get(t.app, '/publications?date_modified_after=2025-01-03&date_modified_before=2025-01-06&direction=asc');
    expect(response.body.map((item: { name: string }) => item.name)).toEqual(['Publication 2', 'Publication 3', 'Publication 4']);
    expect(response.headers.get('x-total-count')).toBe('3');
    const withTime = await get(t.app, '/publications?date_modified_after=2025-01-24T12:00:00Z');
    expect(withTime.body.map((item: { name: string }) => item.name)).toEqual(['Publication 24']);
  });

  it('never lists drafts, in lists, platform lists or counts', async () => {
    const all = await get(t.app, '/publications?limit=1000');
    expect(all.body.some((item: { name: string }) => item.name === 'Draft publication')).toBe(false);
    expect((await get(t.app, '/platforms/aiod/publications')).body).toEqual([]);
    expect((await get(t.app, '/counts/publications')).body).toBe(25);
  });
});
