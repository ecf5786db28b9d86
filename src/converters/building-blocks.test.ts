import { describe, expect, it } from 'vitest';
import { periodOfTimeNode } from './dcat-ap/period-of-time.ts';
import { absoluteIri, node } from './json-ld.ts';
import { readEmails, readIdentifiers, readText } from './read-object.ts';

describe('JSON-LD building blocks', () => {
  it('node() drops undefined, null, empty strings, empty lists and absent list items', () => {
    expect(node({ a: undefined, b: null, c: '', d: [], e: [undefined, null], f: ['x', undefined], g: 0, h: false })).toEqual({
      f: ['x'],
      g: 0,
      h: false,
    });
  });

  it('absoluteIri() accepts absolute IRIs only', () => {
    expect(absoluteIri('https://example.org/a?b=c#d')).toBe('https://example.org/a?b=c#d');
    expect(absoluteIri('mailto:a@example.org')).toBe('mailto:a@example.org');
    for (const bad of ['data_x', 'www.example.org', './install.sh', 'https://example.org/a b', 'https://exa<mple.org', '']) {
      expect(absoluteIri(bad)).toBeUndefined();
    }
  });
});

describe('read-object readers', () => {
  it('readText prefers plain over html', () => {
    expect(readText({ d: { plain: 'p', html: '<p>h</p>' } }, 'd')).toBe('p');
    expect(readText({ d: { html: '<p>h</p>' } }, 'd')).toBe('<p>h</p>');
    expect(readText({ d: 'not a text object' }, 'd')).toBeUndefined();
  });

  it('readEmails drops masked and malformed addresses', () => {
    expect(readEmails({ email: ['a@example.org', '******', 'no at sign', 42] })).toEqual(['a@example.org']);
  });

  it('readIdentifiers reads single and list references alike', () => {
    expect(readIdentifiers({ r: 'con_x' }, 'r')).toEqual(['con_x']);
    expect(readIdentifiers({ r: ['a', 'b'] }, 'r')).toEqual(['a', 'b']);
    expect(readIdentifiers({}, 'r')).toEqual([]);
  });
});

describe('temporal coverage as dct:PeriodOfTime', () => {
  const ends = (coverage: string) => {
    const period = periodOfTimeNode(coverage);
    return period === undefined ? undefined : [period['dcat:startDate'], period['dcat:endDate']];
  };
  const literal = (value: string, type: string) => ({ '@value': value, '@type': `xsd:${type}` });

  it('types each end by its precision', () => {
    expect(ends('2011/2012')).toEqual([literal('2011', 'gYear'), literal('2012', 'gYear')]);
    expect(ends('2022-01/2022-06')).toEqual([literal('2022-01', 'gYearMonth'), literal('2022-06', 'gYearMonth')]);
    expect(ends('2022-01-01/2022-12-31')).toEqual([literal('2022-01-01', 'date'), literal('2022-12-31', 'date')]);
    expect(ends('2022-01-01T00:00:00Z/2022-01-02T12:00:00Z')).toEqual([
      literal('2022-01-01T00:00:00Z', 'dateTime'),
      literal('2022-01-02T12:00:00Z', 'dateTime'),
    ]);
  });

  it('reads a single date as a period of its own precision, and open ends as absent', () => {
    expect(ends('2022')).toEqual([literal('2022', 'gYear'), literal('2022', 'gYear')]);
    expect(ends('2020/..')).toEqual([literal('2020', 'gYear'), undefined]);
    expect(ends('/2020')).toEqual([undefined, literal('2020', 'gYear')]);
  });

  it('gives no period for durations, fully open intervals and text', () => {
    for (const coverage of ['2022/P1Y', '../..', 'the nineties', '2020/2021/2022']) expect(periodOfTimeNode(coverage)).toBeUndefined();
  });
});
