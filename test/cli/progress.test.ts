/** Progress on stderr: a live bar on a terminal, plain lines otherwise, nothing with --quiet; stdout keeps only the report. */
import { describe, expect, it } from 'vitest';
import {
  createLineProgress,
  describeCurrent,
  EtaEstimator,
  formatDuration,
  progressLine,
} from '../../src/cli/progress.js';
import type { RunProgress } from '../../src/runner/run-state.js';
import { simIds } from '../../src/testing/index.js';
import { FAST, useCliWorld } from './support/cli-world.js';

const world = useCliWorld();

async function runWith(options: { stderrIsTTY?: boolean; quiet?: boolean }) {
  const ids = simIds(30);
  const w = await world({ sims: 30, failingSims: [ids[7] as string] });
  const input = await w.file('ids.txt', ids.join('\n'));
  const args = [
    'run',
    'activate',
    '--input',
    input,
    '--group-name',
    'x',
    '--chunk-size',
    '10',
    ...FAST,
    ...(options.quiet ? ['--quiet'] : []),
  ];
  return w.cli(args, { stderrIsTTY: options.stderrIsTTY ?? false });
}

describe('progress display', () => {
  it('on a terminal: a live bar with done/total, failures, the current job, elapsed and ETA', async () => {
    const result = await runWith({ stderrIsTTY: true });
    expect(result.code).toBe(3);
    const screen = result.stderr;
    expect(screen).toContain('\u001b['); // drawn in place with escape codes
    expect(screen).toMatch(/30\/30 tasks \| 1 failed \| job 3\/3 completed \| \d+:\d\d elapsed \| ETA 0:00/);
    expect(screen).toMatch(/[█░]/); // the bar itself
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 30, failed: 1 });
  });

  it('elsewhere: plain lines, one per job event, the last one complete', async () => {
    const result = await runWith({});
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('progress: '));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(result.stderr).not.toContain('\u001b[');
    expect(lines.some((l) => /submitting job 2\/3/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(
      /^progress: 30\/30 tasks \(100%\), 1 failed, job 3\/3 completed \(\S+\), elapsed \d+:\d\d, ETA 0:00$/,
    );
  });

  it('with --quiet: nothing on stderr at all for a run that failed no task... and only the report on stdout', async () => {
    const ids = simIds(5);
    const w = await world({ sims: 5 });
    const input = await w.file('ids.txt', ids.join('\n'));
    const result = await w.cli(['--quiet', 'run', 'activate', '--input', input, '--group-name', 'x', ...FAST], {
      stderrIsTTY: true,
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout).ok).toBe(true);
  });
});

describe('progress text', () => {
  const p = (over: Partial<RunProgress>): RunProgress => ({
    total: 100,
    done: 40,
    succeeded: 38,
    failed: 2,
    doneBefore: 0,
    jobsTotal: 3,
    jobsFinished: 1,
    ...over,
  });

  it('formats durations and the current step', () => {
    expect([
      formatDuration(0),
      formatDuration(7_400),
      formatDuration(754_000),
      formatDuration(3_723_000),
      formatDuration(undefined),
    ]).toEqual(['0:00', '0:07', '12:34', '1:02:03', '--:--']);
    expect(
      describeCurrent(
        p({
          current: {
            stream: 0,
            action: 'activateSim' as const,
            chunk: 1,
            chunkCount: 3,
            jobId: 'j2',
            status: 'running',
          },
        }),
      ),
    ).toBe('job 2/3 running (j2)');
    expect(
      describeCurrent(
        p({ current: { stream: 0, action: 'activateSim' as const, chunk: 2, chunkCount: 3, status: 'sending' } }),
      ),
    ).toBe('submitting job 3/3');
    expect(
      describeCurrent(
        p({
          current: {
            stream: 0,
            action: 'activateSim' as const,
            chunk: 2,
            chunkCount: 3,
            status: 'sending',
            waiting: 'rate limited (429)',
          },
        }),
      ),
    ).toBe('waiting to submit job 3/3: rate limited (429)');
    // Several actions (run apply): each has its own jobs, so the line names the action.
    expect(
      describeCurrent(
        p({ current: { stream: 1, action: 'setSimGroup', chunk: 0, chunkCount: 2, jobId: 'j4', status: 'running' } }),
      ),
    ).toBe('set-group job 1/2 running (j4)');
    expect(
      progressLine(
        p({
          current: {
            stream: 0,
            action: 'activateSim' as const,
            chunk: 1,
            chunkCount: 3,
            jobId: 'j2',
            status: 'running',
          },
        }),
        12_000,
        15_000,
      ),
    ).toBe('progress: 40/100 tasks (40%), 2 failed, job 2/3 running (j2), elapsed 0:12, ETA 0:15');
  });

  it('estimates from this process only (a resumed run starts with tasks already done)', () => {
    const eta = new EtaEstimator();
    eta.observe(50, 1_000);
    expect(eta.etaMs(50, 100, 2_000)).toBeUndefined();
    expect(eta.etaMs(60, 100, 3_000)).toBe(8_000); // 10 tasks in 2 s → 40 left take 8 s
  });

  it('plain lines: at most one per interval while tasks get done, always one when the step changes', () => {
    const out: string[] = [];
    let now = 0;
    const lines = createLineProgress(
      (l) => out.push(l),
      10_000,
      () => now,
    );
    const running = {
      current: {
        stream: 0,
        action: 'activateSim' as const,
        chunk: 0,
        chunkCount: 3,
        jobId: 'j1',
        status: 'running' as const,
      },
    };
    lines.update(p({ done: 0, ...running }));
    now = 1_000;
    lines.update(p({ done: 10, ...running })); // same step, interval not over: skipped
    now = 11_000;
    lines.update(p({ done: 20, ...running })); // interval over: printed
    now = 12_000;
    lines.update(
      p({
        done: 25,
        current: {
          stream: 0,
          action: 'activateSim' as const,
          chunk: 0,
          chunkCount: 3,
          jobId: 'j1',
          status: 'completed',
        },
      }),
    ); // new step: printed
    now = 13_000;
    lines.update(
      p({
        done: 26,
        current: {
          stream: 0,
          action: 'activateSim' as const,
          chunk: 0,
          chunkCount: 3,
          jobId: 'j1',
          status: 'completed',
        },
      }),
    ); // skipped...
    lines.stop(); // ...but the final state is printed on stop
    expect(out.map((l) => /(\d+)\/100/.exec(l)?.[1])).toEqual(['0', '20', '25', '26']);
  });
});
