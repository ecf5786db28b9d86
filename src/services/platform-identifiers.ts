/**
 * Per-platform rules for `platform_resource_identifier` (reference v1 §2.2.1). Other platforms
 * accept any identifier.
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

/** The problem with an identifier on its platform, or null when it is acceptable. */
export function platformIdentifierProblem(platform: string, identifier: string): string | null {
  const rule = rules[platform];
  if (!rule) return null;
  const problem = rule(identifier);
  return problem ? `A ${platform} platform_resource_identifier ${problem}.` : null;
}
