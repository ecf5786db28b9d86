/**
 * What administrators see of the connectors: per connector its state (running, last complete
 * listing), its last run and open record errors; per connector its recent runs and errors.
 */
import { isAdmin, type Principal } from '../auth/principal.ts';
import { requireSignedIn } from '../auth/policy.ts';
import { CONNECTOR_NAMES, CONNECTOR_PLATFORMS, isConnectorName } from '../connectors/names.ts';
import { forbidden, notFound } from '../errors.ts';
import { recentErrors, recentRuns } from '../repositories/connector-runs.ts';
import { type Catalogue, timestamp } from './catalogue.ts';

type RunRow = Awaited<ReturnType<typeof recentRuns>>[number];
type ErrorRow = Awaited<ReturnType<typeof recentErrors>>[number];

function requireAdministrator(principal: Principal): void {
  requireSignedIn(principal);
  if (!isAdmin(principal)) throw forbidden('Only administrators may see connector runs.');
}

export function runView(row: RunRow) {
  return {
    identifier: Number(row.identifier),
    connector: row.connector,
    status: row.status,
    complete: Number(row.complete) === 1,
    started_at: row.started_at,
    finished_at: row.finished_at,
    options: JSON.parse(row.options) as Record<string, unknown>,
    created: Number(row.created),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    deleted: Number(row.deleted),
    failed: Number(row.failed),
    message: row.message,
  };
}

function errorView(row: ErrorRow) {
  return {
    run: Number(row.run),
    resource: row.resource,
    platform_resource_identifier: row.platform_resource_identifier,
    message: row.message,
    at: row.at,
    resolved_by_run: row.resolved_run === null ? null : Number(row.resolved_run),
  };
}

export async function connectorOverview(catalogue: Catalogue, principal: Principal) {
  requireAdministrator(principal);
  const { kysely } = catalogue.database;
  const states = await kysely.selectFrom('connector_state').selectAll().execute();
  const open = await kysely
    .selectFrom('connector_error')
    .select(['connector', (eb) => eb.fn.countAll<number>().as('n')])
    .where('resolved_run', 'is', null)
    .groupBy('connector')
    .execute();
  const now = timestamp(catalogue);
  const overview = [];
  for (const name of CONNECTOR_NAMES) {
    const state = states.find((row) => row.connector === name);
    const [lastRun] = await recentRuns(kysely, name, 1);
    overview.push({
      name,
      platform: CONNECTOR_PLATFORMS[name],
      running: Boolean(state?.lease_owner && state.lease_until && state.lease_until > now),
      last_complete_listing: state?.last_full_scan ?? null,
      last_run: lastRun ? runView(lastRun) : null,
      open_errors: Number(open.find((row) => row.connector === name)?.n ?? 0),
    });
  }
  return overview;
}

export async function connectorDetail(catalogue: Catalogue, principal: Principal, name: string, limit: number) {
  requireAdministrator(principal);
  if (!isConnectorName(name)) throw notFound(`Connector ${name} not found; connectors: ${CONNECTOR_NAMES.join(', ')}.`);
  const { kysely } = catalogue.database;
  return {
    name,
    platform: CONNECTOR_PLATFORMS[name],
    runs: (await recentRuns(kysely, name, limit)).map(runView),
    errors: (await recentErrors(kysely, name, limit)).map(errorView),
  };
}
