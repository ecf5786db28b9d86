/**
 * The ordered list of migrations. Names are timestamps, so alphabetical order is the order they
 * were written in; a migration, once landed, never changes (add a new one instead).
 */
import type { Migration } from 'kysely';
import * as catalogueCore from './2026_11_22_0001_catalogue_core.ts';
import * as search from './2026_11_22_0200_search.ts';
import * as governance from './2026_11_22_0300_governance.ts';
import * as connectors from './2026_11_22_0400_connectors.ts';
import * as searchPostings from './2026_11_22_0500_search_postings.ts';
import * as assetHits from './2026_11_22_0600_asset_hits.ts';
import * as connectorErrorLocator from './2026_11_22_0700_connector_error_locator.ts';
import * as searchDocSets from './2026_11_22_0800_search_doc_sets.ts';
import * as searchFacetBlocks from './2026_11_22_0900_search_facet_blocks.ts';
import * as renderingsAsBytes from './2026_11_23_0100_renderings_as_bytes.ts';
import * as renderStamps from './2026_11_23_0200_render_stamps.ts';
import * as searchStamps from './2026_11_23_0300_search_stamps.ts';
import * as harvestDeletions from './2026_11_23_0400_harvest_deletions.ts';
import * as searchPassedGaps from './2026_11_23_0500_search_passed_gaps.ts';

export const migrations: Record<string, Migration> = {
  '2026_11_22_0001_catalogue_core': catalogueCore,
  '2026_11_22_0200_search': search,
  '2026_11_22_0300_governance': governance,
  '2026_11_22_0400_connectors': connectors,
  '2026_11_22_0500_search_postings': searchPostings,
  '2026_11_22_0600_asset_hits': assetHits,
  '2026_11_22_0700_connector_error_locator': connectorErrorLocator,
  '2026_11_22_0800_search_doc_sets': searchDocSets,
  '2026_11_22_0900_search_facet_blocks': searchFacetBlocks,
  '2026_11_23_0100_renderings_as_bytes': renderingsAsBytes,
  '2026_11_23_0200_render_stamps': renderStamps,
  '2026_11_23_0300_search_stamps': searchStamps,
  '2026_11_23_0400_harvest_deletions': harvestDeletions,
  '2026_11_23_0500_search_passed_gaps': searchPassedGaps,
};
