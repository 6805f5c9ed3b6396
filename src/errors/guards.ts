/**
 * Type guards that work across realms and duplicate installs: they read the brand set by
 * `SoracomError` instead of relying on `instanceof`.
 */
import type {
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  SoracomApiError,
} from './api-errors.js';
import { ERROR_BRAND, type SoracomError } from './soracom-error.js';
import type { BatchValidationError } from './validation-error.js';

function chainOf(value: unknown): readonly string[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const chain = (value as { [ERROR_BRAND]?: unknown })[ERROR_BRAND];
  return Array.isArray(chain) ? chain : undefined;
}

const guard =
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
