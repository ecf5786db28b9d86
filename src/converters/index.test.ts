import { describe, expect, it } from 'vitest';
import { resourceTypes } from '../database/model/registry.ts';
import { convertAsset, loadRelated, type OutputFormat, outputFormats, type ReadObject, relatedIdentifiers } from './index.ts';
import { context, dataset, ids, jane, lab, mlModel, publication, readObjectOf, related } from './test-fixtures.ts';
import { emptyValues, expandSafely } from './test-json-ld.ts';

const conversions: Array<[OutputFormat, string, ReadObject]> = [
  ['schema.org', 'dataset', dataset],
  ['dcat-ap', 'dataset', dataset],
  ['schema.org', 'publication', publication],
  ['schema.org', 'ml_model', mlModel],
  ['schema.org', 'person', jane],
  ['schema.org', 'organisation', lab],
];

describe('output formats', () => {
  it('offers schema.org for the five AIoD types and DCAT-AP for datasets, and nothing for the others', () => {
    expect(outputFormats).toEqual({
      dataset: ['schema.org', 'dcat-ap'],
      publication: ['schema.org'],
      ml_model: ['schema.org'],
      person: ['schema.org'],
      organisation: ['schema.org'],
    });
    const declared = new Set(resourceTypes.map((resource) => resource.type));
    for (const type of Object.keys(outputFormats)) expect(declared.has(type), type).toBe(true);
  });

  it('refuses a format a type does not offer with a plain Error', () => {
    expect(() => convertAsset('dcat-ap', 'publication', publication, context)).toThrow(Error);
    expect(() => convertAsset('dcat-ap', 'publication', publication, context)).toThrow(/dcat-ap.*publication/);
    expect(() => convertAsset('schema.org', 'contact', {}, context)).toThrow(Error);
    expect(() => convertAsset('schema.org', 'toString', {}, context)).toThrow(Error);
    expect(() => convertAsset('json' as OutputFormat, 'dataset', dataset, context)).toThrow(Error);
    expect(() => relatedIdentifiers('dcat-ap', 'person', jane)).toThrow(Error);
  });

  it.each(conversions)('%s %s: inline context, valid JSON-LD, plain JSON, no empty values', async (format, type, object) => {
    const document = convertAsset(format, type, object, context);
    expect(typeof document['@context']).toBe('object');
    expect(JSON.stringify(document)).not.toMatch(/"@context":\s*"|"@import"/);
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
    expect(emptyValues(document)).toEqual([]);
    expect((await expandSafely(document)).length).toBeGreaterThan(0);
  });

  it.each(conversions)('%s %s: the same input gives the same output', (format, type, object) => {
    expect(convertAsset(format, type, object, context)).toEqual(convertAsset(format, type, object, context));
  });
});

describe('related identifiers', () => {
  it('lists what a dataset references, without the contacts it embeds, with their persons and organisations', () => {
    // Jane's work contact and the data desk are embedded (`contacts`); Jane's contact names Jane and the lab.
    expect(new Set(relatedIdentifiers('schema.org', 'dataset', dataset))).toEqual(
      new Set([ids.labContact, ids.unknownContact, ids.lab, ids.foundation, ids.unknownOrganisation, ids.publication, ids.unknownPublication, ids.jane]),
    );
    expect(new Set(relatedIdentifiers('dcat-ap', 'dataset', dataset))).toEqual(
      new Set(relatedIdentifiers('schema.org', 'dataset', dataset)),
    );
  });

  it('adds the persons and organisations of the contacts loaded so far', () => {
    const loaded = new Map([[ids.janeContact, related.get(ids.janeContact) as ReadObject]]);
    expect(relatedIdentifiers('schema.org', 'publication', publication)).toEqual([
      ids.janeContact,
      ids.unknownContact,
      ids.unknownPublication,
      ids.dataset,
      ids.otherDataset,
    ]);
    expect(relatedIdentifiers('schema.org', 'publication', publication, loaded)).toEqual([
      ids.janeContact,
      ids.unknownContact,
      ids.unknownPublication,
      ids.dataset,
      ids.otherDataset,
      ids.jane,
      ids.lab,
    ]);
  });

  it('lists the members and contact details of agents', () => {
    expect(relatedIdentifiers('schema.org', 'person', jane)).toEqual([ids.lab, ids.unknownOrganisation, ids.janeContact]);
    expect(relatedIdentifiers('schema.org', 'organisation', lab)).toEqual([ids.jane, ids.foundation, ids.labContact]);
  });
});

describe('loadRelated', () => {
  /** A loader over the fixtures that records what it was asked for. */
  function recordingLoader() {
    const calls: string[][] = [];
    const load = async (identifiers: string[]) => {
      calls.push(identifiers);
      return new Map(identifiers.flatMap((identifier) => (related.has(identifier) ? [[identifier, related.get(identifier) as ReadObject]] : [])));
    };
    return { calls, load };
  }

  it('loads both hops in two calls, never asking twice, and the result converts like the full set', async () => {
    const { calls, load } = recordingLoader();
    const loaded = await loadRelated('schema.org', 'publication', [publication], load);
    expect(calls).toEqual([
      [ids.janeContact, ids.unknownContact, ids.unknownPublication, ids.dataset, ids.otherDataset],
      [ids.jane, ids.lab],
    ]);
    expect([...loaded.keys()].sort()).toEqual([ids.dataset, ids.jane, ids.janeContact, ids.lab].sort());
    const withLoaded = convertAsset('schema.org', 'publication', publication, { ...context, related: loaded });
    expect(withLoaded).toEqual(convertAsset('schema.org', 'publication', publication, context));
  });

  it('makes one call when the second hop is already known', async () => {
    const { calls, load } = recordingLoader();
    // The lab's contact is loaded in the first call, and the lab itself was already asked for as a funder.
    await loadRelated('dcat-ap', 'dataset', [dataset], load);
    expect(calls).toHaveLength(1);
  });

  it('loads for a whole page at once, each identifier once', async () => {
    const { calls, load } = recordingLoader();
    const page = [dataset, readObjectOf('dataset', ids.otherDataset, { name: 'Second', creator: [ids.labContact], funder: [ids.lab] })];
    const loaded = await loadRelated('schema.org', 'dataset', page, load);
    expect(calls).toHaveLength(1);
    // Identifiers both assets reference are asked for once.
    expect(calls[0]?.filter((identifier) => identifier === ids.labContact)).toHaveLength(1);
    expect(loaded.has(ids.labContact)).toBe(true);
    const second = convertAsset('schema.org', 'dataset', page[1] as ReadObject, { ...context, related: loaded });
    expect(second.funder).toMatchObject([{ '@type': 'Organization', name: 'Delft AI Lab for Mobility' }]);
  });

  it('makes no call when nothing is referenced', async () => {
    const { calls, load } = recordingLoader();
    const loaded = await loadRelated('schema.org', 'person', [{ identifier: ids.jane, name: 'Alone' }], load);
    expect(calls).toEqual([]);
    expect(loaded.size).toBe(0);
  });
});
