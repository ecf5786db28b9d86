import { field } from '../fields.ts';
import { aiResource, concept } from '../groups.ts';
import { defineResource } from '../resource.ts';

export const teams = defineResource({
  type: 'team',
  plural: 'teams',
  prefix: 'team',
  description: 'A group of persons working together, often within an organisation.',
  search: { fields: [] },
  groups: [concept, aiResource],
  fields: {
    price_per_hour_euro: field.number('Hourly price in euros.', { min: 0, example: 75.5 }),
    size: field.integer('The number of members.', { min: 0, example: 8 }),
    organisation: field.ref('organisation', 'The organisation the team belongs to.'),
    member: field.refs('person', 'Members of the team.'),
  },
});
