/**
 * The package version, sent in `User-Agent`. A test keeps it equal to package.json's `version`.
 *
 * @example
 * ```ts
 * import { SDK_VERSION } from 'soracom-batch';
 *
 * console.log(`soracom-batch ${SDK_VERSION}`);
 * ```
 * @category Client
 */
export const SDK_VERSION = '0.1.0';
