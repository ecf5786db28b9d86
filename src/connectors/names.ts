/**
 * The connectors this catalogue ships, by the name `connector <name>` takes, and the platform each
 * one harvests (its assets carry that platform; its token role is `platform_<platform>`).
 */
export const CONNECTOR_PLATFORMS = {
  example: 'example',
  huggingface: 'huggingface',
  openml: 'openml',
  zenodo: 'zenodo',
} as const;

export type ConnectorName = keyof typeof CONNECTOR_PLATFORMS;

export const CONNECTOR_NAMES = Object.keys(CONNECTOR_PLATFORMS) as ConnectorName[];

export function isConnectorName(name: string): name is ConnectorName {
  return Object.hasOwn(CONNECTOR_PLATFORMS, name);
}
