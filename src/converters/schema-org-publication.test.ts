import { describe, expect, it } from 'vitest';
import { convertAsset } from './index.ts';
import { context, ids, publication, readObjectOf, url } from './test-fixtures.ts';
import { type ExpandedNode, emptyValues, expandSafely, iris, literals, schema, valuesOf } from './test-json-ld.ts';

async function expanded(object = publication): Promise<ExpandedNode> {
  const [node] = await expandSafely(convertAsset('schema.org', 'publication', object, context));
  return node as ExpandedNode;
}

describe('schema.org ScholarlyArticle', () => {
  it('is a ScholarlyArticle at its URL, identified by AIoD identifier and DOI', async () => {
    const node = await expanded();
    expect(node['@type']).toEqual([schema('ScholarlyArticle')]);
    expect(node['@id']).toBe(url.publication);
    expect(iris(node, schema('url'))).toEqual([url.publication]);
    expect(literals(node, schema('identifier'))).toEqual([ids.publication, 'https://doi.org/10.1234/example.traffic.2023']);
  });

  it('maps the article fields', async () => {
    const node = await expanded();
    expect(literals(node, schema('name'))).toEqual(['Explainable graph neural networks for city-scale traffic forecasting']);
    expect(literals(node, schema('genre'))).toEqual(['Journal Article']);
    expect(literals(node, schema('text'))).toEqual(['Full text of the article.']);
    expect(literals(node, schema('license'))).toEqual(['CC-BY-4.0']);
    expect(literals(node, schema('isAccessibleForFree'))).toEqual([false]);
    expect(literals(node, schema('keywords'))).toEqual(['traffic forecasting', 'explainability']);
    expect(valuesOf(node, schema('datePublished'))).toEqual([{ '@value': '2023-06-15T00:00:00.000Z', '@type': schema('DateTime') }]);
  });

  it('puts ISSN and ISBN on the periodical and book the article is part of', async () => {
    const containers = valuesOf(await expanded(), schema('isPartOf'));
    expect(containers.map((container) => [container['@type'], literals(container, schema('issn')), literals(container, schema('isbn'))])).toEqual([
      [[schema('Periodical')], ['20493630'], []],
      [[schema('Book')], [], ['9783161484100']],
    ]);
  });

  it('names its creators like a dataset does, skipping unknown contacts', async () => {
    const creators = valuesOf(await expanded(), schema('creator'));
    expect(creators.map((creator) => [creator['@type'], creator['@id'], literals(creator, schema('name'))])).toEqual([
      [[schema('Person')], url.jane, ['Jane Doe']],
    ]);
    expect(await expanded()).not.toHaveProperty([schema('citation')]);
  });

  it('is about the loaded assets it documents', async () => {
    const about = valuesOf(await expanded(), schema('about'));
    expect(about.map((asset) => [asset['@type'], asset['@id'], literals(asset, schema('name'))])).toEqual([
      [[schema('Dataset')], url.dataset, ['Delft road traffic speeds 2022']],
    ]);
  });

  it('offers its files as MediaObjects', async () => {
    const [pdf] = valuesOf(await expanded(), schema('associatedMedia'));
    expect(pdf?.['@type']).toEqual([schema('MediaObject')]);
    expect(iris(pdf, schema('contentUrl'))).toEqual(['https://www.example.org/papers/traffic-gnn-2023.pdf']);
    expect(literals(pdf, schema('encodingFormat'))).toEqual(['application/pdf']);
    expect(literals(pdf, schema('contentSize'))).toEqual(['850 kB']);
  });

  it('omits what a minimal publication does not have', async () => {
    const minimal = convertAsset('schema.org', 'publication', readObjectOf('publication', ids.publication, { name: 'Untitled' }), context);
    expect(emptyValues(minimal)).toEqual([]);
    expect(minimal.identifier).toBe(ids.publication);
    for (const absent of ['isPartOf', 'about', 'creator', 'associatedMedia', 'isAccessibleForFree', 'license', 'genre']) {
      expect(minimal).not.toHaveProperty(absent);
    }
    await expandSafely(minimal);
  });
});
