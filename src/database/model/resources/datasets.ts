import { field } from '../fields.ts';
import { aiAsset, aiResource, concept } from '../groups.ts';
import { FIELD_LENGTH } from '../limits.ts';
import { defineResource } from '../resource.ts';
import { datasetSize, location } from '../value-objects.ts';

export const datasets = defineResource({
  type: 'dataset',
  plural: 'datasets',
  prefix: 'data',
  description: 'A collection of data, published or curated by a single agent.',
  search: { fields: ['issn'] },
  groups: [concept, aiResource, aiAsset()],
  contentRoutes: true,
  fields: {
    issn: field.string(8, 'The ISSN of the dataset (8 characters).', { min: 8, example: '20493630' }),
    measurement_technique: field.string(FIELD_LENGTH.NORMAL, 'How the data was measured.', {
      example: 'mass spectrometry',
    }),
    temporal_coverage: field.string(FIELD_LENGTH.SHORT, 'The period the data covers, as an ISO 8601 interval.', {
      example: '2011/2012',
    }),
    funder: field.refs('agent', 'Organisations or persons that funded the dataset (agent identifiers).'),
    size: field.object(datasetSize, 'The size of the dataset.'),
    spatial_coverage: field.object(location, 'The place the data is about.'),
  },
});
