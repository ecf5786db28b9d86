/**
 * Term fields: every value is checked against its taxonomy or vocabulary (reference v2 §3.5-3.6).
 * Taxonomies accept their official terms (matched case-insensitively, stored in the official
 * spelling); connectors may add unofficial lower-cased terms. Vocabularies accept anything,
 * lower-cased, and remember new values.
 */
import type { Principal } from '../auth/principal.ts';
import { isConnector } from '../auth/principal.ts';
import type { Executor } from '../database/dialect.ts';
import type { Json } from '../database/model/normalize.ts';
import { collectTerms, replaceTerms } from '../database/model/normalize.ts';
import type { ResourceType } from '../database/model/resource.ts';
import { taxonomyNamed } from '../database/model/taxonomies.ts';
import { badRequest, listForMessage } from '../errors.ts';
import { findTerms, termKey, type TermRow } from '../repositories/terms.ts';

export interface ResolvedTerms {
  /** The document with every term in its canonical spelling. */
  doc: Json;
  /** Rows for asset_term. */
  assetTerms: Array<{ taxonomy: string; term: string }>;
  /** Terms to add to their lists in the write transaction. */
  newTerms: Array<{ taxonomy: string; term: string; official: boolean }>;
}

const pairKey = (taxonomy: string, key: string) => `${taxonomy}\u0000${key}`;

/**
 * Looks up, with one query per chunk, the terms of many documents a batch is about to write, into
 * the batch's `cache` (see resolveTerms): a connector batch then resolves terms without a query
 * per record.
 */
export async function prefetchTerms(
  executor: Executor,
  documents: Array<{ resource: ResourceType; doc: Json }>,
  cache: Map<string, TermRow | null>,
): Promise<void> {
  const wanted = new Map<string, { taxonomy: string; key: string }>();
  for (const { resource, doc } of documents) {
    for (const item of collectTerms(resource, doc)) {
      const key = termKey(item.value);
      const name = pairKey(item.taxonomy, key);
      if (!cache.has(name)) wanted.set(name, { taxonomy: item.taxonomy, key });
    }
  }
  if (wanted.size === 0) return;
  for (const row of await findTerms(executor, [...wanted.values()])) cache.set(pairKey(row.taxonomy, row.term_key), row);
  for (const name of wanted.keys()) if (!cache.has(name)) cache.set(name, null);
}

export async function resolveTerms(
  executor: Executor,
  resource: ResourceType,
  doc: Json,
  principal: Principal,
  /** Terms already looked up in this batch (null: not stored), filled with what this looks up. */
  cache?: Map<string, TermRow | null>,
): Promise<ResolvedTerms> {
  const occurrences = collectTerms(resource, doc);
  if (occurrences.length === 0) return { doc, assetTerms: [], newTerms: [] };
  const wanted = occurrences.map((item) => ({ taxonomy: item.taxonomy, key: termKey(item.value) }));
  const unknown = cache ? wanted.filter((item) => !cache.has(pairKey(item.taxonomy, item.key))) : wanted;
  const stored = await findTerms(executor, unknown);
  const storedByKey = new Map<string, TermRow>(stored.map((row) => [pairKey(row.taxonomy, row.term_key), row]));
  if (cache) {
    for (const item of unknown) cache.set(pairKey(item.taxonomy, item.key), storedByKey.get(pairKey(item.taxonomy, item.key)) ?? null);
    for (const item of wanted) {
      const row = cache.get(pairKey(item.taxonomy, item.key));
      if (row) storedByKey.set(pairKey(item.taxonomy, item.key), row);
    }
  }
  const exempt = isConnector(principal);
  const rejected = new Map<string, string[]>();
  const newTerms = new Map<string, { taxonomy: string; term: string; official: boolean }>();

  const canonical = (taxonomy: string, value: string): string => {
    const key = termKey(value);
    const row = storedByKey.get(pairKey(taxonomy, key));
    if (taxonomyNamed(taxonomy).kind === 'vocabulary') {
      if (!row) newTerms.set(pairKey(taxonomy, key), { taxonomy, term: key, official: false });
      return row?.term ?? key;
    }
    if (row && (row.official === 1 || exempt)) return row.term;
    if (exempt) {
      newTerms.set(pairKey(taxonomy, key), { taxonomy, term: key, official: false });
      return key;
    }
    const values = rejected.get(taxonomy);
    if (values) values.push(value);
    else rejected.set(taxonomy, [value]);
    return value;
  };

  const resolvedDoc = replaceTerms(resource, doc, canonical);
  if (rejected.size > 0) {
    const problems = [...rejected].map(([taxonomy, values]) => {
      const list = listForMessage(values.map((value) => `'${value}'`));
      return `The term(s) ${list} are not part of the taxonomy for ${taxonomy}. Please see the endpoint ${taxonomyNamed(taxonomy).route} for the accepted terms.`;
    });
    throw badRequest(problems.join(' '));
  }
  return {
    doc: resolvedDoc,
    assetTerms: collectTerms(resource, resolvedDoc).map((item) => ({ taxonomy: item.taxonomy, term: item.value })),
    newTerms: [...newTerms.values()],
  };
}
