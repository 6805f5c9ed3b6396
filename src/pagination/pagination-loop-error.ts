import { guard } from '../errors/guards.js';
import { SoracomError } from '../errors/soracom-error.js';

/**
 * The server sent a next key it had already sent during this walk: following it would repeat pages
 * forever, so the walk stops here instead.
 *
 * @example
 * ```ts
 * import { isPaginationLoopError } from 'soracom-batch';
 *
 * try {
 *   for await (const job of batch.listBatchJobs({ batch_group_id })) console.log(job.jobId);
 * } catch (error) {
 *   if (!isPaginationLoopError(error)) throw error;
 *   console.error(`${error.operationId}: key ${error.repeatedKey} repeated after ${error.pagesRead} pages`);
 * }
 * ```
 * @category Errors
 */
export class PaginationLoopError extends SoracomError {
  static override readonly kind: string = 'PaginationLoopError';
  /** The list operation whose walk stopped, e.g. `listTasksOfBatchJob`. */
  readonly operationId: string;
  /** The next key the server sent a second time. */
  readonly repeatedKey: string;
  /** Pages read before the repeated key, all of whose items were delivered. */
  readonly pagesRead: number;

  constructor(operationId: string, repeatedKey: string, pagesRead: number) {
    super(
      `${operationId}: the server sent the next key ${JSON.stringify(repeatedKey)} again after ${pagesRead} page(s); ` +
        'stopping instead of looping. Items read so far were delivered; retry later or report the loop to Soracom.',
    );
    this.operationId = operationId;
    this.repeatedKey = repeatedKey;
    this.pagesRead = pagesRead;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      operationId: this.operationId,
      repeatedKey: this.repeatedKey,
      pagesRead: this.pagesRead,
    };
  }
}

/**
 * Whether `value` is a {@link PaginationLoopError}: the server sent a next key it had already sent.
 * Unlike `instanceof`, it works across realms and duplicated installs of this package.
 *
 * @example
 * ```ts
 * import { isPaginationLoopError } from 'soracom-batch';
 *
 * const tasks = await batch.listTasksOfBatchJob({ batch_group_id, job_id }).toArray().catch((error: unknown) => {
 *   if (isPaginationLoopError(error)) console.error(error.message);
 *   throw error;
 * });
 * ```
 * @category Errors
 * @function
 */
export const isPaginationLoopError = /* @__PURE__ */ guard<PaginationLoopError>('PaginationLoopError');
