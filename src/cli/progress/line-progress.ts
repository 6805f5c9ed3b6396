/**
 * Progress as plain lines, for logs: one when a job is submitted, starts or ends, and otherwise at
 * most one per interval while tasks get done, so a long run writes a readable, bounded log.
 */
import type { RunProgress } from '../../jobs/run-state.js';
import { EtaEstimator } from './eta-estimator.js';
import type { ProgressReporter } from './progress-reporter.js';
import { describeCurrent, progressLine } from './progress-text.js';

export function createLineProgress(
  write: (line: string) => void,
  intervalMs: number,
  now: () => number,
): ProgressReporter {
  const started = now();
  const eta = new EtaEstimator();
  let last: RunProgress | undefined;
  let printed: { key: string; done: number; at: number } | undefined;
  let stopped = false;

  // What the run is doing (job submitted, running, finished, waiting): a change is always worth a line.
  const keyOf = (p: RunProgress) => describeCurrent(p);
  const print = (p: RunProgress, at: number) => {
    write(progressLine(p, at - started, eta.etaMs(p.done, p.total, at)));
    printed = { key: keyOf(p), done: p.done, at };
  };

  return {
    update(p) {
      if (stopped) return;
      const at = now();
      eta.observe(p.done, at);
      last = p;
      const key = keyOf(p);
      if (!printed || key !== printed.key || (p.done !== printed.done && at - printed.at >= intervalMs)) print(p, at);
    },
    log: (line) => write(line),
    stop() {
      if (stopped) return;
      stopped = true;
      if (last && printed && last.done !== printed.done) print(last, now());
    },
  };
}
