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

/** A guard for the error class whose `kind` is `className` (and its subclasses). */
export const guard =
  <T>(className: string) =>
  (value: unknown): value is T =>
    chainOf(value)?.includes(className) ?? false;

export const isSoracomError = guard<SoracomError>('SoracomError');
export const isSoracomApiError = guard<SoracomApiError>('SoracomApiError');
export const isBadRequestError = guard<BadRequestError>('BadRequestError');
export const isAuthenticationError = guard<AuthenticationError>('AuthenticationError');
export const isPermissionDeniedError = guard<PermissionDeniedError>('PermissionDeniedError');
export const isNotFoundError = guard<NotFoundError>('NotFoundError');
export const isRateLimitError = guard<RateLimitError>('RateLimitError');
export const isServerError = guard<ServerError>('ServerError');
export const isBatchValidationError = guard<BatchValidationError>('BatchValidationError');
export const isConnectionError = guard<ConnectionError>('ConnectionError');
export const isTimeoutError = guard<TimeoutError>('TimeoutError');
export const isAbortError = guard<AbortError>('AbortError');
export const isProfileError = guard<ProfileError>('ProfileError');
