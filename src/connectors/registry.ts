/** Every connector by name (names.ts lists the names and platforms). */
import type { Connector } from './connector.ts';
import { exampleConnector } from './example/index.ts';
import { huggingFaceConnector } from './huggingface/index.ts';
import type { ConnectorName } from './names.ts';
import { openMlConnector } from './openml/index.ts';
import { zenodoConnector } from './zenodo/index.ts';

const connectors: Record<ConnectorName, Connector> = {
  example: exampleConnector,
  huggingface: huggingFaceConnector,
  openml: openMlConnector,
  zenodo: zenodoConnector,
};

export function connectorByName(name: string): Connector | undefined {
  return Object.hasOwn(connectors, name) ? connectors[name as ConnectorName] : undefined;
}
