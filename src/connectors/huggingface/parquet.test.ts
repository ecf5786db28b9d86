import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parquetDistributions, parquetUrl } from './parquet.ts';

const recorded = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/huggingface/parquet_rotten_tomatoes.json', import.meta.url), 'utf8'),
) as unknown;

describe('parquetDistributions', () => {
  it('makes one distribution per parquet file', () => {
    const distributions = parquetDistributions(recorded, 'rotten_tomatoes');
    expect(distributions).toHaveLength(3);
    expect(distributions[0]).toEqual({
      name: 'rotten_tomatoes-test.parquet',
      description: 'rotten_tomatoes. Config: default. Split: test',
      content_url:
        'https://huggingface.co/datasets/rotten_tomatoes/resolve/refs%2Fconvert%2Fparquet/default/rotten_tomatoes-test.parquet',
      content_size_kb: 93,
      encoding_format: 'application/x-parquet',
    });
  });

  it('gives nothing for an error answer and skips files without a URL', () => {
    expect(parquetDistributions({ error: 'Not found.' }, 'x')).toEqual([]);
    expect(parquetDistributions({ parquet_files: [{ filename: 'a.parquet' }] }, 'x')).toEqual([]);
  });

  it('asks the viewer for the repo id, encoded', () => {
    expect(parquetUrl('https://viewer.example/', 'org/name')).toBe('https://viewer.example/parquet?dataset=org%2Fname');
  });
});
