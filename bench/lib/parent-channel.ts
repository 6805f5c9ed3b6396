/**
 * The child's side of the IPC channel (child-process.ts). A child reports its result and ends; an
 * exception is sent as an `error` message so the bench fails with the child's reason, not a timeout.
 */
import type { BenchMessage } from './child-process.js';

export function toParent(message: BenchMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      reject(new Error('this script is started by bench/run.ts (it needs an IPC channel)'));
      return;
    }
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}

/** Waits for the parent's next message of this type. */
export function fromParent<T extends BenchMessage>(type: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (raw: unknown) => {
      if (raw !== null && typeof raw === 'object' && (raw as { type?: unknown }).type === type) {
        process.off('message', listener);
        resolve(raw as T);
      }
    };
    process.on('message', listener);
  });
}

/** Runs the child's work, reports the result, and lets the process end (closing the channel). */
export async function runChild(work: () => Promise<BenchMessage>): Promise<void> {
  try {
    await toParent(await work());
  } catch (error) {
    await toParent({
      type: 'error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }).catch(() => {});
    process.exitCode = 1;
  } finally {
    process.disconnect?.();
  }
}
