import { describe, expect, it } from 'vitest';
import { parseHttpDate, parseRateLimitHeaders, parseRetryAfter } from './rate-limit-headers.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const DATE = 'Sun, 01 Mar 2026 12:00:00 GMT';

describe('parseRateLimitHeaders', () => {
  it('reads nothing from a response without rate-limit headers', () => {
    expect(parseRateLimitHeaders(new Headers({ 'content-type': 'application/json' }), NOW)).toEqual({
      retryAfterMs: null,
      remaining: null,
      resetMs: null,
      source: null,
    });
  });

  describe('Retry-After', () => {
    it('reads delay-seconds', () => {
      expect(parseRateLimitHeaders(new Headers({ 'retry-after': '120' }), NOW).retryAfterMs).toBe(120_000);
      expect(parseRateLimitHeaders({ 'Retry-After': '0' }, NOW).retryAfterMs).toBe(0);
    });

    it('reads an HTTP-date against the response Date header (not the local clock)', () => {
      const headers = new Headers({ 'retry-after': 'Sun, 01 Mar 2026 12:01:30 GMT', date: DATE });
      expect(parseRateLimitHeaders(headers, NOW + 7_000).retryAfterMs).toBe(90_000);
    });

    it('reads an HTTP-date against the local clock when there is no Date header', () => {
      expect(parseRateLimitHeaders({ 'retry-after': 'Sun, 01 Mar 2026 12:00:10 GMT' }, NOW).retryAfterMs).toBe(10_000);
    });

    it('never gives a negative wait for a date in the past, and ignores garbage', () => {
      expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', NOW)).toBe(0);
      expect(parseRetryAfter('soon', NOW)).toBeNull();
      expect(parseRetryAfter('-5', NOW)).toBeNull();
      expect(parseRetryAfter('', NOW)).toBeNull();
      expect(parseRetryAfter(null, NOW)).toBeNull();
    });
  });

  describe('HTTP-date forms', () => {
    it('reads IMF-fixdate, RFC 850 and asctime', () => {
      const expected = Date.parse('1994-11-06T08:49:37Z');
      expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(expected);
      expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(expected);
      expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(expected);
      expect(parseHttpDate('1700000000')).toBeNull();
      expect(parseHttpDate('not a date')).toBeNull();
    });
  });

  describe('IETF RateLimit (Hugging Face)', () => {
    it('reads "api";r=<remaining>;t=<seconds>', () => {
      expect(parseRateLimitHeaders(new Headers({ ratelimit: '"api";r=0;t=55', 'ratelimit-policy': '"fixed window";"api";q=500;w=300' }), NOW)).toEqual({
        retryAfterMs: null,
        remaining: 0,
        resetMs: 55_000,
        source: 'RateLimit',
      });
      expect(parseRateLimitHeaders({ RateLimit: '"api"; r=497; t=12' }, NOW)).toMatchObject({ remaining: 497, resetMs: 12_000 });
    });

    it('takes the most restrictive of several policies', () => {
      expect(parseRateLimitHeaders({ ratelimit: '"api";r=10;t=200, "burst";r=0;t=3' }, NOW)).toMatchObject({ remaining: 0, resetMs: 3_000 });
      expect(parseRateLimitHeaders({ ratelimit: '"a";r=0;t=3, "b";r=0;t=60' }, NOW)).toMatchObject({ remaining: 0, resetMs: 60_000 });
    });

    it('reads the older draft dictionary form', () => {
      expect(parseRateLimitHeaders({ ratelimit: 'limit=100, remaining=0, reset=30' }, NOW)).toMatchObject({
        remaining: 0,
        resetMs: 30_000,
        source: 'RateLimit',
      });
    });

    it('comes with Retry-After on a 429', () => {
      expect(parseRateLimitHeaders({ ratelimit: '"api";r=0;t=40', 'retry-after': '40' }, NOW)).toEqual({
        retryAfterMs: 40_000,
        remaining: 0,
        resetMs: 40_000,
        source: 'RateLimit',
      });
    });

    it('ignores a field it cannot read', () => {
      expect(parseRateLimitHeaders({ ratelimit: '"api";q=abc' }, NOW).source).toBeNull();
    });
  });

  describe('RateLimit-Remaining / RateLimit-Reset', () => {
    it('reads delta seconds', () => {
      expect(parseRateLimitHeaders({ 'ratelimit-limit': '60', 'ratelimit-remaining': '0', 'ratelimit-reset': '17' }, NOW)).toEqual({
        retryAfterMs: null,
        remaining: 0,
        resetMs: 17_000,
        source: 'RateLimit-Reset',
      });
    });
  });

  describe('X-RateLimit-* (Zenodo)', () => {
    it('reads an epoch-seconds reset against the Date header', () => {
      const reset = String(Date.parse('2026-03-01T12:00:42Z') / 1000);
      const headers = new Headers({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset, date: DATE });
      expect(parseRateLimitHeaders(headers, NOW + 3_000)).toEqual({ retryAfterMs: null, remaining: 0, resetMs: 42_000, source: 'X-RateLimit-Reset' });
    });

    it('reads an epoch-seconds reset against the local clock without a Date header', () => {
      const reset = String(NOW / 1000 + 5);
      expect(parseRateLimitHeaders({ 'x-ratelimit-remaining': '59', 'x-ratelimit-reset': reset }, NOW)).toMatchObject({ remaining: 59, resetMs: 5_000 });
    });

    it('reads epoch milliseconds and delta seconds too, and a past reset as 0', () => {
      expect(parseRateLimitHeaders({ 'x-ratelimit-reset': String(NOW + 2_500) }, NOW).resetMs).toBe(2_500);
      expect(parseRateLimitHeaders({ 'x-ratelimit-reset': '30' }, NOW).resetMs).toBe(30_000);
      expect(parseRateLimitHeaders({ 'x-ratelimit-reset': String(NOW / 1000 - 10) }, NOW).resetMs).toBe(0);
    });

    it('reads Remaining alone', () => {
      expect(parseRateLimitHeaders({ 'x-ratelimit-remaining': '0' }, NOW)).toMatchObject({ remaining: 0, resetMs: null, source: 'X-RateLimit-Reset' });
    });
  });

  it('prefers RateLimit over RateLimit-* over X-RateLimit-*', () => {
    const all = { ratelimit: '"api";r=3;t=9', 'ratelimit-remaining': '2', 'ratelimit-reset': '8', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '7' };
    expect(parseRateLimitHeaders(all, NOW)).toMatchObject({ remaining: 3, resetMs: 9_000, source: 'RateLimit' });
    const { ratelimit: _, ...withoutIetf } = all;
    expect(parseRateLimitHeaders(withoutIetf, NOW)).toMatchObject({ remaining: 2, resetMs: 8_000, source: 'RateLimit-Reset' });
  });
});
