import { field } from '../fields.ts';
import { aiAsset, aiResource, concept } from '../groups.ts';
import { defineResource } from '../resource.ts';
import { pid } from '../shared-fields.ts';
import { runnableDistribution } from '../value-objects.ts';

export const mlModels = defineResource({
  type: 'ml_model',
  plural: 'ml_models',
  prefix: 'mdl',
  description: 'A trained machine-learning model.',
  search: { fields: [] },
  groups: [concept, aiResource, aiAsset(runnableDistribution)],
  contentRoutes: true,
  fields: {
    pid,
    type: field.term('ml_model_type', 'The type of model (lower-cased).', { example: 'large language model' }),
    related_experiment: field.refs('experiment', 'Experiments this model was made or used in.'),
  },
});
