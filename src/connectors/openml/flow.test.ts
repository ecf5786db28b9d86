import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mlModels } from '../../database/model/resources/ml-models.ts';
import { flowDescription, isSkippedFlow, mapFlow } from './flow.ts';
import { MappingError } from './values.ts';
import { createBodyProblem } from '../test-bodies.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/fixtures/openml/${name}`, import.meta.url), 'utf8'));
const SAME_AS = 'https://www.openml.org/api/v1/json/flow/1';

describe('OpenML flow mapping', () => {
  const flow = flowDescription(fixture('mlmodel_1.json'));

  it('maps a recorded flow as AIoD did (§5.5) into a valid create body', () => {
    const { body, related } = mapFlow(flow, SAME_AS);
    expect(body).toMatchObject({
      name: 'openml.evaluation.EuclideanDistance',
      same_as: SAME_AS,
      description: { plain: 'An implementation of the evaluation measure "EuclideanDistance"' },
      date_published: '2014-01-16T14:12:56',
      license: 'public domain',
      version: '1',
      is_accessible_for_free: true,
      keyword: flow.tag,
      distribution: [{ dependency: 'Build on top of Weka API (Jar version 3.?.?)', installation: 'Runs on OpenML servers' }],
    });
    expect(related.map((record) => record.body.name)).toEqual(['Jan N. van Rijn', ...(flow.contributor as string[])]);
    expect(body.creator).toEqual(related.map((record) => `@contacts:${record.platformResourceIdentifier}`));
    expect(createBodyProblem(mlModels, body)).toBeUndefined();
  });

  it('prefers the full description, adds the binary URL, and has no distribution without any of the three', () => {
    const withBinary = mapFlow({ ...flow, full_description: 'Full text.', binary_url: 'https://example.org/flow.jar' }, SAME_AS).body;
    expect(withBinary.description).toEqual({ plain: 'Full text.' });
    expect((withBinary.distribution as object[])[0]).toMatchObject({ content_url: 'https://example.org/flow.jar' });
    const bare = mapFlow({ id: '9', name: 'bare', installation_notes: [], dependencies: [] }, SAME_AS).body;
    expect(bare.distribution).toBeUndefined();
    expect(createBodyProblem(mlModels, bare)).toBeUndefined();
  });

  it('skips scikit-learn pipelines and refuses a flow without a name', () => {
    expect(isSkippedFlow('sklearn.pipeline.Pipeline(step_0=sklearn.preprocessing.Imputer)')).toBe(true);
    expect(isSkippedFlow('openml.evaluation.EuclideanDistance')).toBe(false);
    expect(() => mapFlow({ ...flow, name: [] }, SAME_AS)).toThrow(MappingError);
  });
});
