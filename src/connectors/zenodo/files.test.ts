import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitChecksum, toDistributions } from './files.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/fixtures/zenodo/${name}`, import.meta.url), 'utf8')) as unknown;

describe('files to distributions', () => {
  it('maps every entry of a recorded answer', () => {
    const distributions = toDistributions(fixture('7947283.json'));
    expect(distributions).toHaveLength(15);
    expect(distributions[0]).toEqual({
      platform: 'zenodo',
      platform_resource_identifier: 'ac3dac84-e4e6-4b50-b8d0-bf7e13ab1927',
      name: 'ExtFig3.cc4.txt',
      content_url: 'https://zenodo.org/api/records/7947283/files/ExtFig3.cc4.txt/content',
      encoding_format: 'text/plain',
      checksum: 'c86bd8be85412da69145fb56eddf3cd4',
      checksum_algorithm: 'md5',
      content_size_kb: 78,
    });
    // 1,559,831,951 bytes: sizes beyond 32 bits must survive.
    expect(distributions.find((item) => item.name === 'demos.tgz')?.content_size_kb).toBe(1_559_832);
  });

  it('reads the legacy bare-list answer and ignores what is not a list', () => {
    expect(toDistributions([{ key: 'a.txt', links: { self: 'https://x/a.txt' } }])).toEqual([
      { platform: 'zenodo', name: 'a.txt', content_url: 'https://x/a.txt' },
    ]);
    expect(toDistributions({ enabled: false })).toEqual([]);
    expect(toDistributions(null)).toEqual([]);
  });

  it('splits checksums', () => {
    expect(splitChecksum('md5:abc')).toEqual({ checksum: 'abc', checksum_algorithm: 'md5' });
    expect(splitChecksum('abc')).toEqual({ checksum: 'abc' });
    expect(splitChecksum(undefined)).toBeUndefined();
  });
});
