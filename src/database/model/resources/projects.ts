import { field } from '../fields.ts';
import { aiResource, concept } from '../groups.ts';
import { FIELD_LENGTH } from '../limits.ts';
import { defineResource } from '../resource.ts';

export const projects = defineResource({
  type: 'project',
  plural: 'projects',
  prefix: 'proj',
  description: 'A research or innovation project.',
  search: { fields: [] },
  groups: [concept, aiResource],
  imageRoutes: true,
  fields: {
    subtitle: field.string(FIELD_LENGTH.LONG, 'A subtitle.', { example: 'Building the AI-on-Demand platform' }),
    start_date: field.datetime('When the project starts.', { example: '2021-02-03T15:15:00.000Z' }),
    end_date: field.datetime('When the project ends.', { example: '2022-01-01T15:15:00.000Z' }),
    total_cost_euros: field.number('The total cost in euros.', { min: 0, example: 10000000, v2Alias: 'total_cost_euro' }),
    funding_link: field.string(FIELD_LENGTH.LONG, 'A link to the funding call or grant.', {
      example: 'https://cordis.europa.eu/project/id/101070000',
    }),
    funder: field.refs('organisation', 'Organisations that fund the project.'),
    participant: field.refs('organisation', 'Organisations that take part in the project.'),
    coordinator: field.ref('organisation', 'The organisation that coordinates the project.'),
    produced: field.refs('ai_asset', 'AI assets the project produced.'),
    used: field.refs('ai_asset', 'AI assets the project used.'),
  },
});
