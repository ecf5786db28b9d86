/**
 * What a catalogue needs before it serves: the seed platforms, the default taxonomies (for
 * taxonomies nobody loaded yet), and counts rebuilt from the asset table (self-healing after a
 * restore or manual SQL).
 */
import { readFileSync } from 'node:fs';
import { recountAll } from '../repositories/counts.ts';
import { countPlatforms, insertPlatform } from '../repositories/platforms.ts';
import type { Catalogue } from './catalogue.ts';
import { SEED_PLATFORMS } from './platforms.ts';
import { loadTaxonomyExport } from './taxonomy-loader.ts';

const DEFAULT_TAXONOMIES = new URL('../database/seed/default-taxonomies.json', import.meta.url);

export function readDefaultTaxonomies(): unknown {
  return JSON.parse(readFileSync(DEFAULT_TAXONOMIES, 'utf8'));
}

export async function seedCatalogue(catalogue: Catalogue): Promise<void> {
  const executor = catalogue.database.kysely;
  if ((await countPlatforms(executor)) === 0) {
    for (const name of SEED_PLATFORMS) await insertPlatform(executor, name);
  }
  const report = await loadTaxonomyExport(catalogue, readDefaultTaxonomies(), { onlyMissing: true });
  for (const { taxonomy, terms } of report.loaded) {
    catalogue.logger.info({ taxonomy, terms }, 'loaded default taxonomy');
  }
  await executor.transaction().execute((trx) => recountAll(trx));
}
