/** Every named connector is registered, harvests the platform its name says, and that platform exists on a fresh install. */
import { describe, expect, it } from 'vitest';
import { CONNECTOR_NAMES, CONNECTOR_PLATFORMS } from '../../src/connectors/names.ts';
import { connectorByName } from '../../src/connectors/registry.ts';
import { resourceByPlural } from '../../src/database/model/registry.ts';
import { SEED_PLATFORMS } from '../../src/services/platforms.ts';

describe('connector registry', () => {
  it.each(CONNECTOR_NAMES)('%s is registered for its seeded platform and owns real resource types', (name) => {
    const connector = connectorByName(name);
    expect(connector?.name).toBe(name);
    expect(connector?.platform).toBe(CONNECTOR_PLATFORMS[name]);
    expect(SEED_PLATFORMS).toContain(CONNECTOR_PLATFORMS[name]);
    expect(connector?.resources.length).toBeGreaterThan(0);
    for (const plural of connector?.resources ?? []) expect(resourceByPlural(plural), plural).toBeDefined();
  });

  it('knows no other names', () => {
    expect(connectorByName('toString')).toBeUndefined();
    expect(connectorByName('github')).toBeUndefined();
  });
});
