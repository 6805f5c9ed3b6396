/**
 * 7. Waiting for jobs: 100,000 tasks as 10 jobs whose running times span 30 s to 30 min, every duration
 * scaled by one factor so a run takes seconds; the pace-reading waiter against the waiter before it
 * (backoff only), side by side, against the same paced emulator in its own process.
 */
import { BenchChild, type BenchMessage } from '../lib/child-process.js';
import { ms } from '../lib/format.js';
import { analyseRun, type JobLife, type RunFigures } from '../lib/job-timeline.js';
import { benchFile } from '../lib/paths.js';
import { type CaseReport, table, verdictOf } from '../lib/report.js';

/** Every duration of the model (job running times, the waiter's delays) is multiplied by this. */
export const SCALE = 1 / 250;
const TASKS = 100_000;
const JOBS = TASKS / 10_000;
/** The summary is refreshed every this many tasks (1% of a job), as the API refreshes it periodically. */
const SUMMARY_EVERY = 100;
/** Real running times of the 10 jobs: from 30 s to 30 min, evenly on a log scale. */
export const REAL_DURATIONS_MS = Array.from({ length: JOBS }, (_, i) => 30_000 * 60 ** (i / (JOBS - 1)));

const GOALS = { efficiency: 0.97, gapShare: 0.05 };

type Side = { workload: string; label: string };
const SIDES: Side[] = [
  { workload: 'runTasks', label: '`runTasks` (pace-reading `waitForJob`)' },
  { workload: 'loop-pace', label: 'create-and-wait loop, pace-reading `waitForJob`' },
  { workload: 'loop-backoff', label: 'create-and-wait loop, the waiter before (backoff only)' },
];

const percent = (share: number) => `${(100 * share).toFixed(1)}%`;
const realS = (scaledMs: number) => `${(scaledMs / SCALE / 1000).toFixed(0)} s`;

export const jobPaceMethod = `The emulator runs in its own process (bench/servers/paced-emulator-main.ts) with 100,000 SIMs; its
visible summary is refreshed every ${SUMMARY_EVERY} tasks. Each of the 10 jobs of a run is given a running time, scaled by
${SCALE} (×1/${1 / SCALE}): ${REAL_DURATIONS_MS.map((d) => `${(d / 1000).toFixed(0)} s`).join(', ')} at real speed, evenly spread on a log
scale from 30 s to 30 min (each task takes the job's time over its 10,000 tasks). The waiter's delays are scaled the
same way (\`minDelayMs\` ${(2_000 * SCALE).toFixed(1)} ms, \`maxDelayMs\` ${(30_000 * SCALE).toFixed(1)} ms: the defaults, 2 s and 30 s, ×${SCALE}). The emulator
notes, in its own clock, when each job is created, runs its first task and finishes, and when each poll of it is
answered; it keeps its jobs' own times in whole seconds, as the API does, so the bench instruments its job runner from
outside.

Three workloads run one after another, each in a fresh child process and batch group, with the 100,000 putSimTags
tasks built before the clock starts: \`runTasks\` (what users run), and a plain loop (create a job of 10,000, wait for it,
next) once with \`batch.waitForJob\` and once with the waiter the SDK had before (bench/lib/legacy-wait.ts: the same
backoff curve whatever the summary shows), so the two policies differ in nothing else.

Per job: its **running time** (first task to end); **polls**; **detection**, from its end to the answer of the first
poll that saw it ended; **submission**, from that answer to the creation of the next job (the runner's bookkeeping,
encoding and sending 10,000 tasks, the emulator reading and checking them); the **gap** is detection + submission.
The **ideal** run is the sum of the jobs' running times; **efficiency** is ideal ÷ wall time of the workload.

Scaling shrinks the durations but not the work: creating a job costs tens of milliseconds of CPU whatever the factor,
which at ×1/${1 / SCALE} is a large share of a scaled 30 s job (${(30_000 * SCALE).toFixed(0)} ms). The goals are read on what this run measures, the
scaled run: efficiency ≥ ${GOALS.efficiency}, median gap < ${percent(GOALS.gapShare)} of the job's running time, and fewer polls per job than the waiter
before. That is stricter than real speed, where the same submission weighs ${1 / SCALE} times less against each job. For context
only, each workload also gets an **estimate at real speed** (running times and detection delays divided by the factor,
everything else kept as measured: bench/lib/job-timeline.ts); it is a model, not a measurement, and no verdict is read
from it.`;

type Timeline = BenchMessage & { jobs: JobLife[] };

async function runSide(
  emulator: BenchChild,
  ready: { baseUrl: string; apiKey: string; token: string },
  side: Side,
): Promise<RunFigures> {
  emulator.send({ type: 'schedule', durationsMs: REAL_DURATIONS_MS.map((d) => d * SCALE) });
  await emulator.next('scheduled');
  const child = BenchChild.start({
    file: benchFile('cases', 'job-pace-child.ts'),
    args: [ready.baseUrl, ready.apiKey, ready.token, side.workload, String(SCALE), String(TASKS)],
  });
  const result = await child.next<BenchMessage & { groupId: string; wallMs: number }>('result');
  await child.done();
  emulator.send({ type: 'timeline', groupId: result.groupId });
  const { jobs } = await emulator.next<Timeline>('timeline');
  if (jobs.length !== JOBS) throw new Error(`${side.workload}: ${jobs.length} jobs, expected ${JOBS}`);
  return analyseRun(jobs, result.wallMs, SCALE);
}

export async function runJobPace(): Promise<CaseReport> {
  const emulator = BenchChild.start({
    file: benchFile('servers', 'paced-emulator-main.ts'),
    args: [String(TASKS), String(SUMMARY_EVERY)],
  });
  try {
    const ready = await emulator.next<BenchMessage & { baseUrl: string; apiKey: string; token: string }>('ready');
    const figures: RunFigures[] = [];
    for (const side of SIDES) figures.push(await runSide(emulator, ready, side));
    const [run, pace, backoff] = figures as [RunFigures, RunFigures, RunFigures];
    const fewer = (policy: RunFigures) =>
      policy.jobs.filter((job, i) => job.polls < (backoff.jobs[i]?.polls ?? 0)).length;
    return {
      title: 'Waiting for jobs: 10 jobs of 30 s to 30 min, scaled (runTasks, 100,000 tasks)',
      method: jobPaceMethod,
      rows: [
        {
          benchmark: `\`runTasks\`, 100,000 tasks, jobs of 30 s to 30 min run at ×1/${1 / SCALE}: ideal ÷ wall time`,
          measured:
            `${run.efficiency.toFixed(3)} (wall ${ms(run.wallMs, 0)} for ${ms(run.idealMs, 0)} of jobs); ` +
            `loop with \`waitForJob\` ${pace.efficiency.toFixed(3)}; the waiter before ${backoff.efficiency.toFixed(3)}`,
          goal: `≥ ${GOALS.efficiency}`,
          verdict: verdictOf(run.efficiency >= GOALS.efficiency),
        },
        {
          benchmark: `Median delay from a job’s end to the next job’s creation, share of the job’s running time (×1/${1 / SCALE})`,
          measured:
            `\`runTasks\` ${percent(run.medianGapShare)}; loop with \`waitForJob\` ${percent(pace.medianGapShare)}; ` +
            `the waiter before ${percent(backoff.medianGapShare)}`,
          goal: `< ${percent(GOALS.gapShare)}`,
          verdict: verdictOf(run.medianGapShare < GOALS.gapShare),
        },
        {
          benchmark: 'Polls per job: pace-reading waiter vs the waiter before (same jobs)',
          measured:
            `${pace.pollsPerJob.toFixed(1)} vs ${backoff.pollsPerJob.toFixed(1)} (fewer on ${fewer(pace)} of ${JOBS} jobs); ` +
            `\`runTasks\` ${run.pollsPerJob.toFixed(1)} (fewer on ${fewer(run)})`,
          goal: 'fewer',
          verdict: verdictOf(pace.pollsPerJob < backoff.pollsPerJob && run.pollsPerJob < backoff.pollsPerJob),
        },
      ],
      details: [
        ...table(
          [
            'workload',
            'wall',
            'ideal',
            'efficiency',
            'median gap',
            'polls per job',
            'estimate at real speed, not measured: efficiency / median gap',
          ],
          SIDES.map((side, i) => {
            const f = figures[i] as RunFigures;
            return [
              side.label,
              ms(f.wallMs, 0),
              ms(f.idealMs, 0),
              f.efficiency.toFixed(3),
              percent(f.medianGapShare),
              f.pollsPerJob.toFixed(1),
              `${f.realEfficiency.toFixed(3)} / ${percent(f.medianRealGapShare)}`,
            ];
          }),
        ),
        '',
        'Per job (running time, and what it stands for at real speed; polls; detection; submission; gap share), pace-reading',
        'loop | the waiter before | `runTasks`:',
        '',
        ...table(
          ['job', 'running time', 'polls', 'detection', 'submission', 'gap share'],
          REAL_DURATIONS_MS.map((_, i) => {
            const cell = (pick: (f: RunFigures) => string) => [pace, backoff, run].map(pick).join(' \\| ');
            const job = (f: RunFigures) => f.jobs[i] as RunFigures['jobs'][number];
            return [
              String(i + 1),
              `${ms(job(run).runMs, 0)} (${realS(job(run).runMs)})`,
              cell((f) => String(job(f).polls)),
              cell((f) => ms(job(f).detectMs, 1)),
              cell((f) => (job(f).submitMs === undefined ? '–' : ms(job(f).submitMs as number, 1))),
              cell((f) => (job(f).gapShare === undefined ? '–' : percent(job(f).gapShare as number))),
            ];
          }),
        ),
      ],
    };
  } finally {
    await emulator.stop();
  }
}
