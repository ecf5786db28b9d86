/**
 * Running a connector's generator on its own in a test: a context with the given settings (base
 * URLs pointing at a fixture server) and a helper that collects every event it yields.
 */
import { settingsWith, type Settings } from '../../src/config.ts';
import type { Connector, ConnectorContext, ConnectorEvent } from '../../src/connectors/connector.ts';
import { createHttpClient, httpClientOptions } from '../../src/connectors/http-client.ts';
import { silentLogger } from '../../src/logger.ts';

export function connectorContext(
  settings: Partial<Record<keyof Settings, string>>,
  overrides: Partial<ConnectorContext> = {},
): ConnectorContext {
  const parsed = settingsWith({ DEPLOYMENT_TYPE: 'test', LOG_LEVEL: 'silent', CONNECTOR_HTTP_TIMEOUT_MS: '5000', ...settings });
  return {
    state: null,
    options: {},
    retry: [],
    lastFullScan: null,
    http: createHttpClient(httpClientOptions(parsed)),
    settings: parsed,
    logger: silentLogger(),
    signal: new AbortController().signal,
    now: () => new Date(),
    ...overrides,
  };
}

export async function collectEvents(connector: Connector, context: ConnectorContext): Promise<ConnectorEvent[]> {
  const events: ConnectorEvent[] = [];
  for await (const event of connector.run(context)) events.push(event);
  return events;
}
