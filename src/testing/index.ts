/**
 * soracom-batch/testing: a local, stateful Batch API emulator for tests and demos (Node only).
 * Kept out of the core entry, which must not pull in Node built-ins.
 *
 * @example
 * ```ts
 * import { createBatchClient, tasks } from 'soracom-batch';
 * import { runTasks } from 'soracom-batch/jobs';
 * import { simIdAt, simIds, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const emulator = await startBatchEmulator({ sims: 1_000 });
 * const batch = createBatchClient(emulator.clientOptions);
 * const { batchGroupId } = await batch.createBatchGroup({ body: { batchGroupName: 'test' } });
 * const result = await runTasks(batch, { batch_group_id: batchGroupId, tasks: tasks.many('activateSim', simIds(1_000)) });
 * console.log(result.ok, emulator.state.sim(simIdAt(0))?.status); // true 'active'
 * await emulator.close();
 * ```
 * @module soracom-batch/testing
 */

export type { BatchGroup, BatchJob, BatchJobSummary, BatchTask } from './batch-store.js';
export type { EmulatorState } from './emulator-state.js';
export type { ErrorBody } from './faults.js';
export type { RequestLogEntry } from './http-server.js';
export { imsiAt, type Sim, simIdAt, simIds, type VpgEntry } from './inventory.js';
export {
  type ApiTokenPair,
  type BatchEmulatorOptions,
  type CorsOptions,
  DEFAULT_SIM_COUNT,
  DEFAULT_VPG_ID,
  DEMO_CREDENTIALS,
  type EmulatorCredentials,
  type EmulatorOperationId,
  type FailingSim,
  type FaultRule,
  type MalformedBody,
  type SimSeed,
  type SimStatus,
} from './options.js';
export {
  type BatchEmulator,
  type EmulatorClientOptions,
  type EmulatorLogin,
  startBatchEmulator,
} from './start-batch-emulator.js';
