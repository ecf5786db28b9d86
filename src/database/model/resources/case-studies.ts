import { aiAsset, aiResource, concept } from '../groups.ts';
import { defineResource } from '../resource.ts';

export const caseStudies = defineResource({
  type: 'case_study',
  plural: 'case_studies',
  prefix: 'case',
  description: 'A documented application of AI in practice.',
  search: { fields: [] },
  groups: [concept, aiResource, aiAsset()],
  contentRoutes: true,
  fields: {},
});
