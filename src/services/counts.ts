/** Published-asset counts for /counts, read from the maintained counts table. */
import { resourceTypes } from '../database/model/registry.ts';
import type { ResourceType } from '../database/model/resource.ts';
import { readCounts } from '../repositories/counts.ts';
import type { Catalogue } from './catalogue.ts';
import { LISTED_STATUSES } from './visibility.ts';

export async function countForType(
  catalogue: Catalogue,
  resource: ResourceType,
  detailed: boolean,
): Promise<number | Record<string, number>> {
  const rows = await readCounts(catalogue.database.kysely, { type: resource.type, statuses: LISTED_STATUSES });
  if (!detailed) return rows.reduce((sum, row) => sum + row.n, 0);
  const perPlatform: Record<string, number> = {};
  for (const row of rows) perPlatform[row.platform] = (perPlatform[row.platform] ?? 0) + row.n;
  return perPlatform;
}

/** `{plural: {platform: n}}` for every type with published assets (AIoD omits empty types). */
export async function countsOfAllTypes(catalogue: Catalogue): Promise<Record<string, Record<string, number>>> {
  const rows = await readCounts(catalogue.database.kysely, { statuses: LISTED_STATUSES });
  const pluralOf = new Map(resourceTypes.map((resource) => [resource.type, resource.plural]));
  const result: Record<string, Record<string, number>> = {};
  for (const row of rows) {
    const plural = pluralOf.get(row.type);
    if (plural === undefined) continue;
    const perPlatform = (result[plural] ??= {});
    perPlatform[row.platform] = (perPlatform[row.platform] ?? 0) + row.n;
  }
  return result;
}
