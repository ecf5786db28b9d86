/**
 * Loads taxonomies from AIoD's metadata-schema export (`{"aiod_taxonomies": [...]}`, reference v2
 * §3.5) with AIoD's sync rule: every term of a loaded taxonomy first becomes unofficial, then the
 * file's terms are upserted as official (matched case-insensitively), with their tree and order.
 * Terms that left the file stay as unofficial terms, so assets that use them keep their values.
 */
import { z } from 'zod';
import type { Executor } from '../database/dialect.ts';
import { insertedId } from '../database/dialect.ts';
import { taxonomyBySourceName } from '../database/model/taxonomies.ts';
import { termKey } from '../repositories/terms.ts';
import type { Catalogue } from './catalogue.ts';

/** Labels and definitions appear as a string, an object `{language, value}`, or a list of those. */
const localized = z.union([
  z.string(),
  z.object({ value: z.string() }).loose(),
  z.array(z.union([z.string(), z.object({ value: z.string(), language: z.string().optional() }).loose()])),
]);

interface ExportElement {
  label: z.infer<typeof localized>;
  definition?: z.infer<typeof localized> | null | undefined;
  elements?: ExportElement[] | null | undefined;
}

const elementSchema: z.ZodType<ExportElement> = z.lazy(() =>
  z
    .object({
      label: localized,
      definition: localized.nullish(),
      elements: z.array(elementSchema).nullish(),
    })
    .loose(),
);

export const taxonomyExportSchema = z.object({
  aiod_taxonomies: z.array(
    z.object({ taxonomy_name: z.string(), elements: z.array(elementSchema).default([]) }).loose(),
  ),
});

export type TaxonomyExport = z.infer<typeof taxonomyExportSchema>;

/** A document that is not an aiod_taxonomies export; the message names where it differs. */
export class TaxonomyExportError extends Error {}

/** The document as an export, or a TaxonomyExportError naming up to five places where it is not one. */
export function parseTaxonomyExport(document: unknown): TaxonomyExport {
  const parsed = taxonomyExportSchema.safeParse(document);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(the document)'}: ${issue.message}`);
  const more = parsed.error.issues.length > 5 ? `; and ${parsed.error.issues.length - 5} more` : '';
  throw new TaxonomyExportError(`not an aiod_taxonomies export: ${problems.join('; ')}${more}`);
}

/** The English text of a localized value (or the first one). */
function text(value: z.infer<typeof localized> | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const english = value.find((item) => typeof item !== 'string' && item.language?.startsWith('en'));
    return text(english ?? value[0]);
  }
  return value.value;
}

export interface LoadReport {
  loaded: Array<{ taxonomy: string; terms: number }>;
  skipped: string[];
}

async function loadOne(executor: Executor, taxonomy: string, elements: ExportElement[]): Promise<number> {
  const existing = await executor
    .selectFrom('taxonomy_term')
    .select(['id', 'term_key'])
    .where('taxonomy', '=', taxonomy)
    .execute();
  const idByKey = new Map(existing.map((row) => [row.term_key, row.id]));
  await executor.updateTable('taxonomy_term').set({ official: 0 }).where('taxonomy', '=', taxonomy).execute();
  let count = 0;
  const visit = async (items: ExportElement[], parentId: number | null): Promise<void> => {
    for (const [position, element] of items.entries()) {
      const term = text(element.label).trim().slice(0, 256);
      if (term.length === 0) continue;
      const key = termKey(term);
      const values = { term, definition: text(element.definition).slice(0, 1800), official: 1, parent_id: parentId, position };
      let id = idByKey.get(key);
      if (id === undefined) {
        id = insertedId(
          await executor.insertInto('taxonomy_term').values({ taxonomy, term_key: key, ...values }).executeTakeFirstOrThrow(),
        );
        idByKey.set(key, id);
      } else {
        await executor.updateTable('taxonomy_term').set(values).where('id', '=', id).execute();
      }
      count += 1;
      await visit(element.elements ?? [], id);
    }
  };
  await visit(elements, null);
  return count;
}

/**
 * Loads an export. With `onlyMissing`, taxonomies that already have official terms are left alone
 * (used at start-up so an operator's loaded taxonomies are never overwritten by the defaults).
 */
export async function loadTaxonomyExport(
  catalogue: Catalogue,
  document: unknown,
  options: { onlyMissing?: boolean } = {},
): Promise<LoadReport> {
  const parsed = parseTaxonomyExport(document);
  const report: LoadReport = { loaded: [], skipped: [] };
  for (const entry of parsed.aiod_taxonomies) {
    const definition = taxonomyBySourceName(entry.taxonomy_name);
    if (!definition || definition.kind !== 'taxonomy') {
      report.skipped.push(entry.taxonomy_name);
      continue;
    }
    if (options.onlyMissing) {
      const official = await catalogue.database.kysely
        .selectFrom('taxonomy_term')
        .select('id')
        .where('taxonomy', '=', definition.name)
        .where('official', '=', 1)
        .limit(1)
        .executeTakeFirst();
      if (official) continue;
    }
    const terms = await catalogue.database.kysely
      .transaction()
      .execute((trx) => loadOne(trx, definition.name, entry.elements));
    report.loaded.push({ taxonomy: definition.name, terms });
  }
  return report;
}
