import { field } from '../fields.ts';
import { aiResource, concept } from '../groups.ts';
import { FIELD_LENGTH } from '../limits.ts';
import { defineResource } from '../resource.ts';
import { text } from '../value-objects.ts';

export const news = defineResource({
  type: 'news',
  plural: 'news',
  prefix: 'news',
  description: 'A news item about AI.',
  search: { fields: ['headline', 'alternative_headline'] },
  groups: [concept, aiResource],
  fields: {
    headline: field.string(FIELD_LENGTH.NORMAL, 'The headline.', { example: 'A headline to show on top of the page.' }),
    alternative_headline: field.string(FIELD_LENGTH.NORMAL, 'A second headline.', {
      example: 'An alternative headline.',
    }),
    category: field.terms('news_category', 'Categories, terms of the news category taxonomy.', { example: ['Funding'] }),
    source: field.string(FIELD_LENGTH.LONG, 'Where the news comes from.', { example: 'https://www.example.org/press' }),
    content: field.object(text, 'The content of the news item.'),
  },
});
