import { field } from '../fields.ts';
import { aiAsset, aiResource, concept } from '../groups.ts';
import { FIELD_LENGTH } from '../limits.ts';
import { defineResource } from '../resource.ts';

export const computationalAssets = defineResource({
  type: 'computational_asset',
  plural: 'computational_assets',
  prefix: 'comp',
  description: 'Computing infrastructure for AI: storage, compute, clusters, accelerators.',
  search: { fields: [] },
  groups: [concept, aiResource, aiAsset()],
  fields: {
    status_info: field.string(FIELD_LENGTH.NORMAL, 'A URL showing the current status of the asset.', {
      example: 'https://www.example.org/status',
    }),
    type: field.term('computational_asset_type', 'The type of computational asset (lower-cased).', {
      example: 'storage',
    }),
  },
});
