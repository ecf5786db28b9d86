import { field } from '../fields.ts';
import { agent, aiResource, concept } from '../groups.ts';
import { FIELD_LENGTH } from '../limits.ts';
import { defineResource } from '../resource.ts';

export const organisations = defineResource({
  type: 'organisation',
  plural: 'organisations',
  prefix: 'org',
  description: 'A company, university, research institute or other organisation.',
  search: { fields: ['legal_name'] },
  groups: [concept, aiResource, agent],
  imageRoutes: true,
  fields: {
    date_founded: field.date('The date the organisation was founded.', { example: '2022-01-01' }),
    legal_name: field.string(FIELD_LENGTH.NORMAL, 'The official legal name.', { example: 'Example Research Institute B.V.' }),
    ai_relevance: field.string(FIELD_LENGTH.LONG, 'How the organisation relates to AI.', {
      example: 'Part of CLAIRE; develops explainable AI.',
    }),
    type: field.term('organisation_type', 'The type of organisation, a term of the organisation type taxonomy.', {
      example: 'Research Institution',
    }),
    member: field.refs('agent', 'Members of the organisation (person or organisation identifiers).'),
    contact_details: field.ref('contact', 'The contact details of the organisation (a contact identifier).'),
    turnover: field.term('turnover', 'Annual turnover, a term of the turnover taxonomy.', { example: '<1 million euros' }),
    number_of_employees: field.term('number_of_employees', 'Head count, a term of the number of employees taxonomy.', {
      example: '<10',
    }),
  },
});
