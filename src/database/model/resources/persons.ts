import { field } from '../fields.ts';
import { agent, aiResource, concept } from '../groups.ts';
import { FIELD_LENGTH } from '../limits.ts';
import { defineResource } from '../resource.ts';

export const persons = defineResource({
  type: 'person',
  plural: 'persons',
  prefix: 'prsn',
  description: 'A person active in AI: researcher, developer, expert.',
  search: { fields: ['given_name', 'surname'] },
  groups: [concept, aiResource, agent],
  fields: {
    given_name: field.string(FIELD_LENGTH.NORMAL, 'Given name.', { example: 'Jane' }),
    surname: field.string(FIELD_LENGTH.NORMAL, 'Surname.', { example: 'Doe' }),
    price_per_hour_euro: field.number('Hourly price in euros.', { min: 0, example: 75.5 }),
    wants_to_be_contacted: field.boolean('Whether the person agrees to be contacted.', {
      defaultValue: false,
      example: true,
    }),
    expertise: field.terms('expertise', 'Areas of expertise (lower-cased).', { example: ['transfer learning'] }),
    languages: field.terms('language', 'Languages the person speaks, terms of the language taxonomy.', {
      example: ['English'],
    }),
    member_of: field.refs('organisation', 'Organisations the person is a member of.'),
    contact_details: field.ref('contact', 'The contact details of the person (a contact identifier).'),
  },
});
