import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contacts } from '../../database/model/resources/contacts.ts';
import { datasets } from '../../database/model/resources/datasets.ts';
import { publications } from '../../database/model/resources/publications.ts';
import { datasetDescription, mapDataset, qualityList } from './dataset.ts';
import { MappingError } from './values.ts';
import { createBodyProblem } from '../test-bodies.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/fixtures/openml/${name}`, import.meta.url), 'utf8'));
const SAME_AS = 'https://www.openml.org/api/v1/json/data/2';

describe('OpenML dataset mapping', () => {
  const description = datasetDescription(fixture('data_2.json'));
  const qualities = qualityList(fixture('data_2_qualities.json'));

  it('maps a recorded dataset as AIoD did (§5.4) into a valid create body', () => {
    const { body } = mapDataset(description, qualities, SAME_AS);
    expect(body).toMatchObject({
      name: 'anneal',
      same_as: SAME_AS,
      date_published: '2014-04-06T23:19:24',
      license: 'Public',
      version: '1',
      is_accessible_for_free: true,
      size: { value: 898, unit: 'instances' },
      distribution: [
        {
          content_url: 'https://api.openml.org/data/v1/download/1666876/anneal.arff',
          encoding_format: 'ARFF',
          checksum: '4eaed8b6ec9d8211024b6c089b064761',
          checksum_algorithm: 'md5',
        },
      ],
      relevant_link: ['https://archive.ics.uci.edu/ml/datasets/Annealing'],
    });
    expect(body.keyword).toEqual(description.tag);
    expect((body.description as { plain: string }).plain).toBe(description.description);
    expect(createBodyProblem(datasets, body)).toBeUndefined();
  });

  it('refers to creators and contributors as contacts and to the citation as a publication', () => {
    const { body, related } = mapDataset(description, qualities, SAME_AS);
    const people = related.filter((record) => record.resource === 'contacts');
    expect(people.map((record) => record.body.name)).toEqual(['David Sterling', 'Wray Buntine', 'David Sterling and Wray Buntine']);
    expect(body.creator).toEqual(people.map((record) => `@contacts:${record.platformResourceIdentifier}`));
    for (const person of people) expect(createBodyProblem(contacts, person.body)).toBeUndefined();
    const [publication] = related.filter((record) => record.resource === 'publications');
    expect(publication!.body).toEqual({
      name: 'https://archive.ics.uci.edu/ml/citation_policy.html',
      same_as: 'https://archive.ics.uci.edu/ml/citation_policy.html',
    });
    expect(body.citation).toEqual([`@publications:${publication!.platformResourceIdentifier}`]);
    expect(createBodyProblem(publications, publication!.body)).toBeUndefined();
  });

  it('gives the same name the same contact id in every record', () => {
    const three = mapDataset(datasetDescription(fixture('data_3.json')), [], SAME_AS);
    const four = mapDataset(datasetDescription(fixture('data_4.json')), [], SAME_AS);
    const robHolte = three.related.find((record) => record.body.name === 'Rob Holte')!;
    const again = mapDataset({ ...description, creator: 'Rob  Holte' }, [], SAME_AS).related[0]!;
    expect(again.platformResourceIdentifier).toBe('name:Rob Holte');
    expect(robHolte.platformResourceIdentifier).toBe('name:Rob Holte');
    expect(four.related.map((record) => record.platformResourceIdentifier)).not.toContain(robHolte.platformResourceIdentifier);
  });

  it('truncates a description to the model limit, and leaves size out when it is not integral', () => {
    const long = 'x'.repeat(70_000);
    const { body } = mapDataset({ ...description, description: long }, [{ name: 'NumberOfInstances', value: '12.5' }], SAME_AS);
    const plain = (body.description as { plain: string }).plain;
    expect(plain).toHaveLength(65_535);
    expect(plain.endsWith(' [...]')).toBe(true);
    expect(body.size).toBeUndefined();
    expect(createBodyProblem(datasets, body)).toBeUndefined();
  });

  it('reads an empty description ([] in OpenML JSON) as none and refuses a non-string one', () => {
    expect(mapDataset({ ...description, description: [] }, [], SAME_AS).body.description).toBeUndefined();
    expect(() => mapDataset({ ...description, description: { x: 1 } }, [], SAME_AS)).toThrow(MappingError);
    expect(() => datasetDescription({ error: { code: '111' } })).toThrow(MappingError);
  });

  it('turns a reference text into a publication with a description when it is longer than a name', () => {
    const citation = `Dua, D. and Graff, C. (2019). ${'UCI Machine Learning Repository. '.repeat(10)}`.trim();
    const { related } = mapDataset({ ...description, citation }, [], SAME_AS);
    const publication = related.find((record) => record.resource === 'publications')!;
    expect((publication.body.name as string).length).toBe(256);
    expect(publication.platformResourceIdentifier).toMatch(/^citation:sha256:[0-9a-f]{64}$/);
    expect(publication.body.description).toEqual({ plain: citation });
    expect(publication.body.same_as).toBeUndefined();
  });
});
