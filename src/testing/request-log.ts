/**
 * What tests see of the traffic: method, path, query, operation and status of every request. It
 * deliberately keeps no headers and no bodies, so an API key, token or AuthKey secret can never
 * end up in it.
 */
import type { EmulatorOperationId } from './options.js';

/**
 * One request the emulator received: method, path, query, operation and status (never headers or bodies).
 *
 * @example
 * ```ts
 * import type { RequestLogEntry } from 'soracom-batch/testing';
 *
 * const polls: RequestLogEntry[] = emulator.state.requests().filter((r) => r.operationId === 'getBatchJob');
 * console.log(`${polls.length} polls`);
 * ```
 * @category Emulator
 */
export type RequestLogEntry = {
  /** 1, 2, 3... in arrival order. */
  seq: number;
  /** When the request arrived (ms since epoch). */
  time: number;
  /** HTTP method, upper case. */
  method: string;
  /** The path as requested, e.g. `/v1/batch_groups` (no query). */
  path: string;
  /** The query string without `?` (empty when none). */
  query: string;
  /** The operation the path and method matched, if any. */
  operationId: EmulatorOperationId | undefined;
  /** The status the emulator answered. */
  status: number;
  /** Whether the answer was an injected fault. */
  fault: boolean;
};

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly limit: number) {}

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  add(entry: RequestLogEntry): void {
    if (this.limit === 0) return;
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}
