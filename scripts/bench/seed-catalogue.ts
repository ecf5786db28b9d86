/**
 * Seeds a realistic catalogue for benchmarks: contacts, then datasets with ~1 KB descriptions,
 * keywords, a licence, distributions and creators. Writing 100,000 assets one request at a time
 * would take many minutes, so rows are built with the model's own normalisation (`toWriteModel`,
 * the same stored document, links and terms the API writes) and inserted in batches; then the
 * background refresher renders their read model, as it would after an upgrade.
 */
import { toWriteModel } from '../../src/database/model/normalize.ts';
import { resourceByType } from '../../src/database/model/registry.ts';
import { recountAll } from '../../src/repositories/counts.ts';
import { addTermsIfMissing } from '../../src/repositories/terms.ts';
import type { Catalogue } from '../../src/services/catalogue.ts';
import { newIdentifier } from '../../src/services/identifiers.ts';
import { refreshAllStale } from '../../src/services/render-refresher.ts';
import { pick, pickSome, seededRandom } from './random.ts';

/** The vocabulary of names and descriptions (search scenarios draw their queries from it). */
export const WORDS = (
  'data model learning neural network training benchmark image text audio speech vision language ' +
  'classification regression detection segmentation translation summarisation sentiment graph ' +
  'time series forecasting anomaly traffic health medical climate energy finance retail robot ' +
  'sensor satellite earth ocean genome protein molecule chemistry physics astronomy social survey ' +
  'census election news review question answer dialogue corpus annotation label crowd synthetic ' +
  'simulation reinforcement agent policy reward evaluation metric fairness bias privacy robust ' +
  'explainable interpretable federated transfer few shot zero multilingual european open public'
).split(' ');
export const KEYWORDS = Array.from({ length: 500 }, (_, index) => `${WORDS[index % WORDS.length]}-${Math.floor(index / WORDS.length)}`);
const LICENCES = ['CC-BY-4.0', 'CC0-1.0', 'MIT', 'Apache-2.0', 'CC-BY-SA-4.0', 'ODbL-1.0'];
const PLATFORMS = ['huggingface', 'zenodo', 'openml'];
const FORMATS = ['text/csv', 'application/x-parquet', 'application/json', 'application/zip'];

function sentence(random: () => number, words: number): string {
  const chosen = Array.from({ length: words }, () => pick(random, WORDS));
  const text = chosen.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function description(random: () => number): string {
  let text = '';
  while (text.length < 1000) text += `${sentence(random, 8 + Math.floor(random() * 10))} `;
  return text.trim();
}

type Progress = (done: number, total: number) => void;

/** Dataset n (from 0) was created and last modified n seconds after this time. */
export const SEEDED_FROM = '2026-01-01T00:00:00.000Z';

export async function seedBenchCatalogue(catalogue: Catalogue, datasets: number, progress: Progress): Promise<string[]> {
  const random = seededRandom(20261122);
  const db = catalogue.database.kysely;
  const now = new Date(SEEDED_FROM).getTime();
  const contactType = resourceByType('contact');
  const datasetType = resourceByType('dataset');
  const contactIds: string[] = [];
  const batch = 500;

  await addTermsIfMissing(db, catalogue.database.dialect, KEYWORDS.map((term) => ({ taxonomy: 'keyword', term, official: false })));

  const contactRows = Array.from({ length: 2000 }, (_, index) => {
    const identifier = newIdentifier('con');
    contactIds.push(identifier);
    const model = toWriteModel(contactType, { name: `Researcher ${index}`, email: [`researcher${index}@example.org`] });
    const stamp = new Date(now - index * 1000).toISOString();
    return {
      identifier, type: 'contact', platform: 'example', platform_resource_identifier: `contact-${index}`, name: model.name,
      status: 'published', date_created: stamp, date_modified: stamp, date_deleted: null, live: 1, revision: 1, doc: JSON.stringify(model.doc),
    };
  });
  for (let start = 0; start < contactRows.length; start += batch) {
    await db.insertInto('asset').values(contactRows.slice(start, start + batch)).execute();
  }

  const datasetIds: string[] = [];
  for (let start = 0; start < datasets; start += 5000) {
    const end = Math.min(datasets, start + 5000);
    await db.transaction().execute(async (trx) => {
      for (let chunk = start; chunk < end; chunk += batch) {
        const assets = [];
        const links = [];
        const terms = [];
        for (let index = chunk; index < Math.min(end, chunk + batch); index += 1) {
          const identifier = newIdentifier('data');
          datasetIds.push(identifier);
          const platform = pick(random, PLATFORMS);
          const keywords = pickSome(random, KEYWORDS, 3, 8);
          const licence = pick(random, LICENCES);
          const model = toWriteModel(datasetType, {
            name: `${sentence(random, 3).slice(0, -1)} ${index}`,
            description: { plain: description(random) },
            keyword: keywords,
            license: licence,
            version: `${1 + Math.floor(random() * 3)}.0`,
            is_accessible_for_free: true,
            same_as: `https://example.org/${platform}/${index}`,
            distribution: Array.from({ length: 1 + Math.floor(random() * 3) }, (_, file) => ({
              name: `part-${file}`,
              content_url: `https://example.org/${platform}/${index}/part-${file}`,
              encoding_format: pick(random, FORMATS),
              content_size_kb: Math.floor(random() * 1_000_000),
            })),
          });
          const stamp = new Date(now + index * 1000).toISOString();
          assets.push({
            identifier, type: 'dataset', platform, platform_resource_identifier: `${platform === 'zenodo' ? 'zenodo.org:' : ''}${index + 1}`,
            name: model.name, status: 'published', date_created: stamp, date_modified: stamp, date_deleted: null, live: 1, revision: 1,
            doc: JSON.stringify(model.doc),
          });
          pickSome(random, contactIds, 1, 3).forEach((target, position) => links.push({ source: identifier, field: 'creator', target, position }));
          links.push({ source: identifier, field: 'contact', target: pick(random, contactIds), position: 0 });
          for (const term of keywords) terms.push({ asset: identifier, taxonomy: 'keyword', term });
          terms.push({ asset: identifier, taxonomy: 'license', term: licence });
        }
        await trx.insertInto('asset').values(assets).execute();
        await trx.insertInto('asset_link').values(links).execute();
        await trx.insertInto('asset_term').values(terms).execute();
      }
    });
    progress(end, datasets);
  }
  await db.transaction().execute((trx) => recountAll(trx));
  // Rows were inserted without renderings: render them the way the background refresher does.
  await refreshAllStale(catalogue, (done) => {
    if (done % 20_000 === 0) progress(datasets, datasets);
  });
  return datasetIds;
}
