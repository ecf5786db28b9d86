/**
 * References between assets: kinds are enforced, has_part/is_part_of and relevant_resource/
 * relevant_to are one stored link read from both ends, deleted assets vanish from every relation,
 * and contacts are embedded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCatalogue, type TestCatalogue } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { del, get, patch, post, put } from './helpers/http.ts';

describe.each(dialects)('relations on %s', (dialect) => {
  let t: TestCatalogue;
  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
  });
  afterAll(async () => t.close());

  const create = async (plural: string, body: Record<string, unknown>) => {
    const response = await post(t.app, `/${plural}`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.identifier as string;
  };

  it('reads has_part from the parent and is_part_of from the child (and the other way round)', async () => {
    const child = await create('datasets', { name: 'Child' });
    const parent = await create('datasets', { name: 'Parent', has_part: [child] });
    expect((await get(t.app, `/datasets/${child}`)).body.is_part_of).toEqual([parent]);
    const other = await create('publications', { name: 'Other parent' });
    await patch(t.app, `/datasets/${child}`, { is_part_of: [parent, other] });
    expect((await get(t.app, `/publications/${other}`)).body.has_part).toEqual([child]);
    expect((await get(t.app, `/datasets/${parent}`)).body.has_part).toEqual([child]);
    await patch(t.app, `/datasets/${child}`, { is_part_of: [other] });
    expect((await get(t.app, `/datasets/${parent}`)).body.has_part).toEqual([]);
  });

  it('keeps relevant_resource and relevant_to symmetric', async () => {
    const target = await create('persons', { name: 'Relevant person' });
    const source = await create('organisations', { name: 'Source', relevant_resource: [target] });
    expect((await get(t.app, `/persons/${target}`)).body.relevant_to).toEqual([source]);
  });

  it('keeps the order of reference lists', async () => {
    const contacts = [await create('contacts', { name: 'C1' }), await create('contacts', { name: 'C2' }), await create('contacts', { name: 'C3' })];
    const ordered = [contacts[2], contacts[0], contacts[1]] as string[];
    const dataset = await create('datasets', { name: 'Ordered', creator: ordered });
    expect((await get(t.app, `/datasets/${dataset}`)).body.creator).toEqual(ordered);
    await put(t.app, `/datasets/${dataset}`, { name: 'Ordered', creator: [contacts[1], contacts[2]] });
    expect((await get(t.app, `/datasets/${dataset}`)).body.creator).toEqual([contacts[1], contacts[2]]);
  });

  it('accepts agents (persons and organisations) where an agent is expected, and nothing else', async () => {
    const person = await create('persons', { name: 'Funding person' });
    const organisation = await create('organisations', { name: 'Funding organisation' });
    const dataset = await create('datasets', { name: 'Funded', funder: [person, organisation] });
    expect((await get(t.app, `/datasets/${dataset}`)).body.funder).toEqual([person, organisation]);
    expect((await post(t.app, '/datasets', { name: 'X', funder: [dataset] })).status).toBe(404);
    expect((await post(t.app, '/persons', { name: 'X', member_of: [person] })).status).toBe(404);
  });

  it('removes a deleted asset from every relation field, in both directions', async () => {
    const contact = await create('contacts', { name: 'Leaving' });
    const part = await create('datasets', { name: 'Part' });
    const whole = await create('datasets', { name: 'Whole', creator: [contact], contact: [contact], has_part: [part] });
    await del(t.app, `/contacts/${contact}`);
    const read = (await get(t.app, `/datasets/${whole}`)).body;
    expect(read.creator).toEqual([]);
    expect(read.contact).toEqual([]);
    expect(read.contacts).toEqual([]);
    await del(t.app, `/datasets/${whole}`);
    expect((await get(t.app, `/datasets/${part}`)).body.is_part_of).toEqual([]);
    expect((await post(t.app, '/datasets', { name: 'X', creator: [contact] })).status).toBe(404);
  });

  it('embeds the contact objects of `contact` as read-only `contacts`', async () => {
    const person = await create('persons', { name: 'Jane' });
    const contact = await create('contacts', {
      name: 'Jane at work',
      email: ['jane@example.org'],
      person,
      location: [{ address: { locality: 'Delft', country: 'netherlands' } }],
    });
    const dataset = await create('datasets', { name: 'With contact', contact: [contact] });
    const read = (await get(t.app, `/datasets/${dataset}`)).body;
    expect(read.contacts).toHaveLength(1);
    const embedded = read.contacts[0];
    expect(embedded.identifier).toBe(contact);
    expect(embedded.name).toBe('Jane at work');
    expect(embedded.person).toBe(person);
    expect(embedded.location[0].address.country).toBe('Netherlands');
    expect(embedded).toEqual((await get(t.app, `/contacts/${contact}`)).body);
  });

  it('stores editors as person references', async () => {
    const editor = await create('persons', { name: 'Editor' });
    const dataset = await create('datasets', { name: 'Edited', aiod_entry: { editor: [editor] } });
    expect((await get(t.app, `/datasets/${dataset}`)).body.aiod_entry.editor).toEqual([editor]);
    expect((await post(t.app, '/datasets', { name: 'X', aiod_entry: { editor: [dataset] } })).status).toBe(404);
  });
});
