import { describe, expect, it } from 'vitest';
import { FUNDER_ROLE } from './dcat-ap/agents.ts';
import { convertAsset } from './index.ts';
import { context, dataset, ids, readObjectOf, url } from './test-fixtures.ts';
import {
  type ExpandedNode,
  emptyValues,
  expandSafely,
  iris,
  literals,
  nodeWithId,
  nQuads,
  valuesOf,
  walk,
} from './test-json-ld.ts';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const VCARD = 'http://www.w3.org/2006/vcard/ns#';
const SPDX = 'http://spdx.org/rdf/terms#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const PROV = 'http://www.w3.org/ns/prov#';
const LOCN = 'http://www.w3.org/ns/locn#';

const convert = (object = dataset) => convertAsset('dcat-ap', 'dataset', object, context);

async function graph(object = dataset): Promise<ExpandedNode[]> {
  return expandSafely(convert(object));
}

async function datasetNode(object = dataset): Promise<ExpandedNode> {
  return nodeWithId(await graph(object), url.dataset) as ExpandedNode;
}

/** The prefixes of every compact IRI in a document: property names, types and @id values. */
function prefixesUsed(document: Record<string, unknown>): Set<string> {
  const compact = /^([A-Za-z][\w.-]*):(?!\/\/)/;
  const prefixes = new Set<string>();
  const note = (value: unknown) => {
    const match = typeof value === 'string' ? compact.exec(value) : null;
    if (match?.[1] !== undefined && !['mailto', 'tel'].includes(match[1])) prefixes.add(match[1]);
  };
  for (const { key, value } of walk(document['@graph'])) {
    if (key !== undefined && !key.startsWith('@')) note(key);
    if (key === '@type' || key === '@id') note(value);
  }
  return prefixes;
}

describe('DCAT-AP dataset', () => {
  it('is a JSON-LD graph with an inline context and no vocabulary to guess from', async () => {
    const document = convert();
    expect(Object.keys(document)).toEqual(['@context', '@graph']);
    expect(typeof document['@context']).toBe('object');
    expect(document['@context']).not.toHaveProperty('@vocab');
    const node = await datasetNode();
    expect(node['@type']).toEqual([`${DCAT}Dataset`]);
  });

  it('declares every prefix it uses (AIoD lacked spdx, owl, foaf and xsd)', () => {
    const document = convert();
    const declared = Object.keys(document['@context'] as object);
    const used = prefixesUsed(document);
    for (const prefix of ['dcat', 'dct', 'vcard', 'foaf', 'spdx', 'owl', 'xsd', 'prov', 'locn', 'gsp']) {
      expect(used).toContain(prefix);
    }
    expect([...used].filter((prefix) => !declared.includes(prefix))).toEqual([]);
  });

  it('describes the dataset', async () => {
    const node = await datasetNode();
    expect(literals(node, `${DCT}identifier`)).toEqual([ids.dataset]);
    expect(literals(node, `${DCT}title`)).toEqual(['Delft road traffic speeds 2022']);
    expect(literals(node, `${DCT}description`)).toEqual(['Five-minute average traffic speeds on 1,204 road segments of Delft for 2022.']);
    expect(literals(node, `${DCAT}keyword`)).toEqual(['traffic', 'mobility', 'time series']);
    expect(iris(node, `${DCAT}landingPage`)).toEqual(['https://zenodo.org/records/7654321']);
    expect(iris(node, `${FOAF}page`)).toEqual(['https://www.example.org/delft-traffic/docs']);
    expect(literals(node, 'http://www.w3.org/2002/07/owl#versionInfo')).toEqual(['1.0.0']);
    expect(valuesOf(node, `${DCT}issued`)).toEqual([{ '@value': '2023-01-10T09:00:00.000Z', '@type': `${XSD}dateTime` }]);
    expect(valuesOf(node, `${DCT}modified`)).toEqual([{ '@value': '2024-03-05T08:30:00.000Z', '@type': `${XSD}dateTime` }]);
    const [license] = valuesOf(node, `${DCT}license`);
    expect(license?.['@type']).toEqual([`${DCT}LicenseDocument`]);
    expect(literals(license, `${DCT}identifier`)).toEqual(['CC-BY-4.0']);
    const [publisher] = valuesOf(node, `${DCT}publisher`);
    expect(publisher?.['@type']).toEqual([`${FOAF}Agent`]);
    expect(literals(publisher, `${FOAF}name`)).toEqual(['zenodo']);
  });

  it('keeps every contact point as a vCard (AIoD kept only the last)', async () => {
    const expanded = await graph();
    const node = nodeWithId(expanded, url.dataset);
    expect(iris(node, `${DCAT}contactPoint`)).toEqual([url.janeContact, url.deskContact]);

    const janeCard = nodeWithId(expanded, url.janeContact);
    expect(janeCard?.['@type']).toEqual([`${VCARD}Individual`]);
    expect(literals(janeCard, `${VCARD}fn`)).toEqual(['Jane Doe (work)']);
    expect(literals(janeCard, `${VCARD}organization-name`)).toEqual(['Delft AI Lab for Mobility']);
    expect(iris(janeCard, `${VCARD}hasEmail`)).toEqual(['mailto:jane.doe@example.org']);
    expect(iris(janeCard, `${VCARD}hasTelephone`)).toEqual(['tel:+31150000000']);
    const [address] = valuesOf(janeCard, `${VCARD}hasAddress`);
    expect(literals(address, `${VCARD}street-address`)).toEqual(['Mekelweg 4']);
    expect(literals(address, `${VCARD}postal-code`)).toEqual(['2628 CD']);
    expect(literals(address, `${VCARD}country-name`)).toEqual(['Netherlands']);

    const deskCard = nodeWithId(expanded, url.deskContact);
    expect(literals(deskCard, `${VCARD}fn`)).toEqual(['Data desk']);
    // A masked address is no address: no mailto:******.
    expect(deskCard).not.toHaveProperty([`${VCARD}hasEmail`]);
  });

  it('keeps every creator, typed as person or organisation (AIoD kept only the last)', async () => {
    const expanded = await graph();
    const creators = valuesOf(nodeWithId(expanded, url.dataset), `${DCT}creator`);
    expect(creators).toHaveLength(3);
    expect(creators.slice(0, 2).map((creator) => creator['@id'])).toEqual([url.jane, url.lab]);
    const named = creators[2];
    expect(named?.['@type']).toEqual([`${FOAF}Person`]);
    expect(literals(named, `${FOAF}name`)).toEqual(['Data desk']);

    const janeNode = nodeWithId(expanded, url.jane);
    expect(janeNode?.['@type']).toEqual([`${FOAF}Person`]);
    expect(literals(janeNode, `${FOAF}name`)).toEqual(['Jane Doe']);
    expect(literals(janeNode, `${FOAF}givenName`)).toEqual(['Jane']);
    expect(literals(janeNode, `${FOAF}familyName`)).toEqual(['Doe']);
    expect(iris(janeNode, `${FOAF}mbox`)).toEqual(['mailto:jane.doe@example.org']);
    expect(nodeWithId(expanded, url.lab)?.['@type']).toEqual([`${FOAF}Organization`]);
  });

  it('gives funders the funder role through qualified attributions, one node per agent', async () => {
    const expanded = await graph();
    const attributions = valuesOf(nodeWithId(expanded, url.dataset), `${PROV}qualifiedAttribution`);
    expect(attributions.map((attribution) => [iris(attribution, `${PROV}agent`), iris(attribution, `${DCAT}hadRole`)])).toEqual([
      [[url.lab], [FUNDER_ROLE]],
      [[url.foundation], [FUNDER_ROLE]],
    ]);
    expect(literals(nodeWithId(expanded, url.foundation), `${FOAF}name`)).toEqual(['Open Mobility Foundation']);
    // The lab creates and funds: one node, with what both descriptions know.
    const labNodes = expanded.filter((node) => node['@id'] === url.lab);
    expect(labNodes).toHaveLength(1);
    expect(iris(labNodes[0], `${FOAF}mbox`)).toEqual(['mailto:office@delft-ai-lab.example.org']);
  });

  it('describes each distribution with URLs, media type, size in bytes and SPDX checksum', async () => {
    const expanded = await graph();
    const distributionIds = iris(nodeWithId(expanded, url.dataset), `${DCAT}distribution`);
    expect(distributionIds).toEqual([`${url.dataset}#distribution-1`, `${url.dataset}#distribution-2`]);
    const [csv, json] = distributionIds.map((id) => nodeWithId(expanded, id as string));

    expect(csv?.['@type']).toEqual([`${DCAT}Distribution`]);
    expect(literals(csv, `${DCT}title`)).toEqual(['speeds-2022.csv.gz']);
    expect(literals(csv, `${DCT}description`)).toEqual(['Speeds per segment and five-minute interval.']);
    const csvUrl = 'https://zenodo.org/records/7654321/files/speeds-2022.csv.gz';
    expect(iris(csv, `${DCAT}accessURL`)).toEqual([csvUrl]);
    expect(iris(csv, `${DCAT}downloadURL`)).toEqual([csvUrl]);
    expect(literals(csv, `${DCT}format`)).toEqual(['text/csv']);
    expect(iris(csv, `${DCAT}mediaType`)).toEqual(['http://www.iana.org/assignments/media-types/text/csv']);
    expect(valuesOf(csv, `${DCAT}byteSize`)).toEqual([{ '@value': '1450000000', '@type': `${XSD}decimal` }]);
    expect(valuesOf(csv, `${DCT}issued`)).toEqual([{ '@value': '2023-01-10T09:00:00.000Z', '@type': `${XSD}dateTime` }]);
    expect(literals(valuesOf(csv, `${DCT}license`)[0], `${DCT}identifier`)).toEqual(['CC-BY-4.0']);

    const [md5] = valuesOf(csv, `${SPDX}checksum`);
    expect(md5?.['@type']).toEqual([`${SPDX}Checksum`]);
    expect(iris(md5, `${SPDX}algorithm`)).toEqual([`${SPDX}checksumAlgorithm_md5`]);
    expect(valuesOf(md5, `${SPDX}checksumValue`)).toEqual([{ '@value': '9e107d9d372bb6826bd81d3542a419d6', '@type': `${XSD}hexBinary` }]);

    const [sha256] = valuesOf(json, `${SPDX}checksum`);
    // "SHA-256" as AIoD stores it is SPDX's sha256.
    expect(iris(sha256, `${SPDX}algorithm`)).toEqual([`${SPDX}checksumAlgorithm_sha256`]);
    expect(valuesOf(json, `${DCAT}byteSize`)).toEqual([{ '@value': '2300000', '@type': `${XSD}decimal` }]);
  });

  it('leaves out a checksum whose algorithm is missing or unknown', () => {
    const object = readObjectOf('dataset', ids.dataset, {
      name: 'Odd checksums',
      distribution: [
        { name: 'a', checksum: 'abc123' },
        { name: 'b', checksum: 'abc123', checksum_algorithm: 'crc-32-custom' },
      ],
    });
    const distributions = (convert(object)['@graph'] as Array<Record<string, unknown>>).slice(1);
    expect(distributions).toHaveLength(2);
    for (const distribution of distributions) expect(distribution).not.toHaveProperty('spdx:checksum');
  });

  it('links cited publications, skipping those not loaded', async () => {
    const expanded = await graph();
    expect(iris(nodeWithId(expanded, url.dataset), `${DCT}isReferencedBy`)).toEqual([url.publication]);
    const article = nodeWithId(expanded, url.publication);
    expect(article?.['@type']).toEqual([`${DCT}BibliographicResource`]);
    expect(literals(article, `${DCT}identifier`)).toEqual(['https://doi.org/10.1234/example.traffic.2023']);
    const text = JSON.stringify(convert());
    for (const unknown of [ids.unknownContact, ids.unknownOrganisation, ids.unknownPublication]) expect(text).not.toContain(unknown);
  });

  it('gives spatial coverage as a dct:Location and temporal coverage as a dct:PeriodOfTime', async () => {
    const node = await datasetNode();
    const [location] = valuesOf(node, `${DCT}spatial`);
    expect(location?.['@type']).toEqual([`${DCT}Location`]);
    expect(valuesOf(location, `${DCAT}centroid`)).toEqual([
      { '@value': 'POINT(4.3571 52.0116)', '@type': 'http://www.opengis.net/ont/geosparql#wktLiteral' },
    ]);
    const [address] = valuesOf(location, `${LOCN}address`);
    expect(literals(address, `${LOCN}postName`)).toEqual(['Delft']);
    expect(literals(address, `${LOCN}adminUnitL1`)).toEqual(['Netherlands']);
    const [period] = valuesOf(node, `${DCT}temporal`);
    expect(valuesOf(period, `${DCAT}startDate`)).toEqual([{ '@value': '2022-01-01', '@type': `${XSD}date` }]);
    expect(valuesOf(period, `${DCAT}endDate`)).toEqual([{ '@value': '2022-12-31', '@type': `${XSD}date` }]);
  });

  it('relates parts and relevant resources by their URLs', async () => {
    const node = await datasetNode();
    expect(iris(node, `${DCT}hasPart`)).toEqual([url.otherDataset]);
    expect(iris(node, `${DCT}relation`)).toEqual([url.mlModel]);
  });

  it('converts to RDF with the triples DCAT-AP readers look for', async () => {
    const quads = await nQuads(convert());
    const dataset = `<${url.dataset}>`;
    expect(quads).toContain(`${dataset} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${DCAT}Dataset> .`);
    expect(quads).toContain(`${dataset} <${DCT}issued> "2023-01-10T09:00:00.000Z"^^<${XSD}dateTime> .`);
    expect(quads.filter((quad) => quad.startsWith(`${dataset} <${DCAT}contactPoint>`))).toHaveLength(2);
    expect(quads.filter((quad) => quad.startsWith(`${dataset} <${DCT}creator>`))).toHaveLength(3);
    expect(quads.filter((quad) => quad.startsWith(`${dataset} <${DCAT}distribution>`))).toHaveLength(2);
  });

  it('omits absent fields: a bare dataset is one node without nulls or empty lists', async () => {
    const minimal = readObjectOf('dataset', ids.dataset, { name: 'Bare', temporal_coverage: '2022/P1Y', spatial_coverage: {} });
    const document = convert(minimal);
    expect(emptyValues(document)).toEqual([]);
    const nodes = document['@graph'] as Array<Record<string, unknown>>;
    expect(nodes).toHaveLength(1);
    expect(Object.keys(nodes[0] ?? {}).sort()).toEqual(['@id', '@type', 'dct:identifier', 'dct:modified', 'dct:publisher', 'dct:title']);
    await expandSafely(document);
  });
});
