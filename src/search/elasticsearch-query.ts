/**
 * A search query as an Elasticsearch search request. Relevance is `_score` (multi_match over the
 * searched fields, names boosted); `allWords` needs every word somewhere in the searched fields
 * (cross_fields with operator "and"), as the database backend does. Totals are exact
 * (track_total_hits), unlike AIoD's capped 10,000.
 */
import type { SearchQuery } from './backend.ts';
import type { SearchDocument } from './document.ts';
import { facetValues } from './document.ts';
import { searchableByType } from './schema.ts';

/** How much a match in a field counts against one in a description. */
const BOOSTS: Record<string, number> = { name: 3, keyword: 2 };

/** The searched fields over the searched types, with boosts. */
export function searchedFields(query: SearchQuery): string[] {
  const fields = new Set<string>();
  for (const type of query.types) {
    const searchable = searchableByType(type);
    for (const field of query.fields ?? searchable?.fields ?? []) {
      if (searchable?.fields.includes(field)) fields.add(field);
    }
  }
  return [...fields].map((field) => (BOOSTS[field] ? `${field}^${BOOSTS[field]}` : field));
}

function sortOf(query: SearchQuery): unknown[] {
  switch (query.sort) {
    case 'date_modified':
      return [{ date_modified: query.direction }, { identifier: query.direction }];
    case 'identifier':
      return [{ identifier: query.direction }];
    default:
      return ['_score', { identifier: 'asc' }];
  }
}

export function searchRequest(index: string, query: SearchQuery, facetSize: number) {
  const filter: unknown[] = [{ terms: { type: query.types } }];
  if (query.platforms && query.platforms.length > 0) filter.push({ terms: { platform: query.platforms } });
  if (query.dateModifiedAfter !== undefined || query.dateModifiedBefore !== undefined) {
    filter.push({
      range: {
        date_modified: {
          ...(query.dateModifiedAfter !== undefined ? { gte: query.dateModifiedAfter } : {}),
          ...(query.dateModifiedBefore !== undefined ? { lt: query.dateModifiedBefore } : {}),
        },
      },
    });
  }
  const aggregations: Record<string, unknown> = {};
  for (const facet of query.facets) {
    aggregations[facet] = { terms: { field: facet === 'keyword' ? 'keywords' : facet, size: facetSize } };
  }
  return {
    index,
    from: query.offset,
    size: query.limit,
    track_total_hits: true,
    _source: ['identifier', 'type', 'summary'],
    query: {
      bool: {
        must: [
          {
            multi_match: {
              query: query.text,
              fields: searchedFields(query),
              ...(query.allWords ? { type: 'cross_fields', operator: 'and' } : { type: 'best_fields', operator: 'or' }),
            },
          },
        ],
        filter,
      },
    },
    sort: sortOf(query),
    ...(query.facets.length > 0 ? { aggs: aggregations } : {}),
  };
}

/** The indexed source of a document. */
export function sourceOf(document: SearchDocument): Record<string, unknown> {
  const facets = facetValues(document);
  return {
    identifier: document.identifier,
    type: document.type,
    platform: document.platform,
    date_modified: document.dateModified,
    revision: document.revision,
    // Facet fields hold the facet values both backends count (cut and trimmed, see facetValues).
    keywords: facets.filter((value) => value.facet === 'keyword').map((value) => value.value),
    license: facets.find((value) => value.facet === 'license')?.value ?? null,
    summary: document.summary,
    ...document.texts,
  };
}
