/**
 * Progress of a run on stderr: a live bar when stderr is a terminal that can redraw, plain lines now and
 * then otherwise (cron logs, CI, `TERM=dumb`: see `canRedraw`), nothing with `--quiet`. stdout stays for
 * the result. Both displays say the same words (done/total, failures, the current job, elapsed time, and
 * an estimate of the time left once the rate means something).
 */
import cliProgress from 'cli-progress';
import type { RunProgress } from '../runner/run-state.js';
import { CLI_ACTIONS } from './actions.js';
import type { CliOutput } from './io.js';

export type ProgressReporter = {
  update(progress: RunProgress): void;
  /** A line for the user while progress is shown (above the bar, or between the lines). */
  log(line: string): void;
  /** Ends the display (draws the last state); safe to call twice. */
  stop(): void;
};

export type ProgressOptions = {
  quiet: boolean;
  /** Plain lines: at most one per interval, whatever happens in how many streams (default 10 s). */
  intervalMs?: number;
  now?: () => number;
};

/**
 * Whether a terminal can show a live bar, by the conventions of the environment: `TERM=dumb` (Emacs'
 * shell, some editors' terminals) cannot move the cursor, and CI services (`CI` set, as GitHub Actions,
 * GitLab CI and others set it) keep a log of every redraw. There, plain lines are printed instead.
 */
export function canRedraw(env: Record<string, string | undefined>): boolean {
  if (env.TERM?.trim().toLowerCase() === 'dumb') return false;
  const ci = env.CI?.trim().toLowerCase();
  return ci === undefined || ci === '' || ci === '0' || ci === 'false';
}

/** `0:07`, `12:34`, `1:02:03`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '--:--';
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * What the run is doing now: `job 2/3 running (<id>)`, `submitting job 3/3`, `waiting to submit job 2/3:
 * <why>`. With several actions (run apply) each has its own jobs: `set-group job 2/3 running (<id>)`.
 */
export function describeCurrent(p: RunProgress, options: { jobId?: boolean } = {}): string {
  const c = p.current;
  if (!c) return p.jobsFinished === p.jobsTotal && p.jobsTotal > 0 ? `all ${p.jobsTotal} jobs finished` : 'starting';
  const streamJob = `job ${c.chunk + 1}/${c.chunkCount}`;
  const job =
    c.chunkCount === p.jobsTotal
      ? streamJob
      : `${CLI_ACTIONS.find((a) => a.operationId === c.action)?.name ?? c.action} ${streamJob}`;
  if (c.waiting) return `waiting to submit ${job}: ${c.waiting}`;
  if (c.status === 'sending') return `submitting ${job}`;
  return `${job} ${c.status}${c.jobId && options.jobId !== false ? ` (${c.jobId})` : ''}`;
}

function percent(done: number, total: number): string {
  return total === 0 ? '100%' : `${Math.floor((done / total) * 100)}%`;
}

/** One plain line: `12000/25000 tasks (48%), 3 failed, job 2/3 running (<id>), elapsed 0:12, ETA 0:15`. */
export function progressLine(p: RunProgress, elapsedMs: number, etaMs: number | undefined): string {
  return (
    `progress: ${p.done}/${p.total} tasks (${percent(p.done, p.total)}), ${p.failed} failed, ${describeCurrent(p)}, ` +
    `elapsed ${formatDuration(elapsedMs)}, ETA ${p.done >= p.total ? '0:00' : formatDuration(etaMs)}`
  );
}

/** No estimate before this long has passed since the first progress... */
export const ETA_MIN_ELAPSED_MS = 5_000;
/** ...and before this share of the work left then is done: a rate from a handful of tasks is noise. */
export const ETA_MIN_SHARE = 0.02;

/**
 * Time left, from the rate of this process only: a resumed run starts with tasks already done,
 * which must not count as done fast. Job summaries are updated in steps, so the estimate uses the
 * whole span since the first progress, not the last step. Until the rate means something (some
 * seconds passed and some share of the tasks done) there is no estimate: the first summaries of a job
 * count a few tasks, and 5 tasks in 2 s of a 25,000-task run would promise hours.
 */
export class EtaEstimator {
  #start: { at: number; done: number } | undefined;

  observe(done: number, now: number): void {
    this.#start ??= { at: now, done };
  }

  etaMs(done: number, total: number, now: number): number | undefined {
    const start = this.#start;
    if (!start || now - start.at < ETA_MIN_ELAPSED_MS) return undefined;
    const moved = done - start.done;
    if (moved <= 0 || moved < (total - start.done) * ETA_MIN_SHARE) return undefined;
    const rate = moved / (now - start.at);
    return (total - done) / rate;
  }
}

// Our own tokens: cli-progress' built-in {eta} and {duration} would override a payload of the same name.
const BAR_FORMAT = ' {bar} {value}/{total} tasks | {failed} failed | {current} | {elapsed} elapsed | ETA {timeLeft}';

/**
 * The live bar (cli-progress), redrawn in place. It is a MultiBar with one bar because only MultiBar
 * can print log lines above the bar without tearing it. cli-progress' own SIGINT handling is off: the
 * CLI handles Ctrl-C itself and stops the bar on the way out.
 */
function createBarProgress(stderr: CliOutput, now: () => number): ProgressReporter {
  const started = now();
  const estimator = new EtaEstimator();
  const multi = new cliProgress.MultiBar({
    stream: stderr as unknown as NodeJS.WritableStream,
    format: BAR_FORMAT,
    hideCursor: true,
    gracefulExit: false,
    clearOnComplete: false,
    stopOnComplete: false,
    barsize: 20,
    barCompleteChar: '\u2588',
    barIncompleteChar: '\u2591',
    fps: 5,
    autopadding: true,
  });
  let bar: cliProgress.SingleBar | undefined;
  let stopped = false;

  const payload = (p: RunProgress) => {
    const at = now();
    estimator.observe(p.done, at);
    return {
      failed: p.failed,
      // The job ID would push the rest of the line past the terminal's edge; plain lines carry it.
      current: describeCurrent(p, { jobId: false }),
      elapsed: formatDuration(at - started),
      timeLeft: p.done >= p.total ? '0:00' : formatDuration(estimator.etaMs(p.done, p.total, at)),
    };
  };

  return {
    update(p) {
      if (stopped) return;
      if (!bar) bar = multi.create(p.total, p.done, payload(p));
      else {
        if (bar.getTotal() !== p.total) bar.setTotal(p.total);
        bar.update(p.done, payload(p));
      }
    },
    log(line) {
      if (stopped || !bar) stderr.write(`${line}\n`);
      else {
        multi.log(`${line}\n`);
        // MultiBar prints its log on the next redraw, and never on stop: redraw now so no line is lost.
        multi.update();
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      multi.stop();
    },
  };
}

/**
 * Progress as plain lines, for logs: the first at once, then at most one per interval (whatever happens
 * meanwhile, in however many streams: each line says where the run stands then), and the last state at
 * the end; a line only when something it shows changed. A long run writes a readable, bounded log.
 */
export function createLineProgress(
  write: (line: string) => void,
  intervalMs: number,
  now: () => number,
): ProgressReporter {
  const started = now();
  const eta = new EtaEstimator();
  let last: RunProgress | undefined;
  let printed: { key: string; at: number } | undefined;
  let stopped = false;

  // What a line shows apart from the clock: a line that would say the same is not printed again.
  const keyOf = (p: RunProgress) => `${p.done}/${p.total} ${p.failed} ${describeCurrent(p)}`;
  const print = (p: RunProgress, at: number) => {
    write(progressLine(p, at - started, eta.etaMs(p.done, p.total, at)));
    printed = { key: keyOf(p), at };
  };

  return {
    update(p) {
      if (stopped) return;
      const at = now();
      eta.observe(p.done, at);
      last = p;
      if (!printed || (at - printed.at >= intervalMs && keyOf(p) !== printed.key)) print(p, at);
    },
    log: (line) => write(line),
    stop() {
      if (stopped) return;
      stopped = true;
      if (last && printed && keyOf(last) !== printed.key) print(last, now());
    },
  };
}

export function createProgressReporter(stderr: CliOutput, options: ProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  if (options.quiet)
    return { update: () => undefined, log: (line) => stderr.write(`${line}\n`), stop: () => undefined };
  if (stderr.isTTY) return createBarProgress(stderr, now);
  return createLineProgress((line) => stderr.write(`${line}\n`), options.intervalMs ?? 10_000, now);
}
