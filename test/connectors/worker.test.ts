/**
 * The connector worker's task-service protocol (GET /status, POST /compute with a callback,
 * GET /tasks/{id}/status, /metrics), its cron schedule, and the API's GET /connectors for
 * administrators.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anonymous, type Principal } from '../../src/auth/principal.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import { exampleConnector } from '../../src/connectors/example/index.ts';
import { createTaskService } from '../../src/connectors/task-service.ts';
import { ConnectorWorker } from '../../src/connectors/worker.ts';
import { openTestCatalogue, type TestCatalogue } from '../helpers/catalogue.ts';
import { dialects } from '../helpers/databases.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';

async function until<T>(read: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A connector that yields one record, then waits until released (to catch it running). */
function heldConnector() {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const connector: Connector = {
    name: 'openml',
    platform: 'openml',
    resources: ['datasets'],
    async *run() {
      yield { kind: 'record', resource: 'datasets', platformResourceIdentifier: '1', body: { name: 'held' } };
      await released;
    },
  };
  return { connector, release };
}

describe.each(dialects)('connector worker on %s', (dialect) => {
  let t: TestCatalogue;
  let callbacks: FixtureServer;
  const received: Array<{ method: string; body: any }> = [];
  beforeEach(async () => {
    t = await openTestCatalogue(dialect);
    received.length = 0;
    callbacks = await startFixtureServer(async (request, response) => {
      let body = '';
      for await (const chunk of (response.req as AsyncIterable<Buffer>)) body += chunk;
      received.push({ method: request.method, body: JSON.parse(body) });
      response.writeHead(204).end();
    });
  });
  afterEach(async () => {
    await callbacks.close();
    await t.close();
  });

  it('starts a run on POST /compute, reports it by task id, and PATCHes the result to the callback', async () => {
    const worker = new ConnectorWorker(t.catalogue, exampleConnector);
    const service = createTaskService(worker, t.catalogue);
    const idle = await (await service.request('/status')).json();
    expect(idle).toMatchObject({ connector: 'example', status: 'idle', current_task: null, last_task: null });

    const started = await service.request('/compute', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ callback_url: `${callbacks.url}/done` }),
    });
    expect(started.status).toBe(202);
    const { task_id: taskId, status_url: statusUrl } = (await started.json()) as { task_id: string; status_url: string };
    const finished = await until(async () => {
      const task = (await (await service.request(statusUrl)).json()) as Record<string, any>;
      return task.status === 'running' ? undefined : task;
    });
    expect(finished).toMatchObject({ task_id: taskId, trigger: 'request', status: 'succeeded' });
    expect(finished.result.created).toBeGreaterThan(15);
    await until(() => (received.length > 0 ? received : undefined));
    expect(received[0]).toMatchObject({ method: 'PATCH', body: { task_id: taskId, status: 'succeeded' } });
    expect(received[0]?.body.result.created).toBe(finished.result.created);
    const status = await (await service.request('/status')).json();
    expect(status).toMatchObject({ status: 'idle', last_task: { task_id: taskId, status: 'succeeded' } });
    const metrics = await (await service.request('/metrics')).text();
    expect(metrics).toMatch(/aiod_connector_runs\{connector="example",status="succeeded"\} 1/);
    await worker.close();
  });

  it('refuses a second run while one is going, bad bodies, and unknown tasks', async () => {
    const { connector, release } = heldConnector();
    const worker = new ConnectorWorker(t.catalogue, connector);
    const service = createTaskService(worker, t.catalogue);
    const first = await service.request('/compute', { method: 'POST' });
    expect(first.status).toBe(202);
    const { task_id: taskId } = (await first.json()) as { task_id: string };
    const second = await service.request('/compute', { method: 'POST' });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { detail: string }).detail).toContain(taskId);
    expect(await (await service.request('/status')).json()).toMatchObject({ status: 'running', current_task: taskId });

    const bad = await service.request('/compute', { method: 'POST', body: JSON.stringify({ limit: 0, callback_url: 'ftp://x' }) });
    expect(bad.status).toBe(422);
    const problems = ((await bad.json()) as { detail: Array<{ loc: string[] }> }).detail.map((issue) => issue.loc.at(-1));
    expect(problems).toEqual(expect.arrayContaining(['limit', 'callback_url']));
    expect((await service.request('/compute', { method: 'POST', body: '{not json' })).status).toBe(422);
    expect((await service.request('/tasks/nope/status')).status).toBe(404);

    release();
    const done = await until(() => (worker.running ? undefined : worker.task(taskId)));
    expect(done.status).toBe('succeeded');
    await worker.close();
  });

  it('runs on its cron schedule and refuses a pattern that is not cron', async () => {
    const worker = new ConnectorWorker(t.catalogue, exampleConnector);
    expect(() => worker.schedule('every tuesday')).toThrow();
    worker.schedule('* * * * * *');
    expect(worker.nextRun).toBeInstanceOf(Date);
    const task = await until(() => worker.lastTask());
    expect(task.trigger).toBe('schedule');
    await until(() => (worker.lastTask()?.status === 'succeeded' ? true : undefined));
    await worker.close();
    const datasets = (await (await t.app.request('/datasets?limit=100')).json()) as unknown[];
    expect(datasets.length).toBeGreaterThan(0);
  });

  it('aborts a running run on close, keeping what it stored', async () => {
    const { connector } = heldConnector();
    const worker = new ConnectorWorker(t.catalogue, connector);
    const task = worker.start('request');
    expect(task).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The held connector never finishes by itself; close must abort it and wait.
    const closing = worker.close();
    const outcome = await Promise.race([closing.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('hung'), 5000))]);
    expect(outcome).toBe('closed');
    expect(worker.task(task?.task_id as string)?.status).toBe('aborted');
    const stored = (await (await t.app.request('/datasets?limit=100')).json()) as Array<{ name: string }>;
    expect(stored.map((dataset) => dataset.name)).toContain('held');
  });

  it('shows connector runs to administrators only (GET /connectors)', async () => {
    const worker = new ConnectorWorker(t.catalogue, exampleConnector);
    const task = worker.start('request');
    // The worker's run ends after the lease is released, which is what `running` reads.
    await until(() => (worker.running ? undefined : true));
    expect(task?.status).toBe('succeeded');
    const overview = (await (await t.app.request('/connectors')).json()) as Array<Record<string, any>>;
    expect(overview.map((entry) => entry.name)).toEqual(['example', 'huggingface', 'openml', 'zenodo']);
    const example = overview.find((entry) => entry.name === 'example');
    expect(example).toMatchObject({ platform: 'example', running: false, open_errors: 0 });
    expect(example?.last_run).toMatchObject({ status: 'succeeded', complete: true, failed: 0 });
    expect(example?.last_complete_listing).toEqual(expect.any(String));
    const detail = (await (await t.app.request('/connectors/example?limit=5')).json()) as Record<string, any>;
    expect(detail.runs).toHaveLength(1);
    expect((await t.app.request('/connectors/nothing')).status).toBe(404);

    const user: Principal = { subject: 'u1', username: 'user', roles: new Set() };
    expect((await t.appWith(async () => anonymous).request('/connectors')).status).toBe(401);
    expect((await t.appWith(async () => user).request('/connectors')).status).toBe(403);
    expect((await t.appWith(async () => user).request('/connectors/example')).status).toBe(403);
    await worker.close();
  });
});
