/**
 * A connector's batch defers what its writes do besides their rows (links and terms of new and
 * updated assets, renderings, counts, change log) to one statement per kind at the batch's end.
 * That must not change the outcome: the same writes, made one by one and as one batch, leave
 * every asset reading the same. The sequence below mixes creates and updates that touch each
 * other's links within the batch (an inverse field emptied, then named again; an embedded contact
 * changed after assets embedding it were written; an asset replaced twice).
 */
import { describe, expect, it } from 'vitest';
import { operator } from '../src/auth/principal.ts';
import type { Json } from '../src/database/model/normalize.ts';
import { resourceByPlural } from '../src/database/model/registry.ts';
import { findAsset } from '../src/repositories/assets.ts';
import { createAssetIn, replaceAssetIn } from '../src/services/asset-writes.ts';
import { WriteEffects } from '../src/services/write-effects.ts';
import { openTestCatalogue, type TestCatalogue, testUser } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { get, post } from './helpers/http.ts';
import type { Executor } from '../src/database/dialect.ts';

type Step =
  | { create: string; plural: string; body: (ids: Record<string, string>) => Json }
  | { replace: string; plural: string; body: (ids: Record<string, string>) => Json };

/** Assets that exist before the batch, by name. */
const BEFORE: Array<[string, string, (ids: Record<string, string>) => Json]> = [
  ['Jane', 'persons', () => ({ name: 'Jane' })],
  ['Jane at work', 'contacts', (ids) => ({ name: 'Jane at work', email: ['jane@example.org'], person: ids.Jane })],
  ['Whole', 'datasets', (ids) => ({ name: 'Whole', creator: [ids['Jane at work']], contact: [ids['Jane at work']], keyword: ['sea'] })],
  ['Part', 'datasets', (ids) => ({ name: 'Part', is_part_of: [ids.Whole], keyword: ['tide'] })],
  ['Archive', 'datasets', () => ({ name: 'Archive' })],
];

const BATCH: Step[] = [
  // Part leaves Whole: the has_part row Whole → Part goes.
  { replace: 'Part', plural: 'datasets', body: () => ({ name: 'Part', is_part_of: [], keyword: ['tide', 'wave'] }) },
  // A new dataset names Part as its part, and embeds the contact.
  { create: 'Collection', plural: 'datasets', body: (ids) => ({ name: 'Collection', has_part: [ids.Part], contact: [ids['Jane at work']], keyword: ['sea'] }) },
  // Whole changes its name and its creator's link is written again.
  { replace: 'Whole', plural: 'datasets', body: (ids) => ({ name: 'Whole (v2)', creator: [ids['Jane at work']], contact: [ids['Jane at work']], keyword: ['ocean'] }) },
  // The contact embedded by Whole and Collection changes after both were written.
  { replace: 'Jane at work', plural: 'contacts', body: (ids) => ({ name: 'Jane at home', email: ['jane@home.example.org'], person: ids.Jane }) },
  // Part is replaced a second time, naming Whole again.
  { replace: 'Part', plural: 'datasets', body: (ids) => ({ name: 'Part', is_part_of: [ids.Whole], keyword: ['wave'] }) },
  // A new dataset relevant to Whole; then Whole is replaced once more (a full replace: it names
  // its parts and relevant resources again).
  { create: 'Notes', plural: 'datasets', body: (ids) => ({ name: 'Notes', relevant_to: [ids.Whole] }) },
  { replace: 'Whole', plural: 'datasets', body: (ids) => ({ name: 'Whole (v3)', creator: [ids['Jane at work']], contact: [ids['Jane at work']], has_part: [ids.Part], relevant_resource: [ids.Notes], keyword: ['ocean', 'sea'] }) },
  // Part names a stored dataset as its part: that one shows Part only after the change.
  { replace: 'Part', plural: 'datasets', body: (ids) => ({ name: 'Part', is_part_of: [ids.Whole], has_part: [ids.Archive], keyword: ['wave'] }) },
];

/** Every asset's plural, by name. */
const PLURAL_OF = new Map<string, string>([
  ...BEFORE.map(([name, plural]) => [name, plural] as [string, string]),
  ...BATCH.map((step) => ['create' in step ? step.create : step.replace, step.plural] as [string, string]),
]);

async function createBefore(t: TestCatalogue): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [name, plural, body] of BEFORE) {
    const response = await post(t.app, `/${plural}`, body(ids));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    ids[name] = response.body.identifier as string;
  }
  return ids;
}

async function runStep(trx: Executor, t: TestCatalogue, step: Step, ids: Record<string, string>, effects: WriteEffects): Promise<void> {
  const resource = resourceByPlural(step.plural);
  if (!resource) throw new Error(step.plural);
  const viewer = { principal: operator('test'), version: 'latest' as const };
  if ('create' in step) {
    ids[step.create] = await createAssetIn(trx, t.catalogue, resource, step.body(ids), viewer, effects);
    return;
  }
  const row = await findAsset(trx, ids[step.replace] as string);
  if (!row) throw new Error(step.replace);
  await replaceAssetIn(trx, t.catalogue, resource, row, step.body(ids), viewer, effects);
}

/**
 * Every asset as a signed-in user reads it (the stored rendering: administrators' views are
 * rendered on read), identifiers replaced by names and dates left out.
 */
async function readAll(t: TestCatalogue, ids: Record<string, string>): Promise<Record<string, unknown>> {
  const names = new Map(Object.entries(ids).map(([name, identifier]) => [identifier, name]));
  const views: Record<string, unknown> = {};
  const reader = t.appAs(testUser('reader'));
  for (const [name, identifier] of Object.entries(ids)) {
    const response = await get(reader, `/${PLURAL_OF.get(name)}/${identifier}`);
    expect(response.status).toBe(200);
    views[name] = JSON.parse(response.text.replace(/"[a-z_]+_[0-9a-zA-Z]{24}"/g, (quoted) => JSON.stringify(names.get(JSON.parse(quoted)) ?? quoted)), (key, value) =>
      key === 'aiod_entry' ? { status: value.status } : value,
    );
  }
  return views;
}

describe.each(dialects)('a batch of writes on %s', (dialect) => {
  it('leaves every asset as the same writes made one by one do', async () => {
    const oneByOne = await openTestCatalogue(dialect);
    const batched = await openTestCatalogue(dialect);
    try {
      const sequentialIds = await createBefore(oneByOne);
      for (const step of BATCH) {
        await oneByOne.catalogue.database.kysely.transaction().execute(async (trx) => {
          const effects = new WriteEffects();
          await runStep(trx, oneByOne, step, sequentialIds, effects);
          await effects.apply(trx, oneByOne.catalogue.database.dialect);
        });
      }

      const batchIds = await createBefore(batched);
      await batched.catalogue.database.kysely.transaction().execute(async (trx) => {
        const effects = new WriteEffects(true);
        for (const step of BATCH) await runStep(trx, batched, step, batchIds, effects);
        await effects.apply(trx, batched.catalogue.database.dialect);
      });

      const expected = await readAll(oneByOne, sequentialIds);
      // The sequence does what it says (so the comparison below compares something).
      expect(expected.Whole).toMatchObject({ name: 'Whole (v3)', has_part: ['Part'], relevant_resource: ['Notes'], keyword: ['ocean', 'sea'] });
      expect(expected.Whole).toMatchObject({ contacts: [{ name: 'Jane at home', email: ['jane@home.example.org'] }] });
      // Part naming only Whole took it out of Collection again.
      expect(expected.Collection).toMatchObject({ has_part: [], contacts: [{ name: 'Jane at home' }] });
      expect(expected.Part).toMatchObject({ is_part_of: ['Whole'], keyword: ['wave'] });
      expect(expected.Notes).toMatchObject({ relevant_to: ['Whole'] });
      expect(expected.Archive).toMatchObject({ is_part_of: ['Part'] });
      expect(await readAll(batched, batchIds)).toEqual(expected);
    } finally {
      await oneByOne.close();
      await batched.close();
    }
  });
});
