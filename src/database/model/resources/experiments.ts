import { field } from '../fields.ts';
import { aiAsset, aiResource, concept } from '../groups.ts';
import { FIELD_LENGTH } from '../limits.ts';
import { defineResource } from '../resource.ts';
import { pid } from '../shared-fields.ts';
import { runnableDistribution } from '../value-objects.ts';

export const experiments = defineResource({
  type: 'experiment',
  plural: 'experiments',
  prefix: 'exp',
  description: 'An experiment that can be run again: its workflow, settings and runnable distribution.',
  search: { fields: [] },
  groups: [concept, aiResource, aiAsset(runnableDistribution)],
  contentRoutes: true,
  fields: {
    pid,
    experimental_workflow: field.string(FIELD_LENGTH.LONG, 'The workflow of the experiment.', {
      example: '1) Load the dataset 2) run preprocessing code found in ... 3) run the model on the data.',
    }),
    execution_settings: field.string(FIELD_LENGTH.LONG, 'The settings to run it with.', {
      example: 'string',
    }),
    reproducibility_explanation: field.string(FIELD_LENGTH.LONG, 'How to reproduce the results.', {
      example: 'Run the notebook with the given seed.',
    }),
    badge: field.terms('badge', 'Badges the experiment was awarded (lower-cased).', {
      example: ['acm artifacts evaluated - reusable'],
    }),
  },
});
