/**
 * soracom-batch/node: helpers that need Node (files, environment, home directory). The core
 * (`soracom-batch`) stays runtime-agnostic; these only produce options for its `createBatchClient`.
 *
 * @example
 * ```ts
 * import { createBatchClient } from 'soracom-batch';
 * import { fromEnv, fromProfile } from 'soracom-batch/node';
 *
 * const batch = createBatchClient({ ...fromProfile('prod') });
 * const fromEnvironment = createBatchClient(fromEnv());
 * ```
 * @module soracom-batch/node
 */

export { type FromProfileOptions, fromEnv, fromProfile, type ProfileClientOptions } from './client-options.js';
export { type NodeSource, ProfileError } from './profile-file.js';
