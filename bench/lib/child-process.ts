/**
 * Starts a bench script as its own Node process (TypeScript through tsx) with an IPC channel. The
 * measurements that must not see each other run this way: a server's CPU and memory must not count
 * as the client's, and a memory baseline is only clean in a fresh process (`--expose-gc`).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { repoRoot } from './paths.js';

/** Every message between the bench and its children has a `type`. */
export type BenchMessage = { type: string } & Record<string, unknown>;

export type ChildOptions = {
  file: string;
  args?: readonly string[];
  /** Extra Node flags, e.g. `--expose-gc`. */
  nodeFlags?: readonly string[];
  /** A child that says nothing for this long is taken as hung (default 120 s). */
  timeoutMs?: number;
};

function isBenchMessage(value: unknown): value is BenchMessage {
  return value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string';
}

export class BenchChild {
  private readonly inbox: BenchMessage[] = [];
  private readonly waiters: Array<{ type: string; resolve: (m: BenchMessage) => void; reject: (e: Error) => void }> =
    [];
  private exitError: Error | undefined;
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly options: ChildOptions,
  ) {
    child.on('message', (raw: unknown) => {
      if (!isBenchMessage(raw)) return;
      if (raw.type === 'error') {
        this.fail(new Error(`${options.file} failed: ${String(raw.message)}`));
        return;
      }
      const at = this.waiters.findIndex((w) => w.type === raw.type);
      if (at >= 0) this.waiters.splice(at, 1)[0]?.resolve(raw);
      else this.inbox.push(raw);
    });
    this.exited = new Promise((resolve) => {
      // 'close' rather than 'exit': it comes after the IPC channel has closed, so every message the
      // child sent has been delivered by then.
      child.on('close', (code, signal) => {
        if (code !== 0 && signal === null) this.fail(new Error(`${options.file} exited with code ${code}`));
        else this.fail(new Error(`${options.file} exited before answering`));
        resolve(code);
      });
    });
  }

  static start(options: ChildOptions): BenchChild {
    const child = fork(options.file, [...(options.args ?? [])], {
      cwd: repoRoot,
      // tsx runs the TypeScript; `--import` resolves it from the repo root (cwd).
      execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    return new BenchChild(child, options);
  }

  private fail(error: Error): void {
    this.exitError ??= error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }

  /** The next message of this type (buffered if it came earlier). */
  next<T extends BenchMessage>(type: string): Promise<T> {
    const at = this.inbox.findIndex((m) => m.type === type);
    if (at >= 0) return Promise.resolve(this.inbox.splice(at, 1)[0] as T);
    if (this.exitError) return Promise.reject(this.exitError);
    const timeoutMs = this.options.timeoutMs ?? 120_000;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.options.file}: no "${type}" message within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        type,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  send(message: BenchMessage): void {
    this.child.send(message);
  }

  /** Asks the child to stop (SIGTERM) and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }

  /** Waits for a child that ends by itself. */
  async done(): Promise<void> {
    const code = await this.exited;
    if (code !== 0) throw this.exitError ?? new Error(`${this.options.file} exited with code ${code}`);
  }
}
