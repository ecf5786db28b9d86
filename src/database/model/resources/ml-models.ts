import { field } from '../fields.ts';
import { aiAsset, aiResource, concept } from '../groups.ts';
import { FIELD_LENGTH } from '../limits.ts';
import { defineResource } from '../resource.ts';
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
    pid: field.string(FIELD_LENGTH.SHORT, 'A permanent identifier, such as a DOI.', {
      example: 'https://doi.org/10.1000/182',
    }),
    type: field.term('ml_model_type', 'The type of model (lower-cased).', { example: 'large language model' }),
    related_experiment: field.refs('experiment', 'Experiments this model was made or used in.'),
  },
});
