/** Every connector by name (names.ts lists the names and platforms). */
import type { Connector } from './connector.ts';
import { exampleConnector } from './example/index.ts';
import type { ConnectorName } from './names.ts';
import { openMlConnector } from './openml/index.ts';
import { zenodoConnector } from './zenodo/index.ts';

const connectors: Partial<Record<ConnectorName, Connector>> = {
  example: exampleConnector,
  openml: openMlConnector,
  zenodo: zenodoConnector,
};

export function connectorByName(name: string): Connector | undefined {
  return connectors[name as ConnectorName];
}
