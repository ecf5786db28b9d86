/** The schema.org type of each AIoD type this module converts, also used for references to them. */
const schemaOrgTypes: Readonly<Record<string, string>> = {
  dataset: 'Dataset',
  publication: 'ScholarlyArticle',
  ml_model: 'SoftwareApplication',
  person: 'Person',
  organisation: 'Organization',
};

/** Other AIoD types (experiments, services, ...) have no converter; as references they are Things. */
export function schemaOrgTypeOf(aiodType: string): string {
  return schemaOrgTypes[aiodType] ?? 'Thing';
}
