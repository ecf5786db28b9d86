import { field } from '../fields.ts';
import { aiResource, concept } from '../groups.ts';
import { FIELD_LENGTH } from '../limits.ts';
import { defineResource } from '../resource.ts';
import { location, text } from '../value-objects.ts';

export const educationalResources = defineResource({
  type: 'educational_resource',
  plural: 'educational_resources',
  prefix: 'edu',
  description: 'A course, tutorial, book or other material for learning about AI.',
  search: { fields: [] },
  groups: [concept, aiResource],
  fields: {
    time_required: field.string(FIELD_LENGTH.NORMAL, 'How long the resource takes, in words.', {
      example: '2 days (16 hours)',
    }),
    type: field.term('educational_resource_type', 'The kind of resource (lower-cased).', { example: 'presentation' }),
    pace: field.term('edu_pace', 'How the learning is paced (lower-cased).', { example: 'self-paced' }),
    access_mode: field.terms('edu_access_mode', 'How the content is accessed (lower-cased).', { example: ['textual'] }),
    educational_level: field.terms('educational_level', 'Levels it is meant for, terms of the educational level taxonomy.', {
      example: ['Bachelor’s or equivalent level'],
    }),
    in_language: field.terms('language', 'Languages of the content, terms of the language taxonomy.', {
      example: ['English'],
    }),
    prerequisite: field.terms('edu_prerequisite', 'What learners should know first (lower-cased).', {
      example: ['undergraduate knowledge of statistics'],
    }),
    target_audience: field.terms('edu_target_audience', 'Who it is for (lower-cased).', { example: ['professionals'] }),
    required_competency_level: field.term('educational_competency', 'The competency it requires, a term of the educational competency taxonomy.', {
      example: 'Intermediate',
    }),
    location: field.objects(location, 'Where it takes place, if anywhere.'),
    content: field.object(text, 'The content of the resource.'),
  },
});
