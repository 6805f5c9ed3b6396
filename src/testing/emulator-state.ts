/**
 * `state`: what tests may see and steer while the emulator runs. Everything it returns is a copy
 * shaped like the API's answers (jobs, tasks, SIMs), so reading state never changes it.
 */
import type { AuthStore } from './auth.js';
import {
  type BatchGroup,
  type BatchJob,
  type BatchStore,
  type BatchTask,
  groupView,
  jobView,
  taskView,
} from './batch-store.js';
import { failingSim, normalizeSims } from './check-options.js';
import { integerOption } from './checks.js';
import { type FaultInjector, normalizeFault } from './faults.js';
import type { RequestLog, RequestLogEntry } from './http-server.js';
import type { Inventory, Sim, VpgEntry } from './inventory.js';
import type { JobRunner, RunnerSettings } from './job-runner.js';
import type { FaultRule, SimSeed } from './options.js';

/**
 * What tests may see and steer while the emulator runs (`emulator.state`). Everything it returns is a
 * copy shaped like the API's answers, so reading state never changes it.
 *
 * @example
 * ```ts
 * import { startBatchEmulator } from 'soracom-batch/testing';
 *
 * const { state, close } = await startBatchEmulator({ paused: true });
 * // ... submit a job through the code under test, then:
 * console.log(state.jobs().map((job) => job.status)); // ['pending']
 * state.resume();
 * await state.whenIdle();
 * await close();
 * ```
 * @category Emulator
 */
export type EmulatorState = {
  /** The operator every credential belongs to. */
  readonly operatorId: string;
  /**
   * Every batch group, in creation order.
   *
   * @example
   * ```ts
   * const names = emulator.state.groups().map((group) => group.batchGroupName);
   * ```
   */
  groups(): BatchGroup[];
  /**
   * Jobs of one group, or of all groups, in creation order.
   *
   * @example
   * ```ts
   * const running = emulator.state.jobs(batch_group_id).filter((job) => job.status === 'running');
   * ```
   */
  jobs(batchGroupId?: string): BatchJob[];
  /**
   * One job, or `undefined` when there is none with that ID.
   *
   * @example
   * ```ts
   * console.log(emulator.state.job(job_id)?.summary);
   * ```
   */
  job(jobId: string): BatchJob | undefined;
  /**
   * Tasks of a job, optionally only those with a status.
   *
   * @example
   * ```ts
   * const failed = emulator.state.tasks(job_id, 'error');
   * console.log(failed.map((task) => task.response?.statusCode));
   * ```
   */
  tasks(jobId: string, status?: 'pending' | 'success' | 'error'): BatchTask[];
  /**
   * Every SIM of the inventory.
   *
   * @example
   * ```ts
   * const active = emulator.state.sims().filter((sim) => sim.status === 'active').length;
   * ```
   */
  sims(): Sim[];
  /**
   * One SIM, or `undefined` when the inventory has none with that ID.
   *
   * @example
   * ```ts
   * import { simIdAt } from 'soracom-batch/testing';
   *
   * console.log(emulator.state.sim(simIdAt(0))?.tags);
   * ```
   */
  sim(simId: string): Sim | undefined;
  /**
   * Adds SIMs to the inventory (existing IDs are replaced).
   *
   * @example
   * ```ts
   * emulator.state.addSims([{ simId: '8981100000000009999', status: 'suspended' }]);
   * ```
   */
  addSims(seeds: readonly SimSeed[]): void;
  /**
   * The IP address map of a VPG (undefined when the VPG does not exist).
   *
   * @example
   * ```ts
   * import { DEFAULT_VPG_ID } from 'soracom-batch/testing';
   *
   * console.log(emulator.state.vpgEntries(DEFAULT_VPG_ID)?.map((entry) => `${entry.key} → ${entry.ipAddress}`));
   * ```
   */
  vpgEntries(vpgId: string): VpgEntry[] | undefined;
  /**
   * Every request so far: method, path, query, operation, status (never headers or bodies).
   *
   * @example
   * ```ts
   * const retried = emulator.state.requests().filter((r) => r.status === 429).length;
   * ```
   */
  requests(): RequestLogEntry[];
  /**
   * Forgets the requests logged so far.
   *
   * @example
   * ```ts
   * emulator.state.clearRequests();
   * await batch.listBatchGroups();
   * console.log(emulator.state.requests()); // only what was sent since clearRequests()
   * ```
   */
  clearRequests(): void;
  /**
   * Stops job processing where it is (jobs stay pending/running) until `resume()`.
   *
   * @example
   * ```ts
   * import { tasks } from 'soracom-batch';
   *
   * emulator.state.pause();
   * const job = await batch.createBatchJob({ batch_group_id, body: { tasks: [tasks.activateSim(simId)] } });
   * console.log(emulator.state.job(job.jobId)?.status); // 'pending' until resume()
   * ```
   */
  pause(): void;
  /**
   * Starts job processing again after `pause()` (or the `paused` option).
   *
   * @example
   * ```ts
   * emulator.state.resume();
   * await emulator.state.whenIdle();
   * ```
   */
  resume(): void;
  /** Whether job processing is paused. */
  readonly paused: boolean;
  /**
   * Resolves when no job is pending or running and no request is held by a fault's `processDelayMs`
   * (it may still create a job); not while paused with work left.
   *
   * @example
   * ```ts
   * await emulator.state.whenIdle();
   * console.log(emulator.state.jobs().every((job) => job.status !== 'running')); // true
   * ```
   */
  whenIdle(): Promise<void>;
  /**
   * Aborts a pending or running job as an operator would; false when it had already finished.
   *
   * @example
   * ```ts
   * if (emulator.state.abortJob(job_id)) console.log('aborted');
   * ```
   */
  abortJob(jobId: string): boolean;
  /**
   * Expires every token issued so far: calls answer 401 (or `expiredTokenStatus`), renewal 400.
   * Returns how many tokens it expired.
   *
   * @example
   * ```ts
   * emulator.state.expireTokens();
   * await batch.listBatchGroups(); // a client with login credentials logs in again
   * ```
   */
  expireTokens(): number;
  /**
   * Adds faults, used in order after the ones still pending.
   *
   * @example
   * ```ts
   * emulator.state.injectFaults({ status: 429, times: 2, retryAfterSeconds: 1 }, { status: 503 });
   * ```
   */
  injectFaults(...rules: FaultRule[]): void;
  /**
   * Drops every fault not used up yet.
   *
   * @example
   * ```ts
   * emulator.state.injectFaults({ status: 500, times: Infinity });
   * emulator.state.clearFaults();
   * ```
   */
  clearFaults(): void;
  /**
   * Faults not used up yet, with the answers left in `times`.
   *
   * @example
   * ```ts
   * console.log(emulator.state.pendingFaults().map((rule) => `${rule.status} x${rule.times}`));
   * ```
   */
  pendingFaults(): FaultRule[];
  /**
   * Tasks on these SIMs fail with `status` (default 500) from now on: all of them, or only the next
   * `times` on each SIM (later ones succeed, as after a transient failure).
   *
   * @example
   * ```ts
   * import { simIdAt } from 'soracom-batch/testing';
   *
   * emulator.state.failSims([simIdAt(0), simIdAt(1)], 404);
   * emulator.state.failSims([simIdAt(2)], 503, 1); // fails once, then succeeds
   * ```
   */
  failSims(simIds: readonly string[], status?: number, times?: number): void;
  /**
   * Tasks on these SIMs (all when omitted) stop failing.
   *
   * @example
   * ```ts
   * emulator.state.healSims();
   * ```
   */
  healSims(simIds?: readonly string[]): void;
  /**
   * Answers jobs without `summary` in createBatchJob, getBatchJob and listBatchJobs from now on: these
   * jobs, or every job (those created later too) when `jobIds` is omitted. Their tasks run as usual, and
   * `state.job()` still shows the summary.
   *
   * @example
   * ```ts
   * emulator.state.hideJobSummary();
   * const job = await batch.getBatchJob({ batch_group_id, job_id });
   * console.log(job.summary); // undefined
   * ```
   */
  hideJobSummary(jobIds?: readonly string[]): void;
  /**
   * Answers `summary` again: for these jobs (hidden with `hideJobSummary(jobIds)`), or for every job when
   * `jobIds` is omitted.
   *
   * @example
   * ```ts
   * emulator.state.showJobSummary();
   * ```
   */
  showJobSummary(jobIds?: readonly string[]): void;
  /**
   * Sets the delay before every answer, in ms.
   *
   * @example
   * ```ts
   * emulator.state.setLatency(50);
   * ```
   */
  setLatency(ms: number): void;
  /**
   * Sets the time each task takes, in ms.
   *
   * @example
   * ```ts
   * emulator.state.setTaskDuration(10); // every task now takes 10 ms
   * ```
   */
  setTaskDuration(ms: number): void;
};

type StateDeps = {
  store: BatchStore;
  inventory: Inventory;
  runner: JobRunner;
  runnerSettings: RunnerSettings;
  serverSettings: { latencyMs: number };
  auth: AuthStore;
  faults: FaultInjector;
  log: RequestLog;
};

export function createEmulatorState(deps: StateDeps): EmulatorState {
  const { store, inventory, runner, auth, faults, log } = deps;
  return {
    operatorId: auth.operatorId,
    groups: () => [...store.groups.values()].map(groupView),
    jobs: (batchGroupId) =>
      (batchGroupId === undefined ? store.allJobs() : [...store.jobsOf(batchGroupId)]).map(jobView),
    job: (jobId) => {
      const job = store.job(jobId);
      return job && jobView(job);
    },
    tasks: (jobId, status) => {
      const tasks = store.job(jobId)?.tasks ?? [];
      return (status === undefined ? tasks : tasks.filter((t) => t.status === status)).map(taskView);
    },
    sims: () => inventory.allSims(),
    sim: (simId) => inventory.sim(simId),
    addSims: (seeds) => inventory.addSims(normalizeSims(seeds, 'addSims', inventory.simCount)),
    vpgEntries: (vpgId) => inventory.vpgEntries(vpgId),
    requests: () => log.list(),
    clearRequests: () => log.clear(),
    pause: () => runner.pause(),
    resume: () => runner.resume(),
    get paused() {
      return runner.paused;
    },
    whenIdle: async () => {
      // A request held by a fault's processDelayMs may still create a job: wait for it, then for the jobs.
      do {
        await faults.whenNothingHeld();
        await runner.whenIdle();
      } while (faults.heldCount > 0);
    },
    abortJob: (jobId) => {
      const job = store.job(jobId);
      return job !== undefined && runner.abort(job, 'Aborted by the operator (emulator state.abortJob)');
    },
    expireTokens: () => auth.expireAll(),
    injectFaults: (...rules) => faults.add(rules.map((rule, i) => normalizeFault(`injectFaults[${i}]`, rule))),
    clearFaults: () => faults.clear(),
    pendingFaults: () => faults.pending(),
    failSims: (simIds, status = 500, times = Infinity) => {
      const failing = failingSim('failSims', status, times);
      for (const id of simIds) inventory.failing.set(id, { ...failing });
    },
    healSims: (simIds) => {
      if (simIds === undefined) inventory.failing.clear();
      else for (const id of simIds) inventory.failing.delete(id);
    },
    hideJobSummary: (jobIds) => {
      if (jobIds === undefined) store.hiddenSummaries.all = true;
      else for (const id of jobIds) store.hiddenSummaries.jobs.add(id);
    },
    showJobSummary: (jobIds) => {
      if (jobIds === undefined) {
        store.hiddenSummaries.all = false;
        store.hiddenSummaries.jobs.clear();
      } else for (const id of jobIds) store.hiddenSummaries.jobs.delete(id);
    },
    setLatency: (ms) => {
      deps.serverSettings.latencyMs = integerOption('latencyMs', ms, 0, 0);
    },
    setTaskDuration: (ms) => {
      deps.runnerSettings.taskDurationMs = integerOption('taskDurationMs', ms, 0, 0);
      runner.poke();
    },
  };
}
