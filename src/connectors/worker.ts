/**
 * A connector worker: one connector, run on a cron schedule and on request, one run at a time in
 * this process (the database lease keeps it to one across processes). Each run is a task with an
 * id whose progress and result can be asked for, and optionally reported to a callback URL.
 */
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Catalogue } from '../services/catalogue.ts';
import type { Connector, RunOptions } from './connector.ts';
import { type RunHooks, type RunProgress, runConnector, type RunSummary } from './runner.ts';

export type TaskStatus = 'running' | RunSummary['status'];

export interface Task {
  task_id: string;
  trigger: 'schedule' | 'request';
  options: RunOptions;
  status: TaskStatus;
  started_at: string;
  progress: RunProgress | null;
  result: RunSummary | null;
  callback_url: string | null;
}

const KEPT_TASKS = 100;
const CALLBACK_TIMEOUT_MS = 10_000;

export class ConnectorWorker {
  private readonly tasks = new Map<string, Task>();
  private current: { task: Task; done: Promise<void> } | undefined;
  private readonly shutdown = new AbortController();
  private cron: Cron | undefined;

  constructor(
    private readonly catalogue: Catalogue,
    readonly connector: Connector,
    private readonly hooks: Pick<RunHooks, 'http'> = {},
  ) {}

  /** Runs on `pattern` (cron syntax, UTC) until closed; an invalid pattern throws here. */
  schedule(pattern: string, options: RunOptions = {}): void {
    this.cron = new Cron(pattern, { timezone: 'UTC', protect: true }, () => {
      if (this.current) {
        this.catalogue.logger.warn({ connector: this.connector.name }, 'scheduled run skipped: the previous run is still going');
        return;
      }
      this.start('schedule', options);
    });
  }

  get schedulePattern(): string | null {
    return this.cron?.getPattern() ?? null;
  }

  get nextRun(): Date | null {
    return this.cron?.nextRun() ?? null;
  }

  get running(): Task | undefined {
    return this.current?.task;
  }

  task(id: string): Task | undefined {
    return this.tasks.get(id);
  }

  lastTask(): Task | undefined {
    return [...this.tasks.values()].at(-1);
  }

  /** Starts a run now, unless one is going (then undefined). */
  start(trigger: Task['trigger'], options: RunOptions = {}, callbackUrl?: string): Task | undefined {
    if (this.current || this.shutdown.signal.aborted) return undefined;
    const task: Task = {
      task_id: randomUUID(),
      trigger,
      options,
      status: 'running',
      started_at: this.catalogue.now().toISOString(),
      progress: null,
      result: null,
      callback_url: callbackUrl ?? null,
    };
    this.tasks.set(task.task_id, task);
    for (const id of [...this.tasks.keys()].slice(0, Math.max(0, this.tasks.size - KEPT_TASKS))) this.tasks.delete(id);
    const done = this.execute(task);
    this.current = { task, done };
    return task;
  }

  private async execute(task: Task): Promise<void> {
    try {
      task.result = await runConnector(this.catalogue, this.connector, task.options, {
        ...this.hooks,
        signal: this.shutdown.signal,
        onProgress: (progress) => {
          task.progress = progress;
        },
      });
      task.status = task.result.status;
    } catch (error) {
      // runConnector records failures itself; this is the database being unreachable.
      this.catalogue.logger.error({ err: error, connector: this.connector.name }, 'connector run could not be recorded');
      task.status = 'failed';
    }
    // The run is over once its result is known; delivering it to the callback is not part of it.
    if (this.current?.task === task) this.current = undefined;
    if (task.callback_url) await this.callBack(task);
  }

  /** PATCHes the task's outcome to its callback URL; a failing callback is logged, not retried. */
  private async callBack(task: Task): Promise<void> {
    const url = task.callback_url as string;
    try {
      const response = await fetch(url, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ task_id: task.task_id, status: task.status, result: task.result }),
        signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
      });
      if (!response.ok) this.catalogue.logger.warn({ url, status: response.status }, 'task callback was refused');
    } catch (error) {
      this.catalogue.logger.warn({ url, err: error }, 'task callback failed');
    }
  }

  /** Stops the schedule, aborts a running run (it keeps its last checkpoint) and waits for it. */
  async close(): Promise<void> {
    this.cron?.stop();
    this.shutdown.abort(new Error('the worker is shutting down'));
    await this.current?.done;
  }
}
