import { describe, expect, it } from 'vitest';
import { convertAsset } from './index.ts';
import { context, ids, jane, readObjectOf, url } from './test-fixtures.ts';
import { type ExpandedNode, emptyValues, expandSafely, iris, literals, schema, valuesOf } from './test-json-ld.ts';

async function expanded(object = jane): Promise<ExpandedNode> {
  const [node] = await expandSafely(convertAsset('schema.org', 'person', object, context));
  return node as ExpandedNode;
}

describe('schema.org Person', () => {
  it('is a Person at its URL, named from given name and surname', async () => {
    const node = await expanded();
    expect(node['@type']).toEqual([schema('Person')]);
    expect(node['@id']).toBe(url.jane);
    expect(literals(node, schema('identifier'))).toEqual([ids.jane]);
    expect(literals(node, schema('name'))).toEqual(['Jane Doe']);
    expect(literals(node, schema('givenName'))).toEqual(['Jane']);
    expect(literals(node, schema('familyName'))).toEqual(['Doe']);
    expect(iris(node, schema('sameAs'))).toEqual(['https://orcid.org/0000-0002-1825-0097']);
  });

  it('keeps the name when given name and surname are absent', async () => {
    const named = readObjectOf('person', ids.jane, { name: 'Prof. X' });
    expect(literals(await expanded(named), schema('name'))).toEqual(['Prof. X']);
  });

  it('maps expertise, languages and memberships, skipping organisations not loaded', async () => {
    const node = await expanded();
    expect(literals(node, schema('knowsAbout'))).toEqual(['graph neural networks', 'traffic forecasting']);
    expect(literals(node, schema('knowsLanguage'))).toEqual(['English', 'Dutch']);
    const memberOf = valuesOf(node, schema('memberOf'));
    expect(memberOf.map((organisation) => [organisation['@type'], organisation['@id']])).toEqual([[[schema('Organization')], url.lab]]);
  });

  it('takes e-mail and telephone from its contact details, only when present', async () => {
    const node = await expanded();
    expect(literals(node, schema('email'))).toEqual(['jane.doe@example.org']);
    expect(literals(node, schema('telephone'))).toEqual(['+31 15 000 0000']);
    const unreachable = convertAsset('schema.org', 'person', jane, { ...context, related: new Map() });
    expect(unreachable).not.toHaveProperty('email');
    expect(unreachable).not.toHaveProperty('telephone');
    expect(unreachable).not.toHaveProperty('memberOf');
  });

  it('omits what a minimal person does not have', async () => {
    const minimal = convertAsset('schema.org', 'person', readObjectOf('person', ids.jane, { name: 'Someone' }), context);
    expect(emptyValues(minimal)).toEqual([]);
    expect(Object.keys(minimal).sort()).toEqual(['@context', '@id', '@type', 'identifier', 'name', 'url']);
    await expandSafely(minimal);
  });
});
