/**
 * Per-platform rules for `platform_resource_identifier` (reference v1 §2.2.1). Other platforms
 * accept any identifier.
 *
 * A rule describes the identifiers of the records the platform itself hosts (HuggingFace and
 * OpenML datasets and models, Zenodo records), so it applies to those types only. AIoD checks every
 * type, which is why its connectors could never store the creators and citations they derive
 * (contacts and publications have no platform-native id); ours keep them as e.g. `author:<name>`.
 */
const HUGGINGFACE_REPOSITORY = /^(?:[A-Za-z0-9][A-Za-z0-9_.-]*\/)?[A-Za-z0-9_.-]+$/;

const rules: Record<string, (identifier: string) => string | null> = {
  huggingface: (identifier) => {
    if (identifier.length < 1 || identifier.length > 96) return 'must be 1 to 96 characters long';
    if (!HUGGINGFACE_REPOSITORY.test(identifier)) {
      return "must be 'name' or 'namespace/name' of letters, digits, '-', '_' and '.'";
    }
    if (identifier.includes('--') || identifier.includes('..')) return "may not contain '--' or '..'";
    return null;
  },
  openml: (identifier) => (/^\d+$/.test(identifier) ? null : 'must be a non-negative integer'),
  zenodo: (identifier) =>
    /^zenodo\.org:[1-9]\d*$/.test(identifier) || /^[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}$/.test(identifier)
      ? null
      : "must be 'zenodo.org:<record number>' or a Zenodo file id",
};

/** The types (resource `type` values) each platform hosts natively. */
const NATIVE_TYPES: Record<string, ReadonlySet<string>> = {
  huggingface: new Set(['dataset', 'ml_model']),
  openml: new Set(['dataset', 'ml_model']),
  zenodo: new Set(['dataset', 'ml_model']),
};

/** The problem with an identifier of a `type` record on its platform, or null when it is acceptable. */
export function platformIdentifierProblem(platform: string, identifier: string, type = 'dataset'): string | null {
  const rule = rules[platform];
  if (!rule || !NATIVE_TYPES[platform]?.has(type)) return null;
  const problem = rule(identifier);
  return problem ? `A ${platform} platform_resource_identifier ${problem}.` : null;
}
