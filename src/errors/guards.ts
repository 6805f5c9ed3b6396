/**
 * Type guards that work across realms and duplicate installs: they read the brand set by
 * `SoracomError` instead of relying on `instanceof`.
 */

import type { AbortError } from './abort-error.js';
import type {
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  SoracomApiError,
} from './api-errors.js';
import type { ConnectionError } from './connection-error.js';
import type { ProfileError } from './profile-error.js';
import { ERROR_BRAND, type SoracomError } from './soracom-error.js';
import type { TimeoutError } from './timeout-error.js';
import type { BatchValidationError } from './validation-error.js';

function chainOf(value: unknown): readonly string[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const chain = (value as { [ERROR_BRAND]?: unknown })[ERROR_BRAND];
  return Array.isArray(chain) ? chain : undefined;
}

/**
 * A guard for the error class whose `kind` is `className` (and its subclasses). Calls of it are marked
 * `@__PURE__`: the built entry holds many modules in one file, and a bundler keeps every top-level call
 * it cannot prove free of side effects, so unmarked guards would reach bundles that never use them.
 */
export const guard =
  <T>(className: string) =>
  (value: unknown): value is T =>
    chainOf(value)?.includes(className) ?? false;

/**
 * Whether `value` is a {@link SoracomError}: any error this SDK throws. Unlike `instanceof`, it works across realms and
 * duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { isSoracomError } from 'soracom-batch';
 *
 * try {
 *   await batch.listBatchGroups();
 * } catch (error) {
 *   if (isSoracomError(error)) console.error(error.name, error.message);
 * }
 * ```
 * @category Errors
 * @function
 */
export const isSoracomError = /* @__PURE__ */ guard<SoracomError>('SoracomError');
/**
 * Whether `value` is a {@link SoracomApiError}: a non-2xx answer of the API, whatever its status. Unlike `instanceof`, it works across realms and
 * duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { isSoracomApiError } from 'soracom-batch';
 *
 * try {
 *   await batch.getBatchGroup({ batch_group_id });
 * } catch (error) {
 *   if (isSoracomApiError(error)) console.error(error.status, error.code, error.requestId);
 * }
 * ```
 * @category Errors
 * @function
 */
export const isSoracomApiError = /* @__PURE__ */ guard<SoracomApiError>('SoracomApiError');
/**
 * Whether `value` is a {@link BadRequestError}: a 400 answer. Unlike `instanceof`, it works across realms and
 * duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { isBadRequestError } from 'soracom-batch';
 *
 * try {
 *   await batch.createBatchGroup({ body: { batchGroupName: 'Monthly SIM Tag Update' } });
 * } catch (error) {
 *   if (isBadRequestError(error)) console.error(error.serverMessage);
 * }
 * ```
 * @category Errors
 * @function
 */
export const isBadRequestError = /* @__PURE__ */ guard<BadRequestError>('BadRequestError');
/**
 * Whether `value` is a {@link AuthenticationError}: a 401 answer (or the API's invalid-token 400). Unlike `instanceof`, it works across realms and
 * duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { isAuthenticationError } from 'soracom-batch';
 *
 * try {
 *   await batch.listBatchGroups();
 * } catch (error) {
 *   if (isAuthenticationError(error)) console.error('log in again:', error.message);
 * }
 * ```
 * @category Errors
 * @function
 */
export const isAuthenticationError = /* @__PURE__ */ guard<AuthenticationError>('AuthenticationError');
/**
 * Whether `value` is a {@link PermissionDeniedError}: a 403 answer. Unlike `instanceof`, it works across realms and
 * duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { isPermissionDeniedError } from 'soracom-batch';
 *
 * try {
 *   await batch.deleteBatchGroup({ batch_group_id });
 * } catch (error) {
 *   if (isPermissionDeniedError(error)) console.error('missing permission:', error.serverMessage);
 * }
 * ```
 * @category Errors
 * @function
 */
export const isPermissionDeniedError = /* @__PURE__ */ guard<PermissionDeniedError>('PermissionDeniedError');
/**
 * Whether `value` is a {@link NotFoundError}: a 404 answer. Unlike `instanceof`, it works across realms and
 * duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { isNotFoundError } from 'soracom-batch';
 *
 * try {
 *   await batch.getBatchGroup({ batch_group_id });
 * } catch (error) {
 *   if (isNotFoundError(error)) console.log('already deleted');
 * }
 * ```
 * @category Errors
 * @function
 */
export const isNotFoundError = /* @__PURE__ */ guard<NotFoundError>('NotFoundError');
/**
 * Whether `value` is a {@link RateLimitError}: a 429 answer that was still refused after the retries. Unlike `instanceof`, it works across realms and
 * duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { isRateLimitError } from 'soracom-batch';
 *
 * try {
 *   await batch.createBatchGroup({ body: { batchGroupName: 'Monthly SIM Tag Update' } });
 * } catch (error) {
 *   if (isRateLimitError(error)) console.error('rate limited after', error.attempts, 'attempts');
 * }
 * ```
 * @category Errors
 * @function
 */
export const isRateLimitError = /* @__PURE__ */ guard<RateLimitError>('RateLimitError');
/**
 * Whether `value` is a {@link ServerError}: a 5xx answer that was still refused after the retries. Unlike `instanceof`, it works across realms and
 * duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { isServerError } from 'soracom-batch';
 *
 * try {
 *   await batch.listBatchGroups();
 * } catch (error) {
 *   if (isServerError(error)) console.error(error.status, error.requestId);
 * }
 * ```
 * @category Errors
 * @function
 */
export const isServerError = /* @__PURE__ */ guard<ServerError>('ServerError');
/**
 * Whether `value` is a {@link BatchValidationError}: bad input caught before any request was sent. Unlike `instanceof`, it works across realms and
 * duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { isBatchValidationError } from 'soracom-batch';
 *
 * try {
 *   await batch.getBatchGroup({ batch_group_id: '' }); // getBatchGroup.batch_group_id must not be empty
 * } catch (error) {
 *   if (isBatchValidationError(error)) console.error(error.argument, error.rule);
 * }
 * ```
 * @category Errors
 * @function
 */
export const isBatchValidationError = /* @__PURE__ */ guard<BatchValidationError>('BatchValidationError');
/**
 * Whether `value` is a {@link ConnectionError}: a request that got no HTTP answer. Unlike `instanceof`, it works across realms and
 * duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { isConnectionError } from 'soracom-batch';
 *
 * try {
 *   await batch.listBatchGroups();
 * } catch (error) {
 *   if (isConnectionError(error)) console.error('network problem:', error.cause);
 * }
 * ```
 * @category Errors
 * @function
 */
export const isConnectionError = /* @__PURE__ */ guard<ConnectionError>('ConnectionError');
/**
 * Whether `value` is a {@link TimeoutError}: a request whose last attempt ran out of time. Unlike `instanceof`, it works across realms and
 * duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { isTimeoutError } from 'soracom-batch';
 *
 * try {
 *   await batch.listBatchGroups({}, { timeoutMs: 2_000 });
 * } catch (error) {
 *   if (isTimeoutError(error)) console.error(`no answer within ${error.timeoutMs} ms`);
 * }
 * ```
 * @category Errors
 * @function
 */
export const isTimeoutError = /* @__PURE__ */ guard<TimeoutError>('TimeoutError');
/**
 * Whether `value` is a {@link AbortError}: a call cancelled through its signal (without a reason of its own). Unlike `instanceof`, it works across realms and
 * duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { isAbortError } from 'soracom-batch';
 *
 * try {
 *   await batch.listBatchGroups({}, { signal: AbortSignal.abort() });
 * } catch (error) {
 *   if (isAbortError(error)) console.log('cancelled');
 * }
 * ```
 * @category Errors
 * @function
 */
export const isAbortError = /* @__PURE__ */ guard<AbortError>('AbortError');
/**
 * Whether `value` is a {@link ProfileError}: a soracom-cli profile or the environment could not be used.
 * Unlike `instanceof`, it works across realms and duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { fromEnv, isProfileError } from 'soracom-batch/node';
 *
 * try {
 *   const options = fromEnv();
 * } catch (error) {
 *   if (isProfileError(error)) console.error(`${error.file}: ${error.message}`);
 * }
 * ```
 * @category Errors
 * @function
 */
export const isProfileError = /* @__PURE__ */ guard<ProfileError>('ProfileError');
