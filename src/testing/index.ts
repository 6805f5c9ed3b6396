/**
 * soracom-batch/testing: a local, stateful Batch API emulator for tests and demos (Node only).
 * Kept out of the core entry, which must not pull in Node built-ins.
 */

export type { BatchGroup, BatchJob, BatchJobSummary, BatchTask } from './batch-store.js';
export type { EmulatorState } from './emulator-state.js';
export type { ErrorBody } from './error-codes.js';
export { imsiAt, simIdAt, simIds } from './ids.js';
export type { Sim, VpgEntry } from './inventory.js';
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
export type { RequestLogEntry } from './request-log.js';
export { type BatchEmulator, type EmulatorLogin, startBatchEmulator } from './start-batch-emulator.js';
