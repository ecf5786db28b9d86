import { describe, expect, it } from 'vitest';
import { convertAsset } from './index.ts';
import { context, ids, lab, readObjectOf, url } from './test-fixtures.ts';
import { type ExpandedNode, emptyValues, expandSafely, iris, literals, schema, valuesOf } from './test-json-ld.ts';

async function expanded(object = lab): Promise<ExpandedNode> {
  const [node] = await expandSafely(convertAsset('schema.org', 'organisation', object, context));
  return node as ExpandedNode;
}

describe('schema.org Organization', () => {
  it('is an Organization at its URL with name, legal name and founding date', async () => {
    const node = await expanded();
    expect(node['@type']).toEqual([schema('Organization')]);
    expect(node['@id']).toBe(url.lab);
    expect(literals(node, schema('name'))).toEqual(['Delft AI Lab for Mobility']);
    expect(literals(node, schema('legalName'))).toEqual(['Stichting Delft AI Lab for Mobility']);
    expect(valuesOf(node, schema('foundingDate'))).toEqual([{ '@value': '2019-03-01', '@type': schema('Date') }]);
    expect(literals(node, schema('keywords'))).toEqual(['mobility', 'open data']);
    expect(literals(node, schema('description'))).toEqual(['A research institute for traffic forecasting.']);
  });

  it('lists members typed as what they are', async () => {
    const members = valuesOf(await expanded(), schema('member'));
    expect(members.map((member) => [member['@type'], member['@id'], literals(member, schema('name'))])).toEqual([
      [[schema('Person')], url.jane, ['Jane Doe']],
      [[schema('Organization')], url.foundation, ['Open Mobility Foundation']],
    ]);
  });

  it('takes e-mail, telephone and locations from its contact details', async () => {
    const node = await expanded();
    expect(literals(node, schema('email'))).toEqual(['office@delft-ai-lab.example.org']);
    expect(literals(node, schema('telephone'))).toEqual(['+31 15 111 1111']);
    const [place] = valuesOf(node, schema('location'));
    const [address] = valuesOf(place, schema('address'));
    expect(literals(address, schema('addressCountry'))).toEqual(['Netherlands']);
    expect(literals(address, schema('name'))).toEqual(['Mekelweg 5, 2628 CD Delft']);
    expect(literals(valuesOf(place, schema('geo'))[0], schema('latitude'))).toEqual([52]);
  });

  it('shows image media as images and names its head-count band', async () => {
    const node = await expanded();
    const images = valuesOf(node, schema('image'));
    expect(images.map((image) => iris(image, schema('contentUrl')))).toEqual([['https://www.example.org/delft-ai-lab/logo.png']]);
    const [employees] = valuesOf(node, schema('numberOfEmployees'));
    expect(literals(employees, schema('name'))).toEqual(['<250']);
  });

  it('omits what a minimal organisation does not have', async () => {
    const minimal = convertAsset('schema.org', 'organisation', readObjectOf('organisation', ids.lab, { name: 'Org' }), context);
    expect(emptyValues(minimal)).toEqual([]);
    expect(Object.keys(minimal).sort()).toEqual(['@context', '@id', '@type', 'identifier', 'name', 'url']);
    await expandSafely(minimal);
  });
});
