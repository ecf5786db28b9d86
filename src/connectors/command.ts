/**
 * `connector <name>`: run a connector once (exit status 1 if the run failed), or with
 * `--schedule "<cron>"` stay up, run on schedule, and serve the task-service protocol.
 */
import { serve } from '@hono/node-server';
import { portOption } from '../cli-arguments.ts';
import { SettingsError } from '../config.ts';
import type { Catalogue } from '../services/catalogue.ts';
import type { RunOptions } from './connector.ts';
import { CONNECTOR_NAMES } from './names.ts';
import { connectorByName } from './registry.ts';
import { runConnector, type RunSummary } from './runner.ts';
import { createTaskService } from './task-service.ts';
import { ConnectorWorker } from './worker.ts';

export interface ConnectorCommandOptions {
  schedule?: string;
  limit?: string;
  from?: string;
  full?: boolean;
  port?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/;

export function parseRunOptions(options: ConnectorCommandOptions): RunOptions {
  const run: RunOptions = {};
  if (options.limit !== undefined) {
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new SettingsError('--limit must be a positive whole number');
    run.limit = limit;
  }
  if (options.from !== undefined) {
    if (!DATE.test(options.from) || Number.isNaN(Date.parse(options.from))) throw new SettingsError('--from must be a date, e.g. 2024-01-31');
    run.from = options.from;
  }
  if (options.full) run.full = true;
  return run;
}

export function requireConnector(name: string | undefined) {
  const connector = name ? connectorByName(name) : undefined;
  if (!connector) throw new SettingsError(`connector: give one of ${CONNECTOR_NAMES.join(', ')}${name ? ` (not '${name}')` : ''}`);
  return connector;
}

export function describeRun(summary: RunSummary): string {
  const counts = `${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.deleted} deleted, ${summary.failed} failed`;
  return `run ${summary.run} ${summary.status}${summary.complete ? ' (complete listing)' : ''}: ${counts}${summary.message ? ` (${summary.message})` : ''}`;
}

export async function connectorCommand(catalogue: Catalogue, name: string | undefined, options: ConnectorCommandOptions): Promise<void> {
  const connector = requireConnector(name);
  const runOptions = parseRunOptions(options);
  if (options.schedule === undefined) {
    const shutdown = new AbortController();
    const stop = () => shutdown.abort(new Error('interrupted'));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const summary = await runConnector(catalogue, connector, runOptions, {
      signal: shutdown.signal,
      onProgress: (progress) =>
        process.stdout.write(
          `  ${connector.name}: ${progress.created} created, ${progress.updated} updated, ${progress.unchanged} unchanged, ${progress.failed} failed (${Math.round(progress.seconds)} s)\n`,
        ),
    });
    process.stdout.write(`${connector.name} ${describeRun(summary)}\n`);
    if (summary.status === 'failed' || summary.status === 'aborted') process.exitCode = 1;
    await catalogue.database.close();
    return;
  }
  const worker = new ConnectorWorker(catalogue, connector);
  try {
    worker.schedule(options.schedule, runOptions);
  } catch (error) {
    throw new SettingsError(`--schedule: not a cron pattern: ${options.schedule} (${(error as Error).message})`);
  }
  const port = portOption(options.port, catalogue.settings.CONNECTOR_PORT);
  const server = serve({ fetch: createTaskService(worker, catalogue).fetch, port, hostname: catalogue.settings.HOST }, (info) =>
    catalogue.logger.info(
      { connector: connector.name, schedule: options.schedule, next: worker.nextRun?.toISOString(), port: info.port },
      `connector worker scheduled; task service on port ${info.port}`,
    ),
  );
  const stop = (signal: string) => {
    catalogue.logger.info({ signal }, 'connector worker shutting down');
    server.close();
    void worker
      .close()
      .then(() => catalogue.database.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
