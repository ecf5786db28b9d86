import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasets } from '../../database/model/resources/datasets.ts';
import { contacts } from '../../database/model/resources/contacts.ts';
import { createSchema } from '../../database/model/schemas.ts';
import { readDataCite } from './datacite.ts';
import { htmlToText } from './html.ts';
import { accessibleForFree, licenseOf, mapDataset, MappingError, publishedDate, truncate } from './mapping.ts';
import { parseOaiPage } from './oai-pmh.ts';
import { parseXml } from './xml.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/zenodo/${name}`, import.meta.url), 'utf8');
const recorded = parseOaiPage(fixture('list_records_1.xml')).records;
const resourceOf = (identifier: string) => recorded.find((record) => record.header.identifier === identifier)?.resource;
const resource = (xml: string) => parseXml(xml).resource;

/** References to records of the same platform (`@contacts:<id>`) are resolved by the sink; stand in for them. */
function resolved(body: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(body).replace(/"@contacts:[^"]*"/g, '"con_000000000000000000000000"'));
}

describe('DataCite records', () => {
  it('reads a recorded Zenodo dataset', () => {
    const record = readDataCite(resourceOf('oai:zenodo.org:7902673'));
    expect(record.resourceTypeGeneral).toBe('Dataset');
    expect(record.doi).toBe('10.5281/zenodo.7902673');
    expect(record.title).toBe("THE FIELD'S MALL MASS SHOOTING: EMERGENCY MEDICAL SERVICES RESPONSE");
    expect(record.creators).toHaveLength(6);
    expect(record.creators[0]).toEqual({ name: 'Hansen, Peter Martin' });
    expect(record.issued).toBe('2023-05-06');
    expect(record.subjects).toEqual(['Major incident', 'Disaster', 'Mass shooting', 'Mass casualty', 'Management and leadership']);
    expect(record.rights[0]).toMatchObject({ identifier: 'cc-by-4.0', text: 'Creative Commons Attribution 4.0 International' });
  });

  it('reads ORCIDs, bare or as URLs', () => {
    const record = readDataCite(
      resource(`<resource><creators>
        <creator><creatorName>A</creatorName><nameIdentifier nameIdentifierScheme="ORCID">https://orcid.org/0000-0002-1825-009x</nameIdentifier></creator>
        <creator><creatorName>B</creatorName><nameIdentifier nameIdentifierScheme="ISNI">0000000121032683</nameIdentifier></creator>
      </creators></resource>`),
    );
    expect(record.creators).toEqual([{ name: 'A', orcid: '0000-0002-1825-009X' }, { name: 'B' }]);
  });
});

describe('mapping to a dataset', () => {
  it('maps a recorded record to a valid create body with its creators as contacts', () => {
    const record = readDataCite(resourceOf('oai:zenodo.org:7902673'));
    const distributions = [{ platform: 'zenodo', name: 'a.csv', content_url: 'https://zenodo.org/a.csv' }];
    const mapped = mapDataset(record, { recordUrl: 'https://zenodo.org/records/7902673', distributions });
    expect(mapped.body).toMatchObject({
      name: "THE FIELD'S MALL MASS SHOOTING: EMERGENCY MEDICAL SERVICES RESPONSE",
      date_published: '2023-05-06T00:00:00Z',
      same_as: 'https://zenodo.org/records/7902673',
      relevant_link: ['https://doi.org/10.5281/zenodo.7902673'],
      license: 'cc-by-4.0',
      keyword: ['Major incident', 'Disaster', 'Mass shooting', 'Mass casualty', 'Management and leadership'],
      distribution: distributions,
    });
    expect((mapped.body.description as { plain: string }).plain).toBe(
      "Case report describing the mass shooting at the Field's shopping mall in Copenhagen, July 3rd, 2022.\n\n" +
        'Dataset to support the findings of the case report, hopefully to be published after peer-review in Scandinavian Journal of Trauma, Resuscitation and Emergency Medicine.',
    );
    expect(mapped.contacts.map((contact) => contact.platformResourceIdentifier)).toEqual([
      'creator:Hansen, Peter Martin',
      'creator:Alstrøm, henrik',
      'creator:Damm-Hejmdal, Anders',
      'creator:Mikkelsen, Søren',
      'creator:Rehn, Marius',
      'creator:Berlac, Peter Anthony',
    ]);
    expect(mapped.body.creator).toEqual(mapped.contacts.map((contact) => `@contacts:${contact.platformResourceIdentifier}`));
    expect(createSchema(datasets, 'latest').safeParse(resolved(mapped.body)).success).toBe(true);
    for (const contact of mapped.contacts) expect(createSchema(contacts, 'latest').safeParse(contact.body).success).toBe(true);
  });

  it('maps every recorded dataset to a valid body', () => {
    const all = [...recorded, ...parseOaiPage(fixture('list_records_2.xml')).records]
      .map((record) => readDataCite(record.resource))
      .filter((record) => record.resourceTypeGeneral === 'Dataset');
    expect(all.length).toBe(6); // one more says "Datasets", which is no DataCite type
    for (const record of all) {
      const parsed = createSchema(datasets, 'latest').safeParse(resolved(mapDataset(record, { recordUrl: undefined, distributions: [] }).body));
      expect(parsed.error).toBeUndefined();
    }
  });

  it('uses the ORCID as the contact id when there is one, and yields each creator once', () => {
    const record = readDataCite(
      resource(`<resource><creators>
        <creator><creatorName>Lovelace, Ada</creatorName><nameIdentifier nameIdentifierScheme="ORCID">0000-0002-1825-0097</nameIdentifier></creator>
        <creator><creatorName>Lovelace, Ada</creatorName><nameIdentifier nameIdentifierScheme="ORCID">0000-0002-1825-0097</nameIdentifier></creator>
      </creators><titles><title>T</title></titles></resource>`),
    );
    const mapped = mapDataset(record, { recordUrl: undefined, distributions: [] });
    expect(mapped.contacts).toEqual([{ platformResourceIdentifier: 'orcid:0000-0002-1825-0097', body: { name: 'Lovelace, Ada' } }]);
    expect(mapped.body.creator).toEqual(['@contacts:orcid:0000-0002-1825-0097']);
  });

  it('truncates to the model limits and strips HTML from the abstract', () => {
    const long = 'x'.repeat(300);
    const record = readDataCite(
      resource(`<resource><titles><title>${long}</title></titles><version>1.10</version><descriptions>
        <description descriptionType="Other">not this</description>
        <description descriptionType="Abstract">&lt;p&gt;First &amp;amp; &lt;b&gt;bold&lt;/b&gt;&amp;nbsp;line&lt;/p&gt;&lt;p&gt;Second&lt;/p&gt;</description>
      </descriptions></resource>`),
    );
    const { body } = mapDataset(record, { recordUrl: undefined, distributions: [] });
    expect((body.name as string).length).toBe(256);
    expect(body.name).toMatch(/ \[\.\.\.\]$/);
    expect(body.version).toBe('1.10');
    expect(body.description).toEqual({ plain: 'First & bold line\n\nSecond' });
  });

  it('refuses a record without a title', () => {
    expect(() => mapDataset(readDataCite(resource('<resource><creators/></resource>')), { recordUrl: undefined, distributions: [] })).toThrow(MappingError);
  });

  it('reads issued dates of a year, a month or a day', () => {
    expect(publishedDate('2021')).toBe('2021-01-01T00:00:00Z');
    expect(publishedDate('2021-07')).toBe('2021-07-01T00:00:00Z');
    expect(publishedDate('2021-07-09')).toBe('2021-07-09T00:00:00Z');
    expect(publishedDate('2021-07-09/2021-08-01')).toBe('2021-07-09T00:00:00Z');
    expect(publishedDate('2021-02-30')).toBeUndefined();
    expect(publishedDate('July 2021')).toBeUndefined();
    expect(publishedDate(undefined)).toBeUndefined();
  });

  it('falls back to the publication year without an Issued date', () => {
    const record = readDataCite(resource('<resource><titles><title>T</title></titles><publicationYear>2019</publicationYear></resource>'));
    expect(mapDataset(record, { recordUrl: undefined, distributions: [] }).body.date_published).toBe('2019-01-01T00:00:00Z');
  });

  it('tells licences from access rights', () => {
    const open = { text: 'Open Access', uri: 'info:eu-repo/semantics/openAccess' };
    const closed = { text: 'Closed Access', uri: 'info:eu-repo/semantics/closedAccess' };
    const cc0 = { text: 'Creative Commons Zero v1.0 Universal', identifier: 'cc0-1.0' };
    expect(licenseOf([open, cc0])).toBe('cc0-1.0');
    expect(licenseOf([{ text: 'My licence' }])).toBe('My licence');
    expect(licenseOf([open])).toBeUndefined();
    expect(accessibleForFree([cc0, open])).toBe(true);
    expect(accessibleForFree([closed])).toBe(false);
    expect(accessibleForFree([cc0])).toBeUndefined();
  });

  it('keeps truncated text within the limit', () => {
    expect(truncate('abc', 5)).toBe('abc');
    expect(truncate('a'.repeat(20), 10)).toBe('aaaa [...]');
  });
});

describe('HTML to text', () => {
  it('drops tags and scripts, decodes entities, keeps paragraphs', () => {
    expect(htmlToText('<p>a&lt;b &#233;&#x41;</p><script>x()</script><ul><li>one</li><li>two</li></ul>')).toBe('a<b éA\n\none\n\ntwo');
    expect(htmlToText('line one\n   wrapped\n\n   next')).toBe('line one wrapped\n\nnext');
  });
});
