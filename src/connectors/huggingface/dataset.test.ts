import { describe, expect, it } from 'vitest';
import { settingsWith } from '../../config.ts';
import { mapDataset, MappingError, readHubDataset } from './dataset.ts';

const settings = settingsWith({ DEPLOYMENT_TYPE: 'test', HUGGINGFACE_API_URL: 'https://hub.example' });

const item = {
  _id: '621ffdd236468d709f181d58',
  id: 'org/acronyms',
  author: 'org',
  cardData: { license: ['mit', 'apache-2.0'] },
  lastModified: '2023-01-25T14:18:28.000Z',
  createdAt: '2022-03-02T23:29:22.000Z',
  private: false,
  citation: '@inproceedings{k, title={What Does This Acronym Mean?}, author={Veyseh, Amir}}',
  description: 'Acronym identification sets.',
  tags: ['task_categories:token-classification', 'language:en', 'Language:EN', ''],
};

describe('mapDataset', () => {
  it('maps a Hub dataset as AIoD does, plus creator and citation references', () => {
    const distribution = { name: 'a.parquet', content_url: 'https://hub.example/a.parquet' };
    const mapped = mapDataset(readHubDataset(item), [distribution], settings);
    expect(mapped.platformResourceIdentifier).toBe('621ffdd236468d709f181d58');
    expect(mapped.contact).toEqual({ platformResourceIdentifier: 'author:org', body: { name: 'org' } });
    expect(mapped.publications).toHaveLength(1);
    expect(mapped.body).toEqual({
      name: 'org/acronyms',
      same_as: 'https://hub.example/datasets/org/acronyms',
      description: { plain: 'Acronym identification sets.' },
      date_published: '2022-03-02T23:29:22.000Z',
      license: 'mit',
      is_accessible_for_free: true,
      keyword: ['task_categories:token-classification', 'language:en'],
      distribution: [distribution],
      creator: ['@contacts:author:org'],
      citation: [`@publications:${mapped.publications[0]!.platformResourceIdentifier}`],
    });
  });

  it('takes a single licence string, the card description, and private datasets as not free', () => {
    const mapped = mapDataset(
      readHubDataset({ _id: 'x', id: 'solo', private: true, cardData: { license: 'cc-by-4.0', description: 'From the card' } }),
      [],
      settings,
    );
    expect(mapped.body).toMatchObject({ license: 'cc-by-4.0', is_accessible_for_free: false, description: { plain: 'From the card' } });
    expect(mapped.contact).toBeUndefined();
    expect(mapped.body.creator).toEqual([]);
  });

  it('truncates a description over the text limit with " [...]"', () => {
    const mapped = mapDataset(readHubDataset({ ...item, description: 'a'.repeat(70_000) }), [], settings);
    const plain = (mapped.body.description as { plain: string }).plain;
    expect(plain).toHaveLength(65_535);
    expect(plain.endsWith('a [...]')).toBe(true);
  });

  it('drops an unreadable creation date instead of failing', () => {
    expect(mapDataset(readHubDataset({ ...item, createdAt: 'yesterday' }), [], settings).body.date_published).toBeUndefined();
  });

  it('refuses a record without _id or repo id', () => {
    expect(() => readHubDataset({ id: 'a/b' })).toThrow(MappingError);
    expect(() => readHubDataset({ _id: 'abc' })).toThrow('dataset abc has no repo id');
    expect(() => readHubDataset(null)).toThrow(MappingError);
  });
});
