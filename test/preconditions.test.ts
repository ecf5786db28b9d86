/** ETags on reads (304 on If-None-Match) and If-Match on writes (412 when the asset changed). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { del, errorDetail, get, patch, post, put } from './helpers/http.ts';

describe.each(dialects)('ETag and preconditions on %s', (dialect) => {
  let t: TestCatalogue;
  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
  });
  afterAll(async () => t.close());

  async function newOrganisation(): Promise<{ identifier: string; etag: string }> {
    const identifier = (await post(t.app, '/organisations', { name: 'Org', legal_name: 'Org B.V.' })).body.identifier;
    const etag = (await get(t.app, `/organisations/${identifier}`)).headers.get('etag') as string;
    return { identifier, etag };
  }

  it('returns 304 for a matching If-None-Match and 200 once the asset changed', async () => {
    const { identifier, etag } = await newOrganisation();
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const unchanged = await get(t.app, `/organisations/${identifier}`, { 'if-none-match': etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe('');
    expect((await get(t.app, `/organisations/${identifier}`, { 'if-none-match': `W/${etag}` })).status).toBe(304);
    await patch(t.app, `/organisations/${identifier}`, { legal_name: 'Org N.V.' });
    const changed = await get(t.app, `/organisations/${identifier}`, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('changes the ETag when a linked asset is deleted (the relation disappears from the body)', async () => {
    const member = (await post(t.app, '/persons', { name: 'Member' })).body.identifier;
    const organisation = (await post(t.app, '/organisations', { name: 'With member', member: [member] })).body.identifier;
    const before = await get(t.app, `/organisations/${organisation}`);
    expect(before.body.member).toEqual([member]);
    await del(t.app, `/persons/${member}`);
    const after = await get(t.app, `/organisations/${organisation}`, { 'if-none-match': before.headers.get('etag') as string });
    expect(after.status).toBe(200);
    expect(after.body.member).toEqual([]);
  });

  it('refuses PUT, PATCH and DELETE with a stale If-Match (412) and accepts the current one', async () => {
    const { identifier, etag } = await newOrganisation();
    expect((await put(t.app, `/organisations/${identifier}`, { name: 'New' }, { 'if-match': etag })).status).toBe(200);
    const stalePut = await put(t.app, `/organisations/${identifier}`, { name: 'Newer' }, { 'if-match': etag });
    expect(stalePut.status).toBe(412);
    expect(errorDetail(stalePut)).toContain('If-Match');
    expect((await patch(t.app, `/organisations/${identifier}`, { name: 'Newer' }, { 'if-match': etag })).status).toBe(412);
    expect((await del(t.app, `/organisations/${identifier}`, { 'if-match': etag })).status).toBe(412);
    expect((await get(t.app, `/organisations/${identifier}`)).body.name).toBe('New');
    const current = (await get(t.app, `/organisations/${identifier}`)).headers.get('etag') as string;
    expect((await patch(t.app, `/organisations/${identifier}`, { name: 'Newest' }, { 'if-match': current })).status).toBe(200);
    expect((await del(t.app, `/organisations/${identifier}`, { 'if-match': '*' })).status).toBe(200);
  });

  it('gives the PATCH response the same ETag a following GET has', async () => {
    const { identifier } = await newOrganisation();
    const patched = await patch(t.app, `/organisations/${identifier}`, { ai_relevance: 'High' });
    const read = await get(t.app, `/organisations/${identifier}`);
    expect(patched.headers.get('etag')).toBe(read.headers.get('etag'));
  });
});
