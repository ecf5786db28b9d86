import { field } from '../fields.ts';
import { aiResource, concept } from '../groups.ts';
import { FIELD_LENGTH } from '../limits.ts';
import { defineResource } from '../resource.ts';

export const services = defineResource({
  type: 'service',
  plural: 'services',
  prefix: 'srvc',
  description: 'A service offered to the AI community: consulting, training, hosting.',
  search: { fields: ['slogan'] },
  groups: [concept, aiResource],
  fields: {
    slogan: field.string(FIELD_LENGTH.NORMAL, 'A slogan or tagline.', { example: 'Making the world smarter!' }),
    terms_of_service: field.string(FIELD_LENGTH.LONG, 'The terms of service.', {
      example: 'Free to use for research.',
    }),
  },
});
