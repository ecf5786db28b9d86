import { describe, expect, it } from 'vitest';
import { platformIdentifierProblem } from './platform-identifiers.ts';

describe('platform identifier rules', () => {
  it.each([
    ['huggingface', 'rotten_tomatoes'],
    ['huggingface', 'cornell-movie-review-data/rotten_tomatoes'],
    ['huggingface', '621ffdd236468d709f181d58'],
    ['openml', '0'],
    ['openml', '42'],
    ['zenodo', 'zenodo.org:7947283'],
    ['zenodo', '3b9c1ea2-1f0e-4e5c-9a0b-8e8b1e0c2d3f'],
    ['example', 'anything: goes/here'],
  ])('%s accepts %s', (platform, identifier) => {
    expect(platformIdentifierProblem(platform, identifier)).toBeNull();
  });

  it.each([
    ['huggingface', 'a/b/c'],
    ['huggingface', 'a--b'],
    ['huggingface', 'a..b'],
    ['huggingface', 'x'.repeat(97)],
    ['huggingface', 'has space'],
    ['openml', '-1'],
    ['openml', '1.5'],
    ['zenodo', 'zenodo.org:0'],
    ['zenodo', '7947283'],
  ])('%s refuses %s', (platform, identifier) => {
    expect(platformIdentifierProblem(platform, identifier)).toMatch(/platform_resource_identifier/);
    expect(platformIdentifierProblem(platform, identifier, 'ml_model')).toMatch(/platform_resource_identifier/);
  });

  it('checks only the types a platform hosts, so derived creators and citations keep readable ids', () => {
    expect(platformIdentifierProblem('openml', 'creator:Jan van Rijn', 'contact')).toBeNull();
    expect(platformIdentifierProblem('zenodo', 'orcid:0000-0002-1825-0097', 'contact')).toBeNull();
    expect(platformIdentifierProblem('huggingface', 'citation:4f2a', 'publication')).toBeNull();
    expect(platformIdentifierProblem('openml', 'creator:Jan van Rijn', 'dataset')).toMatch(/non-negative integer/);
  });
});
