import { describe, expect, it } from 'vitest';
import { parseBibtex, plainBibtexText } from './bibtex.ts';

describe('parseBibtex', () => {
  it('reads braced, quoted, bare and concatenated values', () => {
    const [entry] = parseBibtex(`@inproceedings{wei-etal-2018-airdialogue,
      title = "{A}ir{D}ialogue: An Environment",
      author = "Wei, Wei  and\n      Le, Quoc",
      month = oct # "-" # nov,
      year = 2018,
      note = {Nested {braces} and a "quote"},
    }`);
    expect(entry).toEqual({
      type: 'inproceedings',
      key: 'wei-etal-2018-airdialogue',
      fields: {
        title: 'AirDialogue: An Environment',
        author: 'Wei, Wei and Le, Quoc',
        month: 'October-November',
        year: '2018',
        note: 'Nested braces and a "quote"',
      },
    });
  });

  it('reads several entries, skips @comment and @string blocks, accepts parentheses', () => {
    const entries = parseBibtex('@comment{x} @string{a = "b"} @article(one, title={One}) text @Book{two,title={Two}}');
    expect(entries.map((entry) => [entry.type, entry.key, entry.fields.title])).toEqual([
      ['article', 'one', 'One'],
      ['book', 'two', 'Two'],
    ]);
  });

  it('returns no entry for one that ends before its closing brace', () => {
    const text = '@article{haouari2020arcov19,\n  title={ArCOV-19},\n  year={2020}';
    expect(parseBibtex(text)).toEqual([]);
    expect(parseBibtex(`${text}}`)[0]?.fields).toEqual({ title: 'ArCOV-19', year: '2020' });
  });

  it('ignores an @ that does not start an entry (e-mail addresses, venues)', () => {
    expect(parseBibtex('Contact me@example.org, SDU@AAAI-21')).toEqual([]);
  });

  it('plain text undoes escapes of special characters', () => {
    expect(plainBibtexText('Q\\&A {\\%} and  \n more')).toBe('Q&A % and more');
  });
});
