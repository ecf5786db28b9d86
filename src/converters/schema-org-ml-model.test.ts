import { describe, expect, it } from 'vitest';
import { convertAsset } from './index.ts';
import { ML_MODEL_APPLICATION_CATEGORY } from './schema-org/ml-model.ts';
import { context, ids, mlModel, readObjectOf, url } from './test-fixtures.ts';
import { type ExpandedNode, emptyValues, expandSafely, iris, literals, schema, valuesOf } from './test-json-ld.ts';

async function expanded(object = mlModel): Promise<ExpandedNode> {
  const [node] = await expandSafely(convertAsset('schema.org', 'ml_model', object, context));
  return node as ExpandedNode;
}

describe('schema.org SoftwareApplication for ML models', () => {
  it('is a SoftwareApplication in the machine-learning-model category, sub-category the model type', async () => {
    const node = await expanded();
    expect(node['@type']).toEqual([schema('SoftwareApplication')]);
    expect(node['@id']).toBe(url.mlModel);
    expect(literals(node, schema('applicationCategory'))).toEqual([ML_MODEL_APPLICATION_CATEGORY]);
    expect(literals(node, schema('applicationSubCategory'))).toEqual(['graph neural network']);
    expect(literals(node, schema('identifier'))).toEqual([ids.mlModel, 'https://doi.org/10.5281/zenodo.1234567']);
  });

  it('says its version once, as softwareVersion', async () => {
    const node = await expanded();
    expect(literals(node, schema('softwareVersion'))).toEqual(['2.1.0']);
    expect(node).not.toHaveProperty([schema('version')]);
  });

  it('falls back to the HTML description and gives a licence URL as an IRI', async () => {
    const node = await expanded();
    expect(literals(node, schema('description'))).toEqual(['<p>A graph neural network that forecasts traffic speeds.</p>']);
    expect(iris(node, schema('license'))).toEqual(['https://www.apache.org/licenses/LICENSE-2.0']);
  });

  it('collects downloads and requirements from its runnable distributions', async () => {
    const node = await expanded();
    expect(iris(node, schema('downloadUrl'))).toEqual([
      'https://huggingface.co/delft-ai-lab/traffic-gnn/resolve/main/model.safetensors',
      'https://huggingface.co/delft-ai-lab/traffic-gnn/resolve/main/model.onnx',
    ]);
    // The relative "./install.sh" is no URL to install from.
    expect(iris(node, schema('installUrl'))).toEqual(['https://huggingface.co/delft-ai-lab/traffic-gnn/resolve/main/install.sh']);
    expect(literals(node, schema('operatingSystem'))).toEqual(['Linux']);
    expect(literals(node, schema('softwareRequirements'))).toEqual(['torch>=2.1', 'onnxruntime>=1.17']);
    const media = valuesOf(node, schema('associatedMedia'));
    expect(media.map((file) => literals(file, schema('name')))).toEqual([['model.safetensors'], ['model.onnx']]);
    expect(literals(media[0], schema('sha256'))).toEqual(['E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855']);
  });

  it('names an organisation contact as an Organization creator and cites publications', async () => {
    const node = await expanded();
    const [creator] = valuesOf(node, schema('creator'));
    expect(creator?.['@type']).toEqual([schema('Organization')]);
    expect(creator?.['@id']).toBe(url.lab);
    expect(literals(creator, schema('email'))).toEqual(['office@delft-ai-lab.example.org']);
    const citations = valuesOf(node, schema('citation'));
    expect(citations.map((citation) => [citation['@type'], citation['@id']])).toEqual([[[schema('ScholarlyArticle')], url.publication]]);
  });

  it('omits what a minimal model does not have', async () => {
    const minimal = convertAsset('schema.org', 'ml_model', readObjectOf('ml_model', ids.mlModel, { name: 'Bare model' }), context);
    expect(emptyValues(minimal)).toEqual([]);
    expect(Object.keys(minimal).sort()).toEqual([
      '@context',
      '@id',
      '@type',
      'applicationCategory',
      'dateModified',
      'identifier',
      'name',
      'url',
    ]);
    await expandSafely(minimal);
  });
});
