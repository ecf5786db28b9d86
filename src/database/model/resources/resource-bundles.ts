import { field } from '../fields.ts';
import { aiResource, concept } from '../groups.ts';
import { defineResource } from '../resource.ts';

export const resourceBundles = defineResource({
  type: 'resource_bundle',
  plural: 'resource_bundles',
  prefix: 'res',
  description: 'A coherent collection of resources shared as a set.',
  groups: [concept, aiResource],
  fields: {
    includes_resource: field.refs('ai_resource', 'Resources in the bundle.'),
    includes_external_reference: field.terms('external_resource', 'URLs of external resources in the bundle (lower-cased).', {
      example: ['https://www.example.org/external-resource'],
    }),
  },
});
