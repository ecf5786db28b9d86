import { describe, expect, it } from 'vitest';
import { convertAsset } from './index.ts';
import { context, dataset, ids, jane, readObjectOf, related, url } from './test-fixtures.ts';
import { type ExpandedNode, emptyValues, expandSafely, iris, literals, schema, valuesOf } from './test-json-ld.ts';

const convert = (object = dataset) => convertAsset('schema.org', 'dataset', object, context);

async function expanded(object = dataset): Promise<ExpandedNode> {
  const [node] = await expandSafely(convert(object));
  return node as ExpandedNode;
}

describe('schema.org Dataset', () => {
  it('is JSON-LD with an inline context that expands every term to a schema.org IRI', async () => {
    const document = convert();
    expect(document['@context']).toMatchObject({ '@vocab': 'http://schema.org/' });
    const nodes = await expandSafely(document);
    expect(nodes).toHaveLength(1);
    expect(nodes[0]?.['@type']).toEqual([schema('Dataset')]);
    for (const key of Object.keys(nodes[0] ?? {}).filter((key) => !key.startsWith('@'))) {
      expect(key.startsWith('http://schema.org/')).toBe(true);
    }
  });

  it("is identified by the asset's URL in this API, not a placeholder", async () => {
    const node = await expanded();
    expect(node['@id']).toBe(url.dataset);
    expect(iris(node, schema('url'))).toEqual([url.dataset]);
    expect(literals(node, schema('identifier'))).toEqual([ids.dataset]);
    expect(iris(node, schema('sameAs'))).toEqual(['https://zenodo.org/records/7654321']);
  });

  it('maps the descriptive fields', async () => {
    const node = await expanded();
    expect(literals(node, schema('name'))).toEqual(['Delft road traffic speeds 2022']);
    expect(literals(node, schema('alternateName'))).toEqual(['Delft traffic 2022']);
    // The plain description is preferred over the HTML one.
    expect(literals(node, schema('description'))).toEqual([
      'Five-minute average traffic speeds on 1,204 road segments of Delft for 2022.',
    ]);
    expect(literals(node, schema('keywords'))).toEqual(['traffic', 'mobility', 'time series']);
    expect(literals(node, schema('license'))).toEqual(['CC-BY-4.0']);
    expect(literals(node, schema('version'))).toEqual(['1.0.0']);
    expect(literals(node, schema('issn'))).toEqual(['20493630']);
    expect(literals(node, schema('measurementTechnique'))).toEqual(['induction loop detectors']);
    expect(literals(node, schema('temporalCoverage'))).toEqual(['2022-01-01/2022-12-31']);
  });

  it('types its dates as schema.org DateTime: published on the platform, modified in the catalogue', async () => {
    const node = await expanded();
    expect(valuesOf(node, schema('datePublished'))).toEqual([
      { '@value': '2023-01-10T09:00:00.000Z', '@type': schema('DateTime') },
    ]);
    expect(valuesOf(node, schema('dateModified'))).toEqual([
      { '@value': '2024-03-05T08:30:00.000Z', '@type': schema('DateTime') },
    ]);
  });

  it('takes isAccessibleForFree from the data, and omits it when the data does not say', async () => {
    expect(literals(await expanded(), schema('isAccessibleForFree'))).toEqual([true]);
    const notFree = readObjectOf('dataset', ids.dataset, { name: 'Paid data', is_accessible_for_free: false });
    expect(literals(await expanded(notFree), schema('isAccessibleForFree'))).toEqual([false]);
    const unknown = readObjectOf('dataset', ids.dataset, { name: 'Unknown terms' });
    expect(convert(unknown)).not.toHaveProperty('isAccessibleForFree');
  });

  it('types each creator by what its contact belongs to: person, organisation, or just a name', async () => {
    const creators = valuesOf(await expanded(), schema('creator'));
    expect(creators).toHaveLength(3);
    const [person, organisation, named] = creators;

    expect(person?.['@type']).toEqual([schema('Person')]);
    expect(person?.['@id']).toBe(url.jane);
    // Given name and surname, not the person's raw name ("Doe, J.") nor the contact's name.
    expect(literals(person, schema('name'))).toEqual(['Jane Doe']);
    expect(literals(person, schema('givenName'))).toEqual(['Jane']);
    expect(literals(person, schema('familyName'))).toEqual(['Doe']);
    expect(literals(person, schema('email'))).toEqual(['jane.doe@example.org']);
    const affiliation = valuesOf(person, schema('affiliation'));
    expect(affiliation.map((node) => node['@id'])).toEqual([url.lab]);
    expect(affiliation[0]?.['@type']).toEqual([schema('Organization')]);

    expect(organisation?.['@type']).toEqual([schema('Organization')]);
    expect(organisation?.['@id']).toBe(url.lab);
    expect(literals(organisation, schema('name'))).toEqual(['Delft AI Lab for Mobility']);
    expect(literals(organisation, schema('legalName'))).toEqual(['Stichting Delft AI Lab for Mobility']);

    expect(named?.['@type']).toEqual([schema('Person')]);
    expect(literals(named, schema('name'))).toEqual(['Data desk']);
    // The masked address an anonymous caller sees is not an e-mail address.
    expect(named).not.toHaveProperty([schema('email')]);
    expect(named).not.toHaveProperty('@id');
  });

  it('types each funder as the person or organisation it is, named like a creator', async () => {
    const funders = valuesOf(await expanded(), schema('funder'));
    expect(funders.map((funder) => [funder['@id'], funder['@type']])).toEqual([
      [url.lab, [schema('Organization')]],
      [url.foundation, [schema('Organization')]],
    ]);
    const fundedByJane = readObjectOf('dataset', ids.dataset, { name: 'Funded by a person', funder: [ids.jane] });
    const [person] = valuesOf(await expanded(fundedByJane), schema('funder'));
    expect(person?.['@type']).toEqual([schema('Person')]);
    expect(literals(person, schema('name'))).toEqual(['Jane Doe']);
  });

  it('cites publications by URL and name', async () => {
    const citations = valuesOf(await expanded(), schema('citation'));
    expect(citations).toHaveLength(1);
    expect(citations[0]?.['@type']).toEqual([schema('ScholarlyArticle')]);
    expect(citations[0]?.['@id']).toBe(url.publication);
    expect(literals(citations[0], schema('name'))).toEqual([
      'Explainable graph neural networks for city-scale traffic forecasting',
    ]);
    expect(iris(citations[0], schema('sameAs'))).toEqual(['https://doi.org/10.1234/example.traffic.2023']);
  });

  it('skips referenced assets that are not in related, and needs nothing else loaded for parts', async () => {
    const document = JSON.stringify(convert());
    expect(document).not.toContain(ids.unknownContact);
    expect(document).not.toContain(ids.unknownPublication);
    expect(document).not.toContain(ids.unknownOrganisation);
    expect(iris(await expanded(), schema('hasPart'))).toEqual([url.otherDataset]);
    // Without anything loaded, only the embedded contacts can still be described.
    const bare = convertAsset('schema.org', 'dataset', dataset, { ...context, related: new Map() });
    expect(bare).not.toHaveProperty('funder');
    expect(bare).not.toHaveProperty('citation');
    expect((bare.creator as unknown[]).length).toBe(2);
  });

  it('describes each distribution as a DataDownload', async () => {
    const distributions = valuesOf(await expanded(), schema('distribution'));
    expect(distributions).toHaveLength(2);
    const [csv, graph] = distributions;
    expect(csv?.['@type']).toEqual([schema('DataDownload')]);
    expect(iris(csv, schema('contentUrl'))).toEqual(['https://zenodo.org/records/7654321/files/speeds-2022.csv.gz']);
    expect(literals(csv, schema('encodingFormat'))).toEqual(['text/csv']);
    expect(literals(csv, schema('contentSize'))).toEqual(['1450000 kB']);
    expect(literals(csv, schema('name'))).toEqual(['speeds-2022.csv.gz']);
    expect(literals(csv, schema('description'))).toEqual(['Speeds per segment and five-minute interval.']);
    // md5 has no schema.org property; SHA-256 has.
    expect(csv).not.toHaveProperty([schema('sha256')]);
    expect(literals(graph, schema('sha256'))).toEqual(['E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855']);
    expect(literals(graph, schema('contentSize'))).toEqual(['2300 kB']);
  });

  it('gives the spatial coverage as a Place with address and coordinates', async () => {
    const [place] = valuesOf(await expanded(), schema('spatialCoverage'));
    expect(place?.['@type']).toEqual([schema('Place')]);
    const [address] = valuesOf(place, schema('address'));
    expect(address?.['@type']).toEqual([schema('PostalAddress')]);
    expect(literals(address, schema('addressLocality'))).toEqual(['Delft']);
    expect(literals(address, schema('addressRegion'))).toEqual(['South Holland']);
    expect(literals(address, schema('addressCountry'))).toEqual(['Netherlands']);
    const [geo] = valuesOf(place, schema('geo'));
    expect(geo?.['@type']).toEqual([schema('GeoCoordinates')]);
    expect(literals(geo, schema('latitude'))).toEqual([52.0116]);
    expect(literals(geo, schema('longitude'))).toEqual([4.3571]);
    expect(literals(geo, schema('elevation'))).toEqual([-2]);
  });

  it('gives the size as a quantity in its own unit', async () => {
    const [size] = valuesOf(await expanded(), schema('size'));
    expect(size?.['@type']).toEqual([schema('QuantitativeValue')]);
    expect(literals(size, schema('value'))).toEqual([126489600]);
    expect(literals(size, schema('unitText'))).toEqual(['rows']);
  });

  it('omits absent fields: no nulls, no empty lists, no empty nodes', async () => {
    const minimal = readObjectOf('dataset', ids.dataset, { name: 'Just a name', spatial_coverage: { geo: {} }, size: {} });
    const document = convert(minimal);
    expect(emptyValues(document)).toEqual([]);
    expect(Object.keys(document).sort()).toEqual(['@context', '@id', '@type', 'dateModified', 'identifier', 'name', 'url']);
    await expandSafely(document);
  });

  it('leaves out URLs that are not absolute instead of making relative IRIs', async () => {
    const sloppy = readObjectOf('dataset', ids.dataset, {
      name: 'Sloppy links',
      same_as: 'www.example.org/data',
      distribution: [{ name: 'file', content_url: 'files/data.csv' }],
    });
    const document = convert(sloppy);
    expect(document).not.toHaveProperty('sameAs');
    expect(document.distribution).toEqual([{ '@type': 'DataDownload', name: 'file' }]);
  });

  it('does not change the read objects it converts', () => {
    const before = JSON.stringify([dataset, [...related.entries()], jane]);
    convert();
    expect(JSON.stringify([dataset, [...related.entries()], jane])).toBe(before);
  });
});
