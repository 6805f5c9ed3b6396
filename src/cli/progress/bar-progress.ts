/**
 * The live progress bar (cli-progress), redrawn in place on a terminal: tasks done / total, failures,
 * the current job, elapsed time and an estimate. It is a MultiBar with one bar because only MultiBar
 * can print log lines above the bar without tearing it. cli-progress' own SIGINT handling is off:
 * the CLI handles Ctrl-C itself and stops the bar on the way out.
 */
import cliProgress from 'cli-progress';
import type { RunProgress } from '../../jobs/run-state.js';
import type { CliOutput } from '../cli-io.js';
import { EtaEstimator } from './eta-estimator.js';
import type { ProgressReporter } from './progress-reporter.js';
import { describeCurrent, formatDuration } from './progress-text.js';

// Our own tokens: cli-progress' built-in {eta} and {duration} would override a payload of the same name.
const FORMAT = ' {bar} {value}/{total} tasks | {failed} failed | {current} | {elapsed} elapsed | ETA {timeLeft}';

export function createBarProgress(stderr: CliOutput, now: () => number): ProgressReporter {
  const started = now();
  const estimator = new EtaEstimator();
  const multi = new cliProgress.MultiBar({
    stream: stderr as unknown as NodeJS.WritableStream,
    format: FORMAT,
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
