/**
 * soracom-batch/testing: a local, stateful Batch API emulator for tests and demos (Node only).
 * Kept out of the core entry, which must not pull in Node built-ins.
 *
 * @example
 * ```ts
 * import { createBatchClient, tasks } from 'soracom-batch';
 * import { DEMO_CREDENTIALS, simIdAt, simIds, startBatchEmulator } from 'soracom-batch/testing';
 *
 * const emulator = await startBatchEmulator({ sims: 1_000 });
 * const { apiKey, token } = DEMO_CREDENTIALS;
 * const batch = createBatchClient({ baseUrl: emulator.baseUrl, auth: { apiKey, token } });
 * const group = await batch.createBatchGroup({ body: { batchGroupName: 'test' } });
 * const result = await batch.runTasks({ batch_group_id: group.batchGroupId!, tasks: tasks.many('activateSim', simIds(1_000)) });
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
  DEFAULT_VPG_ID,
  DEMO_CREDENTIALS,
  type EmulatorCredentials,
  type EmulatorOperationId,
  type FaultRule,
  type SimSeed,
  type SimStatus,
} from './options.js';
export { type BatchEmulator, type EmulatorLogin, startBatchEmulator } from './start-batch-emulator.js';
