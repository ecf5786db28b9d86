/**
 * Reading the rate-limit headers platforms send, as one pure function:
 * - `Retry-After`: delay-seconds or an HTTP-date (RFC 9110 §10.2.3);
 * - IETF `RateLimit` structured field, the form Hugging Face sends: `"api";r=<remaining>;t=<seconds>`
 *   (several policies comma-separated; the most restrictive one counts), and the older draft
 *   dictionary form `limit=100, remaining=0, reset=30`;
 * - `RateLimit-Remaining` / `RateLimit-Reset` (earlier IETF drafts, delta seconds);
 * - `X-RateLimit-Remaining` / `X-RateLimit-Reset` (Zenodo, GitHub: epoch seconds).
 *
 * Reset values are read as delta seconds when small and as an epoch (seconds, or milliseconds when
 * very large) otherwise. Absolute times (HTTP-dates, epochs) are measured against the response's
 * `Date` header when it has one, so a skewed local clock does not stretch or shorten the wait.
 */

export type RateLimitSource = 'RateLimit' | 'RateLimit-Reset' | 'X-RateLimit-Reset';

export interface RateLimitHeaders {
  /** Delay `Retry-After` asks for, in milliseconds (never negative); null when absent or unreadable. */
  retryAfterMs: number | null;
  /** Requests left in the current window (the most restrictive policy); null when no header says. */
  remaining: number | null;
  /** Milliseconds until the window resets (never negative); null when no header says. */
  resetMs: number | null;
  /** The header family `remaining` / `resetMs` came from; null when none. */
  source: RateLimitSource | null;
}

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/** Epoch seconds from this value on (2001-09-09); below it a reset is delta seconds. */
const EPOCH_SECONDS_FROM = 1e9;
/** Epoch milliseconds from this value on. */
const EPOCH_MILLISECONDS_FROM = 1e12;

export function parseRateLimitHeaders(headers: HeaderBag, now: number = Date.now()): RateLimitHeaders {
  const get = headerGetter(headers);
  const date = parseHttpDate(get('date'));
  const reference = date ?? now;

  const result: RateLimitHeaders = { retryAfterMs: parseRetryAfter(get('retry-after'), reference), remaining: null, resetMs: null, source: null };

  const families: [RateLimitSource, () => { remaining: number | null; resetMs: number | null }][] = [
    ['RateLimit', () => parseRateLimitField(get('ratelimit'))],
    ['RateLimit-Reset', () => ({ remaining: parseCount(get('ratelimit-remaining')), resetMs: parseReset(get('ratelimit-reset'), reference) })],
    ['X-RateLimit-Reset', () => ({ remaining: parseCount(get('x-ratelimit-remaining')), resetMs: parseReset(get('x-ratelimit-reset'), reference) })],
  ];
  for (const [source, read] of families) {
    const { remaining, resetMs } = read();
    if (remaining === null && resetMs === null) continue;
    Object.assign(result, { remaining, resetMs, source });
    break;
  }
  return result;
}

/** `Retry-After` in milliseconds from `reference`: delay-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | null | undefined, reference: number = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = parseHttpDate(text);
  return at === null ? null : Math.max(0, at - reference);
}

/** An HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime forms) as epoch milliseconds. */
export function parseHttpDate(value: string | null | undefined): number | null {
  if (!value) return null;
  const text = value.trim();
  // Only date-like strings: Date.parse accepts plain numbers too, which are not HTTP-dates.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(/GMT|UTC|[+-]\d{4}$/i.test(text) ? text : `${text} GMT`);
  return Number.isNaN(at) ? null : at;
}

/** The `RateLimit` field: `"api";r=0;t=30[, "burst";r=5;t=1]` or `limit=100, remaining=0, reset=30`. */
function parseRateLimitField(value: string | null): { remaining: number | null; resetMs: number | null } {
  const none = { remaining: null, resetMs: null };
  if (!value) return none;
  const members = value.split(',').map((member) => member.trim()).filter(Boolean);
  const policies: { remaining: number | null; resetMs: number | null }[] = [];
  const dictionary = new Map<string, string>();
  for (const member of members) {
    const [head = '', ...parameters] = member.split(';').map((part) => part.trim());
    if (head.includes('=')) {
      // draft dictionary form: limit=100, remaining=0, reset=30
      const [key = '', raw = ''] = head.split('=', 2);
      dictionary.set(key.trim().toLowerCase(), raw.trim());
      continue;
    }
    const params = new Map<string, string>();
    for (const parameter of parameters) {
      const [key = '', raw = ''] = parameter.split('=', 2);
      params.set(key.trim().toLowerCase(), raw.trim().replace(/^"(.*)"$/, '$1'));
    }
    const remaining = parseCount(params.get('r') ?? null);
    const t = parseCount(params.get('t') ?? null);
    if (remaining !== null || t !== null) policies.push({ remaining, resetMs: t === null ? null : t * 1000 });
  }
  if (dictionary.size > 0) {
    const remaining = parseCount(dictionary.get('remaining') ?? null);
    const reset = parseCount(dictionary.get('reset') ?? null);
    policies.push({ remaining, resetMs: reset === null ? null : reset * 1000 });
  }
  if (policies.length === 0) return none;
  // The most restrictive policy: fewest requests left, and among the exhausted ones the latest reset.
  return policies.reduce((worst, policy) => {
    const a = worst.remaining ?? Infinity;
    const b = policy.remaining ?? Infinity;
    if (b < a) return policy;
    if (b === a && (policy.resetMs ?? -1) > (worst.resetMs ?? -1)) return policy;
    return worst;
  });
}

function parseCount(value: string | null): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

/** A reset header: delta seconds, or an epoch in seconds or milliseconds, as ms from `reference`. */
function parseReset(value: string | null, reference: number): number | null {
  const number = parseCount(value);
  if (number === null) return null;
  if (number >= EPOCH_MILLISECONDS_FROM) return Math.max(0, number - reference);
  if (number >= EPOCH_SECONDS_FROM) return Math.max(0, number * 1000 - reference);
  return Math.round(number * 1000);
}

function headerGetter(headers: HeaderBag): (name: string) => string | null {
  if (typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function') {
    return (name) => (headers as Headers).get(name);
  }
  const lower = new Map<string, string>();
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (value === undefined) continue;
    lower.set(key.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  }
  return (name) => lower.get(name) ?? null;
}
