/**
 * The task-service protocol a scheduled worker serves on its own port (CONNECTOR_PORT):
 * `GET /status`, `POST /compute` (start a run now; `callback_url` gets a PATCH with the result),
 * `GET /tasks/{id}/status`, and `/metrics` for Prometheus. Orchestrators and health checks use it.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { conflict, createErrorHandler, notFound, validationError } from '../errors.ts';
import { readJsonObject } from '../http/json-body.ts';
import { registerHarvestMetrics } from '../observability/catalogue-metrics.ts';
import { createMetrics } from '../observability/metrics.ts';
import type { Catalogue } from '../services/catalogue.ts';
import type { ConnectorWorker } from './worker.ts';

const computeBody = z
  .object({
    limit: z.number().int().min(1).optional(),
    from: z.iso.date().or(z.iso.datetime()).optional(),
    full: z.boolean().optional(),
    callback_url: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();

export function createTaskService(worker: ConnectorWorker, catalogue: Catalogue): Hono {
  const app = new Hono();
  const metrics = createMetrics();
  registerHarvestMetrics(metrics, catalogue);
  app.use(metrics.middleware);
  app.onError(createErrorHandler(catalogue.logger));
  app.get('/status', (c) => {
    const last = worker.lastTask();
    return c.json({
      connector: worker.connector.name,
      platform: worker.connector.platform,
      status: worker.running ? 'running' : 'idle',
      current_task: worker.running?.task_id ?? null,
      last_task: last ? { task_id: last.task_id, status: last.status, started_at: last.started_at } : null,
      schedule: worker.schedulePattern,
      next_run_at: worker.nextRun?.toISOString() ?? null,
    });
  });
  app.post('/compute', async (c) => {
    // The body is optional: an empty one starts a run with the defaults.
    const json = (await c.req.text()).trim() === '' ? {} : await readJsonObject(c);
    const parsed = computeBody.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error, 'json');
    const { callback_url: callbackUrl, ...options } = parsed.data;
    const task = worker.start('request', options, callbackUrl);
    if (!task) throw conflict(`A run is already in progress: task ${worker.running?.task_id ?? 'unknown'}.`);
    return c.json({ task_id: task.task_id, status: task.status, status_url: `/tasks/${task.task_id}/status` }, 202);
  });
  app.get('/tasks/:id/status', (c) => {
    const task = worker.task(c.req.param('id'));
    if (!task) throw notFound(`Task ${c.req.param('id')} not found.`);
    return c.json(task);
  });
  app.get('/metrics', async (c) => c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }));
  return app;
}
