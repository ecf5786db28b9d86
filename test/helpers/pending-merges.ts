/**
 * Commands, settings and connector names that other branches add (connectors, search, the indexer)
 * and the deployment files already use. The tests accept them from this list until the code that
 * defines them is merged; from then on they are checked against the code itself as well.
 */
import { existsSync } from 'node:fs';

export const PENDING_COMMANDS = ['connector', 'indexer', 'reindex'];

export const PENDING_SETTINGS = [
  'SEARCH_BACKEND',
  'SEARCH_INDEXER',
  'ELASTICSEARCH_URL',
  'ELASTICSEARCH_USERNAME',
  'ELASTICSEARCH_PASSWORD',
  'HF_TOKEN',
  'ZENODO_TOKEN',
  'CONNECTOR_USER_AGENT',
  'CONNECTOR_PORT',
];

/** The connector platforms: from src/connectors/names.ts once it exists, else the planned ones. */
export async function connectorPlatforms(): Promise<string[]> {
  const module = new URL('../../src/connectors/names.ts', import.meta.url);
  if (existsSync(module)) {
    const names = (await import(module.href)) as { CONNECTOR_PLATFORMS?: Record<string, string> };
    if (names.CONNECTOR_PLATFORMS) return Object.values(names.CONNECTOR_PLATFORMS);
  }
  return ['example', 'huggingface', 'openml', 'zenodo'];
}

/** Connector names the `connector <name>` command accepts (same source as above). */
export async function connectorNames(): Promise<string[]> {
  const module = new URL('../../src/connectors/names.ts', import.meta.url);
  if (existsSync(module)) {
    const names = (await import(module.href)) as { CONNECTOR_NAMES?: string[] };
    if (names.CONNECTOR_NAMES) return names.CONNECTOR_NAMES;
  }
  return ['example', 'huggingface', 'openml', 'zenodo'];
}
