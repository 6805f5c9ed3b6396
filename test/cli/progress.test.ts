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

async function runWith(options: {
  stderrIsTTY?: boolean;
  quiet?: boolean;
  env?: Record<string, string>;
  extra?: string[];
}) {
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
    ...(options.extra ?? []),
  ];
  return w.cli(args, { stderrIsTTY: options.stderrIsTTY ?? false, ...(options.env ? { env: options.env } : {}) });
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

  it('elsewhere: plain lines (here with an interval of 1 ms: one per change), the last one complete', async () => {
    const result = await runWith({ extra: ['--progress-interval-ms', '1'] });
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('progress: '));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(result.stderr).not.toContain('\u001b[');
    expect(lines.some((l) => /submitting job 2\/3/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(
      /^progress: 30\/30 tasks \(100%\), 1 failed, job 3\/3 completed \(\S+\), elapsed \d+:\d\d, ETA 0:00$/,
    );
  });

  it.each([
    ['TERM=dumb', { TERM: 'dumb' }],
    ['CI=true', { CI: 'true' }],
  ])('on a terminal with %s: plain lines, no bar and no escape codes', async (_, env) => {
    const result = await runWith({ stderrIsTTY: true, env });
    expect(result.code).toBe(3);
    expect(result.stderr).not.toContain('\u001b[');
    expect(result.stderr).not.toMatch(/[█░]/);
    expect(
      result.stderr
        .split('\n')
        .filter((l) => l.startsWith('progress: '))
        .at(-1),
    ).toMatch(/^progress: 30\/30 tasks/);
    // CI=false is no CI: the bar again.
    const local = await runWith({ stderrIsTTY: true, env: { CI: 'false', TERM: 'xterm-256color' } });
    expect(local.stderr).toContain('\u001b[');
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
    expect(eta.etaMs(50, 100, 7_000)).toBeUndefined();
    expect(eta.etaMs(60, 100, 11_000)).toBe(40_000); // 10 tasks in 10 s → 40 left take 40 s
  });

  it('gives no estimate until the rate means something: some seconds passed and some share done', () => {
    const eta = new EtaEstimator();
    eta.observe(0, 0);
    // The first summaries of a 25,000-task run: 5 tasks in 2 s would promise 2:46:40.
    expect(eta.etaMs(5, 25_000, 2_000)).toBeUndefined();
    // Seconds pass, but a handful of tasks is still no rate.
    expect(eta.etaMs(100, 25_000, 6_000)).toBeUndefined();
    // Enough time and enough tasks (2% of the run): 1,000 tasks in 6 s, 24,000 left take 144 s.
    expect(eta.etaMs(1_000, 25_000, 6_000)).toBe(144_000);
    // Many tasks at once, but too soon after the start.
    const early = new EtaEstimator();
    early.observe(0, 0);
    expect(early.etaMs(10_000, 25_000, 3_000)).toBeUndefined();
    expect(progressLine(p({ done: 5, total: 25_000 }), 2_000, eta.etaMs(5, 25_000, 2_000))).toMatch(/ETA --:--$/);
  });

  it('plain lines: at most one per interval across every stream, however often jobs change (injected clock)', () => {
    const out: Array<{ at: number; line: string }> = [];
    let now = 0;
    const lines = createLineProgress(
      (line) => out.push({ at: now, line }),
      10_000,
      () => now,
    );
    // run apply: three streams, each submitting, running and finishing jobs: a change every 200 ms for 34 s.
    const actions = ['setSimGroup', 'putSimTags', 'activateSim'] as const;
    const statuses = ['sending', 'pending', 'running', 'completed'] as const;
    for (let tick = 0; tick <= 170; tick++) {
      now = tick * 200;
      const stream = tick % 3;
      lines.update(
        p({
          done: tick * 10,
          total: 3_000,
          jobsTotal: 9,
          current: {
            stream,
            action: actions[stream] as (typeof actions)[number],
            chunk: Math.floor(tick / 60),
            chunkCount: 3,
            jobId: `j${tick}`,
            status: statuses[tick % 4] as (typeof statuses)[number],
          },
        }),
      );
    }
    lines.stop();
    const gaps = out.slice(1).map((entry, i) => entry.at - (out[i] as { at: number }).at);
    // The last line is the end's state, printed at the end; every line before it waited its 10 s.
    expect(gaps.slice(0, -1).every((gap) => gap >= 10_000)).toBe(true);
    expect(out.map((entry) => entry.at)).toEqual([0, 10_000, 20_000, 30_000, 34_000]);
    expect(out.at(-1)?.line).toMatch(/^progress: 1700\/3000 tasks/);
  });

  it('plain lines: the first at once, then at most one per interval, the final state on stop', () => {
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
    ); // a new step, but the interval is not over: skipped
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
    expect(out.map((l) => /(\d+)\/100/.exec(l)?.[1])).toEqual(['0', '20', '26']);
  });
});
