import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listRecordsUrl, OaiParseError, parseOaiPage, platformIdOf, recordNumberOf } from './oai-pmh.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/zenodo/${name}`, import.meta.url), 'utf8');

describe('OAI-PMH pages', () => {
  it('reads the records, their headers and the resumption token of a recorded Zenodo page', () => {
    const page = parseOaiPage(fixture('list_records_1.xml'));
    expect(page.errors).toEqual([]);
    expect(page.records).toHaveLength(26);
    expect(page.resumptionToken).toBe('.resumption-token-to-page-2');
    const record = page.records.find((item) => item.header.identifier === 'oai:zenodo.org:7947283');
    expect(record?.header).toEqual({ identifier: 'oai:zenodo.org:7947283', datestamp: '2023-05-23T08:38:27Z', deleted: false });
    expect(record?.resource).toBeDefined();
  });

  it('reads a deleted header (no metadata) and an empty token on the last page', () => {
    const page = parseOaiPage(`<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>
      <record><header status="deleted"><identifier>oai:zenodo.org:5</identifier><datestamp>2024-01-02T00:00:00Z</datestamp></header></record>
      <resumptionToken cursor="2" completeListSize="3"/></ListRecords></OAI-PMH>`);
    expect(page.records).toEqual([{ header: { identifier: 'oai:zenodo.org:5', datestamp: '2024-01-02T00:00:00Z', deleted: true }, resource: undefined }]);
    expect(page.resumptionToken).toBeUndefined();
  });

  it('reads OAI errors', () => {
    const page = parseOaiPage(`<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="noRecordsMatch">empty
      list</error></OAI-PMH>`);
    expect(page.errors).toEqual([{ code: 'noRecordsMatch', message: 'empty list' }]);
    expect(page.records).toEqual([]);
  });

  it('refuses what is not an OAI-PMH document', () => {
    expect(() => parseOaiPage('<html><body>Unprocessable</body></html>')).toThrow(OaiParseError);
    expect(() => parseOaiPage('')).toThrow(OaiParseError);
  });

  it('builds first-page and token requests (a token is the only argument besides the verb)', () => {
    expect(String(listRecordsUrl('https://zenodo.org/', { from: '2024-01-02', until: '2024-01-02' }))).toBe(
      'https://zenodo.org/oai2d?verb=ListRecords&metadataPrefix=oai_datacite&from=2024-01-02&until=2024-01-02',
    );
    expect(String(listRecordsUrl('https://zenodo.org', { resumptionToken: 'a b+c' }))).toBe(
      'https://zenodo.org/oai2d?verb=ListRecords&resumptionToken=a+b%2Bc',
    );
  });

  it('keeps the platform id AIoD used and finds the record number in it', () => {
    expect(platformIdOf('oai:zenodo.org:7947283')).toBe('zenodo.org:7947283');
    expect(recordNumberOf('zenodo.org:7947283')).toBe('7947283');
    expect(recordNumberOf('zenodo.org:abc')).toBeUndefined();
  });
});
