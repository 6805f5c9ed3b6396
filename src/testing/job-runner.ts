/**
 * Moves jobs through pending → running → completed / failed / aborted, running their tasks against
 * the inventory. One scheduler for all jobs: each tick runs up to `tasksPerTick` due tasks per job
 * and then yields to the event loop (setImmediate), so a 10,000-task job with `taskDurationMs: 0`
 * finishes in a few ticks while HTTP requests are still answered between them. With a duration,
 * task times are kept on a per-job schedule (`nextTaskAt`) rather than one timer per task, so timer
 * granularity does not slow jobs down.
 *
 * A task applies its action to the inventory and records what the called API would answer: 200 with
 * the SIM (or the VPG map entry), 404 for an unknown SIM or VPG, 400 for a body the API refuses.
 * Executing a task never throws: every outcome is a task response.
 */
import { isActive, type JobRecord, type JobStatus, nowSeconds } from './batch-store.js';
import { codes } from './faults.js';
import { type Inventory, type SimRecord, toSim } from './inventory.js';
import type { SimStatus } from './options.js';
import type { ActionId } from './routes.js';

export type TaskResponse = { statusCode: number; body: Record<string, unknown> };

const fail = (statusCode: number, code: string, message: string): TaskResponse => ({
  statusCode,
  body: { code, message },
});

/** The four state changes and the status each leads to. */
const STATUS_ACTIONS: Partial<Record<ActionId, SimStatus>> = {
  activateSim: 'active',
  deactivateSim: 'inactive',
  setSimToStandby: 'standby',
  suspendSim: 'suspended',
};

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function injected(inventory: Inventory, simId: string): TaskResponse | undefined {
  const status = inventory.takeFailure(simId);
  return status === undefined
    ? undefined
    : fail(status, codes.injectedTaskFailure, `Injected failure for SIM ${simId} (failingSims)`);
}

function simAction(inventory: Inventory, action: ActionId, simId: string, body: unknown): TaskResponse {
  const sim = inventory.record(simId);
  if (!sim) return fail(404, codes.simNotFound, `No such SIM: ${simId}`);
  const failure = injected(inventory, simId);
  if (failure) return failure;
  if (sim.status === 'terminated') return fail(400, codes.simTerminated, `SIM ${simId} is terminated`);

  const status = STATUS_ACTIONS[action];
  if (status !== undefined) {
    if (action === 'setSimToStandby' && !sim.supportsStandby) {
      return fail(400, codes.standbyUnsupported, `SIM ${simId} does not support standby`);
    }
    sim.status = status;
    return ok(sim);
  }
  switch (action) {
    case 'setSimGroup': {
      if (!isRecord(body) || typeof body.groupId !== 'string' || body.groupId === '') {
        return fail(400, codes.invalidTaskBody, 'setSimGroup needs a body {"groupId": string}');
      }
      sim.groupId = body.groupId;
      return ok(sim);
    }
    case 'unsetSimGroup':
      sim.groupId = undefined;
      return ok(sim);
    case 'putSimTags': {
      const invalid =
        !Array.isArray(body) ||
        body.length === 0 ||
        body.some(
          (t) => !isRecord(t) || typeof t.tagName !== 'string' || t.tagName === '' || typeof t.tagValue !== 'string',
        );
      if (invalid) {
        return fail(
          400,
          codes.invalidTaskBody,
          'putSimTags needs a non-empty array body [{"tagName": string, "tagValue": string}]',
        );
      }
      // The API adds or updates the given tags and keeps the others.
      for (const tag of body as Array<{ tagName: string; tagValue: string }>) sim.tags[tag.tagName] = tag.tagValue;
      return ok(sim);
    }
    default:
      return fail(400, codes.unsupportedAction, `${action} is not a SIM action`);
  }
}

function ok(sim: SimRecord): TaskResponse {
  return { statusCode: 200, body: toSim(sim) };
}

function vpgAction(inventory: Inventory, vpgId: string, body: unknown): TaskResponse {
  const map = inventory.vpgMap(vpgId);
  if (!map) return fail(404, codes.vpgNotFound, `No such Virtual Private Gateway: ${vpgId}`);
  if (
    !isRecord(body) ||
    typeof body.key !== 'string' ||
    body.key === '' ||
    typeof body.ipAddress !== 'string' ||
    !IPV4.test(body.ipAddress)
  ) {
    return fail(
      400,
      codes.invalidTaskBody,
      'putVirtualPrivateGatewayIpAddressMapEntry needs a body {"key": IMSI, "ipAddress": IPv4 address}',
    );
  }
  // The map is keyed by IMSI; a failing SIM fails its VPG tasks too.
  const sim = inventory.recordByImsi(body.key);
  const failure = sim && injected(inventory, sim.simId);
  if (failure) return failure;
  const entry = { key: body.key, ipAddress: body.ipAddress, type: 'static' };
  map.set(entry.key, entry);
  return { statusCode: 200, body: { ...entry } };
}

function executeAction(
  inventory: Inventory,
  action: ActionId,
  params: Record<string, string>,
  body: unknown,
): TaskResponse {
  if (action === 'putVirtualPrivateGatewayIpAddressMapEntry')
    return vpgAction(inventory, params.vpg_id as string, body);
  return simAction(inventory, action, params.sim_id as string, body);
}

/** Live settings: tests may change them while the emulator runs. */
export type RunnerSettings = {
  taskDurationMs: number;
  tasksPerTick: number;
  summaryEveryTasks: number;
  jobStartDelayMs: number;
};

export class JobRunner {
  private readonly active = new Set<JobRecord>();
  private timer:
    | { kind: 'immediate'; handle: NodeJS.Immediate }
    | { kind: 'timeout'; handle: NodeJS.Timeout }
    | undefined;
  private idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(
    private readonly inventory: Inventory,
    private readonly settings: RunnerSettings,
    private pausedFlag: boolean,
  ) {}

  get paused(): boolean {
    return this.pausedFlag;
  }

  /** Takes a newly created (pending) job. */
  start(job: JobRecord): void {
    job.startAt = Date.now() + this.settings.jobStartDelayMs;
    this.active.add(job);
    this.schedule(0);
  }

  pause(): void {
    this.pausedFlag = true;
    this.clearTimer();
  }

  resume(): void {
    if (!this.pausedFlag) return;
    this.pausedFlag = false;
    // Time spent paused is not owed to running jobs: their next task is due now, not in a burst.
    const now = Date.now();
    for (const job of this.active) if (job.status === 'running') job.nextTaskAt = Math.max(job.nextTaskAt, now);
    this.schedule(0);
  }

  /** Stops a job where it is, as an operator aborting it would: the remaining tasks stay pending. */
  abort(job: JobRecord, reason: string): boolean {
    if (!isActive(job)) return false;
    this.finish(job, 'aborted', reason);
    this.active.delete(job);
    this.notifyIfIdle();
    return true;
  }

  /** Resolves once no job is pending or running (never while paused with work left). */
  whenIdle(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get activeCount(): number {
    return this.active.size;
  }

  /** Called by `close()`: no more ticks. */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  /** Applies a changed setting at once rather than at the next scheduled tick. */
  poke(): void {
    if (this.active.size > 0) this.schedule(0);
  }

  private clearTimer(): void {
    if (!this.timer) return;
    if (this.timer.kind === 'immediate') clearImmediate(this.timer.handle);
    else clearTimeout(this.timer.handle);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.pausedFlag || this.stopped) return;
    this.clearTimer();
    this.timer =
      delayMs <= 0
        ? { kind: 'immediate', handle: setImmediate(this.tick) }
        : { kind: 'timeout', handle: setTimeout(this.tick, delayMs) };
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    if (this.pausedFlag || this.stopped) return;
    const now = Date.now();
    const { taskDurationMs, tasksPerTick } = this.settings;
    let wakeAt = Number.POSITIVE_INFINITY;
    let backlog = false;

    for (const job of [...this.active]) {
      if (job.status === 'pending') {
        if (now < job.startAt) {
          wakeAt = Math.min(wakeAt, job.startAt);
          continue;
        }
        job.status = 'running';
        job.updatedTime = nowSeconds();
        job.nextTaskAt = now;
      }
      let budget = tasksPerTick;
      while (job.status === 'running' && budget > 0) {
        if (taskDurationMs > 0 && job.nextTaskAt > now) {
          wakeAt = Math.min(wakeAt, job.nextTaskAt);
          break;
        }
        this.runTask(job);
        budget -= 1;
        if (taskDurationMs > 0) job.nextTaskAt += taskDurationMs;
      }
      if (job.status === 'running' && budget === 0) backlog = true;
      if (!isActive(job)) this.active.delete(job);
    }

    if (this.notifyIfIdle()) return;
    if (backlog) this.schedule(0);
    else if (wakeAt !== Number.POSITIVE_INFINITY) this.schedule(Math.max(1, wakeAt - now));
  };

  private notifyIfIdle(): boolean {
    if (this.active.size > 0) return false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
    return true;
  }

  private runTask(job: JobRecord): void {
    const task = job.tasks[job.next] as JobRecord['tasks'][number];
    job.next += 1;
    task.startedTime = nowSeconds();
    const response = executeAction(this.inventory, job.action, task.params, task.request.body);
    task.response = response;
    task.finishedTime = nowSeconds();
    const succeeded = response.statusCode >= 200 && response.statusCode < 300;
    task.status = succeeded ? 'success' : 'error';
    job.counts.pending -= 1;
    if (succeeded) job.counts.success += 1;
    else job.counts.error += 1;

    if (!succeeded && job.abortOnFailure) {
      const message =
        typeof response.body.message === 'string' ? response.body.message : `status ${response.statusCode}`;
      this.finish(
        job,
        'aborted',
        `Aborted on the first failed task (abortOnFailure): task ${task.taskId} answered ${response.statusCode}: ${message}`,
      );
    } else if (job.next === job.tasks.length) {
      const { error } = job.counts;
      this.finish(
        job,
        error > 0 ? 'failed' : 'completed',
        error > 0 ? `${error} of ${job.tasks.length} tasks failed` : undefined,
      );
    } else if ((job.counts.success + job.counts.error) % this.settings.summaryEveryTasks === 0) {
      // The API refreshes the summary periodically, not on every task (BatchJobSummary description).
      job.summary = { ...job.counts };
      job.updatedTime = nowSeconds();
    }
  }

  private finish(job: JobRecord, status: JobStatus, errorMessage: string | undefined): void {
    const now = nowSeconds();
    job.status = status;
    job.summary = { ...job.counts };
    job.updatedTime = now;
    job.finishedTime = now;
    if (errorMessage !== undefined) job.errorMessage = errorMessage;
  }
}
