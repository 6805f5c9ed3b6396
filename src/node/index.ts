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

export { isProfileError } from '../errors/guards.js';
export { ProfileError } from '../errors/profile-error.js';
export { fromEnv } from './from-env.js';
export { type FromProfileOptions, fromProfile, type ProfileClientOptions } from './from-profile.js';
export type { NodeSource } from './node-source.js';
