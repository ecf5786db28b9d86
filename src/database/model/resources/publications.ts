import { field } from '../fields.ts';
import { aiAsset, aiResource, concept, knowledgeAsset } from '../groups.ts';
import { FIELD_LENGTH } from '../limits.ts';
import { defineResource } from '../resource.ts';
import { text } from '../value-objects.ts';

export const publications = defineResource({
  type: 'publication',
  plural: 'publications',
  prefix: 'pub',
  description: 'A paper, article, book or other publication.',
  search: { fields: ['issn', 'isbn'] },
  groups: [concept, aiResource, aiAsset(), knowledgeAsset],
  contentRoutes: true,
  fields: {
    permanent_identifier: field.string(FIELD_LENGTH.NORMAL, 'A permanent identifier such as a DOI URL.', {
      example: 'https://doi.org/10.1000/182',
    }),
    isbn: field.string(13, 'The ISBN (10 or 13 characters).', { min: 10, example: '9783161484100' }),
    issn: field.string(8, 'The ISSN (8 characters).', { min: 8, example: '20493630' }),
    content: field.object(text, 'The content of the publication.'),
    type: field.term('publication_type', 'The type of publication, a term of the publication type taxonomy.', {
      example: 'Journal Article',
    }),
  },
});
