import { deepFreeze } from '../json-ld.ts';

/**
 * The inline @context of DCAT-AP output: every prefix the output uses, and nothing else to
 * resolve (no @vocab, no remote context). AIoD declared only dcat, dct and vcard while using
 * spdx, owl, foaf and xsd terms, which made those terms meaningless (C21). A test checks that
 * every compact IRI in an output has its prefix here.
 */
export const dcatApContext = deepFreeze({
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  gsp: 'http://www.opengis.net/ont/geosparql#',
  locn: 'http://www.w3.org/ns/locn#',
  owl: 'http://www.w3.org/2002/07/owl#',
  prov: 'http://www.w3.org/ns/prov#',
  spdx: 'http://spdx.org/rdf/terms#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
});

/** An xsd:dateTime literal; AIoD's dates are ISO 8601 date-times in UTC. */
export function dateTime(value: string | undefined): Record<string, string> | undefined {
  return value === undefined ? undefined : { '@value': value, '@type': 'xsd:dateTime' };
}
