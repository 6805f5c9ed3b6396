import { guard } from '../errors/guards.js';
import { SoracomError } from '../errors/soracom-error.js';

/**
 * The server sent a next key it had already sent during this walk: following it would repeat pages
 * forever, so the walk stops here instead.
 */
export class PaginationLoopError extends SoracomError {
  static override readonly kind: string = 'PaginationLoopError';
  readonly operationId: string;
  readonly repeatedKey: string;
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

export const isPaginationLoopError = guard<PaginationLoopError>('PaginationLoopError');
