/**
 * The OAI-PMH interface as a harvester uses it: every verb, Dublin Core records, sets, paging with
 * resumption tokens, incremental harvests that report changes and deletions, and the protocol's
 * errors, on both dialects. Drafts are never offered; persons and contacts are not offered.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExamples } from '../src/services/examples.ts';
import { OAI_PAGE_SIZE } from '../src/services/oai-pmh.ts';
import { openTestCatalogue, type TestCatalogue, testUser } from './helpers/catalogue.ts';
import { dialects } from './helpers/databases.ts';
import { call, del, get, patch, post } from './helpers/http.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  isArray: (name, jpath) =>
    ['record', 'set', 'error', 'metadataFormat', 'dc:title', 'dc:creator', 'dc:subject', 'dc:type', 'dc:identifier'].includes(name) ||
    jpath === 'OAI-PMH.ListIdentifiers.header',
});

type Xml = Record<string, any>;

const DAY1 = '2026-03-01';
const DAY2 = '2026-03-02';
const prefix = 'oai:catalogue.localhost:';

describe.each(dialects)('OAI-PMH on %s', (dialect) => {
  let t: TestCatalogue;
  /** Published datasets created on DAY1 (beyond the examples). */
  const datasets: string[] = [];
  let draft: string;

  /** The OAI-PMH document of a GET /oai with this query, checked to be well-formed XML. */
  async function oai(query: string): Promise<Xml> {
    const response = await get(t.app, `/oai?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(XMLValidator.validate(response.text)).toBe(true);
    return parser.parse(response.text)['OAI-PMH'];
  }

  const errorsOf = (document: Xml) => (document.error as Xml[]).map((error) => error['@_code']);

  /** Every header of a list, following its resumption tokens, with the cursors seen. */
  async function harvest(verb: 'ListIdentifiers' | 'ListRecords', query: string): Promise<{ entries: Xml[]; cursors: string[]; pages: number }> {
    const entries: Xml[] = [];
    const cursors: string[] = [];
    let pages = 0;
    let next: string | undefined = `verb=${verb}&${query}`;
    while (next !== undefined) {
      const document = await oai(next);
      pages += 1;
      const list = document[verb];
      entries.push(...(verb === 'ListRecords' ? list.record : list.header));
      const token = list.resumptionToken;
      if (token === undefined) break;
      cursors.push(token['@_cursor']);
      const text = typeof token === 'string' ? token : token['#text'];
      next = text ? `verb=${verb}&resumptionToken=${encodeURIComponent(text)}` : undefined;
    }
    return { entries, cursors, pages };
  }

  const headerOf = (entry: Xml): Xml => entry.header ?? entry;

  beforeAll(async () => {
    t = await openTestCatalogue(dialect);
    t.catalogue.now = () => new Date(`${DAY1}T10:00:00.250Z`);
    await loadExamples(t.catalogue);
    for (let index = 0; index < 2 * OAI_PAGE_SIZE + 30; index += 1) {
      const created = await post(t.app, '/datasets', { name: `Harvested ${String(index).padStart(3, '0')}`, keyword: ['harvest'] });
      expect(created.status).toBe(200);
      datasets.push(created.body.identifier);
    }
    const drafted = await post(t.appAs(testUser('alice')), '/datasets', { name: 'Alice draft' });
    expect(drafted.status).toBe(200);
    draft = drafted.body.identifier;
  });
  afterAll(async () => t.close());

  it('identifies the repository', async () => {
    const document = await oai('verb=Identify');
    expect(document.request).toMatchObject({ '@_verb': 'Identify', '#text': 'http://localhost/oai' });
    expect(document.Identify).toEqual({
      repositoryName: 'AIoD Metadata Catalogue',
      baseURL: 'http://localhost/oai',
      protocolVersion: '2.0',
      adminEmail: 'admin@catalogue.localhost',
      earliestDatestamp: `${DAY1}T10:00:00Z`,
      deletedRecord: 'persistent',
      granularity: 'YYYY-MM-DDThh:mm:ssZ',
    });
  });

  it('offers Dublin Core, for the repository and for each record', async () => {
    const formats = (await oai('verb=ListMetadataFormats')).ListMetadataFormats.metadataFormat;
    expect(formats).toEqual([
      { metadataPrefix: 'oai_dc', schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd', metadataNamespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/' },
    ]);
    expect((await oai(`verb=ListMetadataFormats&identifier=${prefix}${datasets[0]}`)).ListMetadataFormats.metadataFormat).toEqual(formats);
    expect(errorsOf(await oai(`verb=ListMetadataFormats&identifier=${prefix}${draft}`))).toEqual(['idDoesNotExist']);
  });

  it('has a set per resource type, and none for people', async () => {
    const sets = (await oai('verb=ListSets')).ListSets.set as Xml[];
    const specs = sets.map((set) => set.setSpec);
    expect(specs).toContain('datasets');
    expect(specs).toContain('ml_models');
    expect(sets.find((set) => set.setSpec === 'ml_models')?.setName).toBe('ML models');
    for (const people of ['persons', 'organisations', 'contacts', 'teams']) expect(specs).not.toContain(people);
    expect(specs).toHaveLength(12);
  });

  it('gives a record as Dublin Core, creators named and e-mail addresses nowhere', async () => {
    const example = (await get(t.app, '/datasets?limit=1000')).body.find((dataset: Xml) => dataset.name === 'Delft road traffic speeds 2022');
    const document = await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${prefix}${example.identifier}`);
    const record = document.GetRecord.record[0] as Xml;
    expect(record.header).toEqual({ identifier: `${prefix}${example.identifier}`, datestamp: `${DAY1}T10:00:00Z`, setSpec: 'datasets' });
    const dc = record.metadata['oai_dc:dc'];
    expect(dc['@_xmlns:dc']).toBe('http://purl.org/dc/elements/1.1/');
    expect(dc['dc:title']).toEqual(['Delft road traffic speeds 2022', ...example.alternate_name]);
    expect(dc['dc:creator']).toEqual(['Jane Doe']);
    expect(dc['dc:subject']).toEqual(example.keyword);
    expect(dc['dc:type']).toEqual(['Dataset', 'dataset']);
    expect(dc['dc:identifier']).toEqual([`http://localhost/datasets/${example.identifier}`]);
    expect(dc['dc:rights']).toBe(example.license);
    expect(dc['dc:source']).toBe(example.same_as);
    expect(JSON.stringify(record)).not.toMatch(/@[a-z0-9-]+\.[a-z]/i);
  });

  it('pages a whole list with resumption tokens: every published resource once, drafts never, in a constant number of queries a page', async () => {
    const { entries, cursors, pages } = await harvest('ListIdentifiers', 'metadataPrefix=oai_dc&set=datasets');
    const identifiers = entries.map((entry) => headerOf(entry).identifier as string);
    expect(new Set(identifiers).size).toBe(identifiers.length);
    for (const identifier of datasets) expect(identifiers).toContain(`${prefix}${identifier}`);
    expect(identifiers).not.toContain(`${prefix}${draft}`);
    const published = (await get(t.app, '/datasets?limit=1000')).body.length;
    expect(identifiers).toHaveLength(published);
    expect(pages).toBe(Math.ceil(published / OAI_PAGE_SIZE));
    expect(cursors).toEqual(Array.from({ length: pages }, (_, page) => String(page * OAI_PAGE_SIZE)));

    // Full records, page by page: two reads of headers, the page's bodies, their creators (two
    // hops), whatever the page's size.
    t.queries.reset();
    const datasetRecords = await harvest('ListRecords', 'metadataPrefix=oai_dc&set=datasets');
    expect(datasetRecords.pages).toBe(pages);
    expect(t.queries.count).toBeLessThanOrEqual(5 * pages);
    const records = await harvest('ListRecords', 'metadataPrefix=oai_dc');
    const sets = new Set(records.entries.map((entry) => headerOf(entry).setSpec));
    expect(sets).toEqual(new Set(['case_studies', 'computational_assets', 'datasets', 'educational_resources', 'events', 'experiments', 'ml_models', 'news', 'projects', 'publications', 'resource_bundles', 'services']));
  });

  it('harvests incrementally: changes and deletions since a time, deletions marked and kept', async () => {
    t.catalogue.now = () => new Date(`${DAY2}T08:30:00.500Z`);
    const [changed, deleted] = datasets as [string, string];
    expect((await patch(t.app, `/datasets/${changed}`, { name: 'Harvested, renamed' })).status).toBe(200);
    expect((await del(t.app, `/datasets/${deleted}`)).status).toBe(200);
    expect((await del(t.appAs(testUser('alice')), `/datasets/${draft}`)).status).toBe(200);

    // From a day: the day's changes and deletions; until a day includes the whole day.
    for (const window of [`from=${DAY2}`, `from=${DAY2}&until=${DAY2}`, `from=${DAY2}T08:30:00Z`, `from=${DAY2}T08:30:00Z&until=${DAY2}T08:30:00Z`]) {
      const { entries } = await harvest('ListRecords', `metadataPrefix=oai_dc&${window}`);
      expect(entries.map((entry) => headerOf(entry).identifier), window).toEqual([`${prefix}${changed}`, `${prefix}${deleted}`].sort());
      const byId = new Map(entries.map((entry) => [headerOf(entry).identifier, entry]));
      expect(byId.get(`${prefix}${changed}`)?.metadata['oai_dc:dc']['dc:title']).toEqual(['Harvested, renamed']);
      const gone = byId.get(`${prefix}${deleted}`) as Xml;
      expect(gone.header).toEqual({ '@_status': 'deleted', identifier: `${prefix}${deleted}`, datestamp: `${DAY2}T08:30:00Z`, setSpec: 'datasets' });
      expect(gone.metadata).toBeUndefined();
    }
    // Before DAY2 nothing of it; the deleted record is still told as deleted by GetRecord.
    const before = await harvest('ListIdentifiers', `metadataPrefix=oai_dc&until=${DAY1}`);
    expect(before.entries.map((entry) => headerOf(entry).identifier)).not.toContain(`${prefix}${changed}`);
    const record = (await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${prefix}${deleted}`)).GetRecord.record[0];
    expect(record.header['@_status']).toBe('deleted');
    // A draft deleted was never offered, so its deletion is not either.
    expect(errorsOf(await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${prefix}${draft}`))).toEqual(['idDoesNotExist']);
    expect(errorsOf(await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${DAY2}T09:00:00Z`))).toEqual(['noRecordsMatch']);
  });

  it('answers bad requests with the protocol errors, in XML', async () => {
    // Persons are published assets, but not offered: they describe people.
    const person = (await get(t.app, '/persons?limit=1')).body[0].identifier;
    expect(person).toMatch(/^prsn_/);
    const cases: Array<[string, string[]]> = [
      ['', ['badVerb']],
      ['verb=Harvest', ['badVerb']],
      ['verb=Identify&verb=ListSets', ['badVerb']],
      ['verb=Identify&metadataPrefix=oai_dc', ['badArgument']],
      ['verb=ListRecords', ['badArgument']],
      ['verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc', ['badArgument']],
      ['verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x', ['badArgument']],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-02-30', ['badArgument']],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-03-01T10:00Z', ['badArgument']],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-03-01&until=2026-03-02T00:00:00Z', ['badArgument']],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-03-02&until=2026-03-01', ['badArgument']],
      ['verb=ListRecords&metadataPrefix=marc21', ['cannotDisseminateFormat']],
      ['verb=ListRecords&resumptionToken=bm90LWEtdG9rZW4', ['badResumptionToken']],
      ['verb=ListSets&resumptionToken=abc', ['badResumptionToken']],
      ['verb=ListRecords&metadataPrefix=oai_dc&set=persons', ['noRecordsMatch']],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2031-01-01', ['noRecordsMatch']],
      ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere.org:data_x', ['idDoesNotExist']],
      ['verb=GetRecord&metadataPrefix=oai_dc', ['badArgument']],
      [`verb=GetRecord&metadataPrefix=oai_dc&identifier=${prefix}${person}`, ['idDoesNotExist']],
    ];
    for (const [query, codes] of cases) {
      const document = await oai(query);
      expect(errorsOf(document), query).toEqual(codes);
      // The request element echoes the arguments only when they were accepted.
      if (codes[0] === 'badVerb' || codes[0] === 'badArgument') expect(document.request, query).toBe('http://localhost/oai');
    }
  });

  it('takes its arguments as a form POST too, and writes any text as well-formed XML', async () => {
    const odd = await post(t.app, '/datasets', { name: 'R&D <tools> "quoted" \u0001bell', description: { plain: 'a < b && c > d' } });
    expect(odd.status).toBe(200);
    const response = await call(t.app, 'POST', '/oai', {
      body: `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(`${prefix}${odd.body.identifier}`)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(200);
    expect(XMLValidator.validate(response.text)).toBe(true);
    const dc = parser.parse(response.text)['OAI-PMH'].GetRecord.record[0].metadata['oai_dc:dc'];
    expect(response.text).toContain('R&amp;D &lt;tools&gt;');
    expect(dc['dc:title']).toEqual(['R&D <tools> "quoted" bell']);
    expect(dc['dc:description']).toBe('a < b && c > d');
  });
});
