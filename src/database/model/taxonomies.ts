/**
 * The term lists behind term fields (reference v2 §3.5-3.6).
 *  - A taxonomy is a tree of terms; non-connector writers must use its official terms.
 *  - A vocabulary is open: any value is accepted, lower-cased, and remembered (keywords, badges...).
 * `sourceName` is the taxonomy's name in AIoD's metadata-schema export (`aiod_taxonomies`).
 */
export interface TaxonomyDefinition {
  name: string;
  kind: 'taxonomy' | 'vocabulary';
  /** Route path (latest and v2), e.g. `/licenses`. */
  route: string;
  /** Deprecated extra route served by /v2 only. */
  v2Alias?: string;
  sourceName?: string;
  description: string;
}

const taxonomy = (
  name: string,
  route: string,
  sourceName: string,
  description: string,
  v2Alias?: string,
): TaxonomyDefinition => ({ name, kind: 'taxonomy', route, sourceName, description, ...(v2Alias ? { v2Alias } : {}) });

const vocabulary = (name: string, route: string, description: string): TaxonomyDefinition => ({
  name,
  kind: 'vocabulary',
  route,
  description,
});

export const taxonomies: TaxonomyDefinition[] = [
  taxonomy('ai_paradigm', '/AI_paradigms', 'AI Paradigm', 'AI paradigms a resource falls under.', '/ai_paradigms'),
  taxonomy('country', '/countries', 'Country', 'Countries, by English name.', '/countrys'),
  taxonomy(
    'educational_competency',
    '/educational_competencies',
    'Educational Competency',
    'Competency levels an educational resource requires.',
    '/educational_competencys',
  ),
  taxonomy('educational_level', '/educational_levels', 'Educational Level', 'Levels of education.'),
  taxonomy('event_mode', '/event_modes', 'Event Mode', 'How an event takes place.'),
  taxonomy('event_status', '/event_statuses', 'Event Status', 'The status of an event.', '/event_status'),
  taxonomy('industrial_sector', '/industrial_sectors', 'Business Sector', 'Business sectors.'),
  taxonomy('language', '/languages', 'Language', 'Human languages, by English name.'),
  taxonomy('learning_mode', '/learning_modes', 'Learning Mode', 'Modes of learning.'),
  taxonomy('license', '/licenses', 'Licence', 'Licences of AI assets.'),
  taxonomy('news_category', '/news_categories', 'News Category', 'Categories of news items.', '/news_categorys'),
  taxonomy(
    'number_of_employees',
    '/numbers_of_employees',
    'Number of Employees',
    'Head-count bands of organisations.',
    '/number_of_employees',
  ),
  taxonomy(
    'organisation_activity_type',
    '/organisation_activity_types',
    'Organisation Activity Type',
    'Activities organisations engage in.',
  ),
  taxonomy('organisation_type', '/organisation_types', 'Organisation Type', 'Types of organisations.'),
  taxonomy('publication_type', '/publication_types', 'Publication', 'Types of publications.'),
  taxonomy('research_area', '/research_areas', 'Research Area', 'Research areas within AI.'),
  taxonomy('scientific_domain', '/scientific_domains', 'Scientific Domain', 'Scientific domains.'),
  taxonomy('turnover', '/turnovers', 'Turnover', 'Annual turnover bands of organisations.'),
  vocabulary('application_area', '/application_areas', 'Areas where AI resources are applied.'),
  vocabulary('badge', '/badges', 'Badges awarded to experiments.'),
  vocabulary('computational_asset_type', '/computational_asset_types', 'Types of computational assets.'),
  vocabulary('edu_access_mode', '/edu_access_modes', 'How educational resources are accessed.'),
  vocabulary('edu_pace', '/edu_paces', 'Paces of educational resources.'),
  vocabulary('edu_prerequisite', '/edu_prerequisites', 'Prerequisites of educational resources.'),
  vocabulary('edu_target_audience', '/edu_target_audiences', 'Audiences of educational resources.'),
  vocabulary('educational_resource_type', '/educational_resource_types', 'Types of educational resources.'),
  vocabulary('expertise', '/expertises', 'Areas of expertise of persons.'),
  vocabulary('external_resource', '/external_resources', 'External resources included in bundles (URLs).'),
  vocabulary('keyword', '/keywords', 'Keywords and tags.'),
  vocabulary('ml_model_type', '/ml_model_types', 'Types of machine-learning models.'),
];

const byName = new Map(taxonomies.map((definition) => [definition.name, definition]));

export function taxonomyNamed(name: string): TaxonomyDefinition {
  const definition = byName.get(name);
  if (!definition) throw new Error(`unknown taxonomy ${name}`);
  return definition;
}

export function taxonomyBySourceName(sourceName: string): TaxonomyDefinition | undefined {
  const wanted = sourceName.trim().toLowerCase();
  return taxonomies.find((definition) => definition.sourceName?.toLowerCase() === wanted);
}
