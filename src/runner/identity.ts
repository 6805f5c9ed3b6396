/**
 * A stream's identity: what it does, as 16 hex digits in every marker of its jobs (plan.ts). Two runs
 * of the same tasks in the same batch group have the same identity, whatever their chunk size, state
 * file or machine, so the group's jobs say what was already done. A run names its tasks by the action
 * and a 64-bit hash of every task's request, in order (sources.ts); a retry of a job's failed tasks by
 * that job, so the same retry run twice is the same run.
 */

/** Two independent 32-bit FNV-1a hashes of `text` (different offset bases), as 16 hex digits. */
export function hash64Hex(text: string): string {
  let a = 0x811c9dc5;
  // `^` gives a signed 32-bit number: unsigned, so even the empty text's hash is 16 hex digits.
  let b = (0x811c9dc5 ^ 0x5bd1e995) >>> 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** The identity of a run of `taskCount` tasks of `action` whose requests hash to `tasksHash`. */
export function runIdentity(action: string, taskCount: number, tasksHash: string): string {
  return hash64Hex(`run\n${action}\n${taskCount}\n${tasksHash}`);
}

/** The identity of the retry of a job's failed (and never-run) tasks. */
export function retryIdentity(jobId: string): string {
  return hash64Hex(`retry\n${jobId}`);
}
