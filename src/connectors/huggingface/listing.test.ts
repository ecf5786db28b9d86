import { describe, expect, it } from 'vitest';
import { settingsWith } from '../../config.ts';
import { firstPageUrl, nextLink } from './listing.ts';

describe('listing URLs', () => {
  it('asks for full records, newest change first, at most 100 a page', () => {
    const settings = settingsWith({ DEPLOYMENT_TYPE: 'test', HUGGINGFACE_API_URL: 'https://hub.example/' });
    expect(firstPageUrl(settings, 500)).toBe('https://hub.example/api/datasets?full=true&sort=lastModified&direction=-1&limit=100');
    expect(firstPageUrl(settings, 7)).toMatch(/&limit=7$/);
  });

  it('follows the rel="next" link as given, among other links', () => {
    const base = 'https://hub.example/api/datasets?limit=2';
    expect(nextLink('<https://hub.example/api/datasets?cursor=eyJ9&limit=2>; rel="next"', base)).toBe(
      'https://hub.example/api/datasets?cursor=eyJ9&limit=2',
    );
    expect(nextLink('<https://a.example/first>; rel="first", <https://a.example/2>; rel=next', base)).toBe('https://a.example/2');
    expect(nextLink('</api/datasets?cursor=abc>; rel="next"', base)).toBe('https://hub.example/api/datasets?cursor=abc');
    expect(nextLink('<https://a.example/prev>; rel="prev"', base)).toBeUndefined();
    expect(nextLink(null, base)).toBeUndefined();
  });
});
