/**
 * The emulator's side of "did the run do what it said": read from the emulator's own state (in its
 * process, so nothing the client reports is trusted), for one batch group: its jobs, every task of
 * every job, how many tasks each SIM was the target of per action, and the final state of every SIM.
 * A run is right when each SIM of the fleet was the target of exactly one successful task per action
 * and ends in the state the fleet's functions give (fleet.ts).
 */
import type { EmulatorState } from '../../src/testing/index.js';
import { simIdAt } from '../../src/testing/inventory.js';
import { areaOf, type FleetAction, groupOf, simIndexOf, TARGET_STATUS } from './fleet.js';

export type ActionAudit = {
  action: string;
  jobs: number;
  tasks: number;
  succeeded: number;
  failed: number;
  /** Tasks still pending: a job that did not run to its end. */
  pending: number;
  /** SIMs of the fleet that were the target of exactly one task of this action. */
  simsOnce: number;
  simsNever: number;
  simsMoreThanOnce: number;
  /** Tasks on a target outside the fleet (should be none). */
  strayTasks: number;
  /** SIMs of the fleet whose final state does not show this action's change. */
  wrongState: number;
};

/** When the run's requests arrived (ms since epoch, the emulator's clock, which is the bench's). */
export type RequestTimes = {
  count: number;
  creates: number;
  polls: number;
  first?: number;
  firstCreate?: number;
  last?: number;
};

export type Audit = {
  jobs: number;
  tasks: number;
  /** Jobs that did not end `completed`. */
  jobsNotCompleted: number;
  actions: ActionAudit[];
  requests: RequestTimes;
  auditMs: number;
};

/** The action a task called, from its request: `/v1/sims/{id}/<suffix>`. */
const ACTION_OF_SUFFIX: Record<string, string> = {
  set_group: 'setSimGroup',
  tags: 'putSimTags',
  activate: 'activateSim',
  deactivate: 'deactivateSim',
  set_to_standby: 'setSimToStandby',
  suspend: 'suspendSim',
  unset_group: 'unsetSimGroup',
};
const SIM_PATH = /^\/v1\/sims\/([^/]+)\/([a-z_]+)$/;

const STATE_CHECKS: Record<FleetAction, (sim: ReturnType<EmulatorState['sim']>, i: number) => boolean> = {
  setSimGroup: (sim, i) => sim?.groupId === groupOf(i),
  putSimTags: (sim, i) => sim?.tags.area === areaOf(i),
  activateSim: (sim) => sim?.status === TARGET_STATUS,
};

export function auditGroup(
  state: EmulatorState,
  batchGroupId: string,
  fleetSize: number,
  expected: readonly FleetAction[],
): Audit {
  const started = performance.now();
  // Per action, how many tasks targeted SIM i (saturating at 255: "more than once" is all that matters).
  const hits = new Map<string, { audit: ActionAudit; perSim: Uint8Array }>();
  const entry = (action: string) => {
    let found = hits.get(action);
    if (!found) {
      found = {
        audit: {
          action,
          jobs: 0,
          tasks: 0,
          succeeded: 0,
          failed: 0,
          pending: 0,
          simsOnce: 0,
          simsNever: 0,
          simsMoreThanOnce: 0,
          strayTasks: 0,
          wrongState: 0,
        },
        perSim: new Uint8Array(fleetSize),
      };
      hits.set(action, found);
    }
    return found;
  };
  for (const action of expected) entry(action);

  const jobs = state.jobs(batchGroupId);
  let tasks = 0;
  for (const job of jobs) {
    const jobActions = new Set<string>();
    for (const task of state.tasks(job.jobId ?? '')) {
      tasks++;
      const match = SIM_PATH.exec(task.request?.path ?? '');
      const action = (match && ACTION_OF_SUFFIX[match[2] as string]) ?? `${task.request?.method} ${task.request?.path}`;
      jobActions.add(action);
      const { audit, perSim } = entry(action);
      audit.tasks++;
      if (task.status === 'success') audit.succeeded++;
      else if (task.status === 'error') audit.failed++;
      else audit.pending++;
      const index = match ? simIndexOf(match[1] as string) : -1;
      if (index < 0 || index >= fleetSize) audit.strayTasks++;
      else if ((perSim[index] as number) < 255) perSim[index] = (perSim[index] as number) + 1;
    }
    for (const action of jobActions) entry(action).audit.jobs++;
  }

  for (const { audit, perSim } of hits.values()) {
    for (const n of perSim) {
      if (n === 0) audit.simsNever++;
      else if (n === 1) audit.simsOnce++;
      else audit.simsMoreThanOnce++;
    }
  }
  // The final state of every SIM: one copy per SIM, about a second for a million.
  for (let i = 0; i < fleetSize; i++) {
    const sim = state.sim(simIdAt(i));
    for (const action of expected) {
      if (!STATE_CHECKS[action](sim, i)) entry(action).audit.wrongState++;
    }
  }

  const requests: RequestTimes = { count: 0, creates: 0, polls: 0 };
  for (const r of state.requests()) {
    requests.count++;
    requests.first ??= r.time;
    requests.last = r.time;
    if (r.operationId === 'createBatchJob') {
      requests.creates++;
      requests.firstCreate ??= r.time;
    }
    if (r.operationId === 'getBatchJob') requests.polls++;
  }

  return {
    jobs: jobs.length,
    tasks,
    jobsNotCompleted: jobs.filter((j) => j.status !== 'completed').length,
    actions: [...hits.values()].map((h) => h.audit),
    requests,
    auditMs: performance.now() - started,
  };
}

/** True when every expected action reached every SIM exactly once, successfully, and nothing else ran. */
export function auditPassed(audit: Audit, fleetSize: number, expected: readonly FleetAction[]): boolean {
  if (audit.actions.length !== expected.length || audit.jobsNotCompleted > 0) return false;
  return audit.actions.every(
    (a) =>
      expected.includes(a.action as FleetAction) &&
      a.tasks === fleetSize &&
      a.succeeded === fleetSize &&
      a.simsOnce === fleetSize &&
      a.strayTasks === 0 &&
      a.wrongState === 0,
  );
}
