/** Every connector by name (names.ts lists the names and platforms). */
import type { Connector } from './connector.ts';
import { exampleConnector } from './example/index.ts';
import type { ConnectorName } from './names.ts';

const connectors: Partial<Record<ConnectorName, Connector>> = {
  example: exampleConnector,
};

export function connectorByName(name: string): Connector | undefined {
  return connectors[name as ConnectorName];
}
