import { deepFreeze } from '../json-ld.ts';

/**
 * The inline @context of every schema.org output (no remote context: validators must not fetch).
 * http, not https: schema.org's own context maps terms to http://schema.org/, so our IRIs compare
 * equal to those of documents that use it. URL-valued properties are IRIs and dates are typed, as
 * in that context.
 */
export const schemaOrgContext = deepFreeze({
  '@vocab': 'http://schema.org/',
  url: { '@type': '@id' },
  sameAs: { '@type': '@id' },
  contentUrl: { '@type': '@id' },
  downloadUrl: { '@type': '@id' },
  installUrl: { '@type': '@id' },
  datePublished: { '@type': 'DateTime' },
  dateModified: { '@type': 'DateTime' },
  foundingDate: { '@type': 'Date' },
});
