import { describe, expect, it } from 'vitest';
import { citedPublications } from './citations.ts';

describe('citedPublications', () => {
  it('maps a BibTeX entry: title, link, DOI, type, authors', () => {
    const [publication, ...rest] = citedPublications(`@inproceedings{wei-etal-2018-airdialogue,
      title = "{A}ir{D}ialogue: An Environment for Goal-Oriented Dialogue Research",
      author = "Wei, Wei  and Le, Quoc",
      url = "https://www.aclweb.org/anthology/D18-1419",
      doi = "10.18653/v1/D18-1419",
    }`);
    expect(rest).toEqual([]);
    expect(publication).toEqual({
      platformResourceIdentifier: 'doi:10.18653/v1/d18-1419',
      body: {
        name: 'AirDialogue: An Environment for Goal-Oriented Dialogue Research',
        type: 'inproceedings',
        same_as: 'https://www.aclweb.org/anthology/D18-1419',
        permanent_identifier: 'https://doi.org/10.18653/v1/D18-1419',
        description: { plain: 'By Wei Wei, Quoc Le' },
      },
    });
  });

  it('uses a `link` field, else the DOI, as same_as', () => {
    expect(citedPublications('@misc{a, title={T}, link={https://arxiv.org/pdf/2010.14678v1.pdf}}')[0]?.body.same_as).toBe(
      'https://arxiv.org/pdf/2010.14678v1.pdf',
    );
    expect(citedPublications('@misc{a, title={T}, doi={https://doi.org/10.1/x}}')[0]?.body.same_as).toBe('https://doi.org/10.1/x');
  });

  it('identifies a paper by its DOI, whatever else the entry says', () => {
    const [a] = citedPublications('@article{a, title={T}, doi={10.1/X}}');
    const [b] = citedPublications('@inproceedings{b, title={T, the proceedings version}, doi={https://doi.org/10.1/x}}');
    expect(a?.platformResourceIdentifier).toBe(b?.platformResourceIdentifier);
  });

  it('gives the same id to the same entry however it is laid out, different ids to different entries', () => {
    const [a] = citedPublications('@article{k, title={A title}, author={X, Y}}');
    const [b] = citedPublications('@article{k,\n   author = {X, Y},\n   title = "A title"\n}');
    const [c] = citedPublications('@article{k, title={Another title}, author={X, Y}}');
    expect(a?.platformResourceIdentifier).toMatch(/^bibtex:[0-9a-f]{32}$/);
    expect(b?.platformResourceIdentifier).toBe(a?.platformResourceIdentifier);
    expect(c?.platformResourceIdentifier).not.toBe(a?.platformResourceIdentifier);
  });

  it('reads BibTeX missing its final brace by adding one', () => {
    const publications = citedPublications('@article{haouari2020arcov19,\n  title={ArCOV-19: The First Arabic COVID-19 Twitter Dataset},\n  year={2020}');
    expect(publications.map((publication) => publication.body.name)).toEqual(['ArCOV-19: The First Arabic COVID-19 Twitter Dataset']);
  });

  it('takes a short plain text as a title, on one line', () => {
    const [publication] = citedPublications('Probing neural language models\nAnonymous submission');
    expect(publication?.body).toEqual({ name: 'Probing neural language models Anonymous submission' });
    expect(publication?.platformResourceIdentifier).toMatch(/^citation:[0-9a-f]{32}$/);
  });

  it('yields nothing for long plain text, unreadable BibTeX, entries without a title, or no citation', () => {
    expect(citedPublications('x'.repeat(257))).toEqual([]);
    expect(citedPublications('@article{broken, title={Unclosed')).toEqual([]);
    expect(citedPublications('@article{notitle, year={2020}}')).toEqual([]);
    expect(citedPublications(undefined)).toEqual([]);
    expect(citedPublications('  ')).toEqual([]);
  });

  it('truncates a title longer than the name limit', () => {
    const name = citedPublications(`@article{k, title={${'word '.repeat(100)}}}`)[0]?.body.name as string;
    // Cut at the limit (a space before the marker is dropped): 249 characters of title + ' [...]'.
    expect(name).toBe(`${'word '.repeat(50).trimEnd()} [...]`);
    expect(name.length).toBeLessThanOrEqual(256);
  });
});
