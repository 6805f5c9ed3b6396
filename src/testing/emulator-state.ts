/**
 * `state`: what tests may see and steer while the emulator runs. Everything it returns is a copy
 * shaped like the API's answers (jobs, tasks, SIMs), so reading state never changes it.
 */
import type { AuthStore } from './auth-store.js';
import {
  type BatchGroup,
  type BatchJob,
  type BatchStore,
  type BatchTask,
  groupView,
  jobView,
  taskView,
} from './batch-store.js';
import type { FaultInjector } from './faults.js';
import type { Inventory, Sim, VpgEntry } from './inventory.js';
import type { JobRunner, RunnerSettings } from './job-runner.js';
import { type FaultRule, integerOption, normalizeFault, normalizeSims, type SimSeed } from './options.js';
import type { RequestLog, RequestLogEntry } from './request-log.js';

export type EmulatorState = {
  /** The operator every credential belongs to. */
  readonly operatorId: string;
  groups(): BatchGroup[];
  /** Jobs of one group, or of all groups, in creation order. */
  jobs(batchGroupId?: string): BatchJob[];
  job(jobId: string): BatchJob | undefined;
  /** Tasks of a job, optionally only those with a status. */
  tasks(jobId: string, status?: 'pending' | 'success' | 'error'): BatchTask[];
  sims(): Sim[];
  sim(simId: string): Sim | undefined;
  /** Adds SIMs to the inventory (existing IDs are replaced). */
  addSims(seeds: readonly SimSeed[]): void;
  /** The IP address map of a VPG (undefined when the VPG does not exist). */
  vpgEntries(vpgId: string): VpgEntry[] | undefined;
  /** Every request so far: method, path, query, operation, status (never headers or bodies). */
  requests(): RequestLogEntry[];
  clearRequests(): void;
  /** Stops job processing where it is (jobs stay pending/running) until `resume()`. */
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  /** Resolves when no job is pending or running (not while paused with work left). */
  whenIdle(): Promise<void>;
  /** Aborts a pending or running job as an operator would; false when it had already finished. */
  abortJob(jobId: string): boolean;
  /** Expires every token issued so far: calls answer 401 (or `expiredTokenStatus`), renewal 400. */
  expireTokens(): number;
  /** Adds faults, used in order after the ones still pending. */
  injectFaults(...rules: FaultRule[]): void;
  clearFaults(): void;
  /** Faults not used up yet, with the answers left in `times`. */
  pendingFaults(): FaultRule[];
  /** Tasks on these SIMs fail with `status` (default 500) from now on. */
  failSims(simIds: readonly string[], status?: number): void;
  /** Tasks on these SIMs (all when omitted) stop failing. */
  healSims(simIds?: readonly string[]): void;
  setLatency(ms: number): void;
  setTaskDuration(ms: number): void;
};

export type StateDeps = {
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
    whenIdle: () => runner.whenIdle(),
    abortJob: (jobId) => {
      const job = store.job(jobId);
      return job !== undefined && runner.abort(job, 'Aborted by the operator (emulator state.abortJob)');
    },
    expireTokens: () => auth.expireAll(),
    injectFaults: (...rules) => faults.add(rules.map((rule, i) => normalizeFault(`injectFaults[${i}]`, rule))),
    clearFaults: () => faults.clear(),
    pendingFaults: () => faults.pending(),
    failSims: (simIds, status = 500) => {
      const code = integerOption('failSims status', status, 500, 400, 599);
      for (const id of simIds) inventory.failing.set(id, code);
    },
    healSims: (simIds) => {
      if (simIds === undefined) inventory.failing.clear();
      else for (const id of simIds) inventory.failing.delete(id);
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
