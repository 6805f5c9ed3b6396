/**
 * What a run's job timeline (bench/servers/paced-emulator-main.ts) says about waiting: per job, how
 * long it ran, how many polls it got, how long after its end the poll that saw the end was answered
 * (detection), and how long after that the next job of its stream was created (submission).
 *
 * A run scaled by a factor `scale` (every job duration and every waiting delay multiplied by it, so a
 * run of hours takes seconds) keeps the parts that are not durations at their real cost: creating a
 * job (encoding, sending and checking 10,000 tasks), the runner's bookkeeping, a poll's round trip. So
 * the figures are given twice: as measured in the scaled run (what goals are read on), and as an
 * estimate at real speed, where each job's running time and its detection delay are divided by `scale`
 * and everything else is kept as measured (the round trip inside a detection delay is divided too,
 * which can only make the estimate worse). The estimate is a model, never a measurement.
 */
import { median } from './stats.js';

export type JobLife = {
  jobId: string;
  action: string;
  tasks: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  status?: string;
  /** When each poll of the job was answered. */
  polls: number[];
};

export type JobFigures = {
  action: string;
  /** Running time in the scaled run (ms). */
  runMs: number;
  polls: number;
  /** From the job's end to the answer of the first poll that saw it ended (ms, scaled run). */
  detectMs: number;
  /** From that answer to the creation of the next job of the same action (ms), when there is one. */
  submitMs: number | undefined;
  /** (detect + submit) / run, in the scaled run, and at real speed. */
  gapShare: number | undefined;
  realGapShare: number | undefined;
};

export type RunFigures = {
  jobs: JobFigures[];
  /** Per action: the sum of its jobs' running times; the ideal run is the longest of these (ms). */
  idealMs: number;
  wallMs: number;
  /** ideal / wall, in the scaled run and at real speed. */
  efficiency: number;
  realEfficiency: number;
  medianGapShare: number;
  medianRealGapShare: number;
  pollsPerJob: number;
};

export function analyseRun(lives: readonly JobLife[], wallMs: number, scale: number): RunFigures {
  const jobs: JobFigures[] = lives.map((life, i) => {
    if (life.startedAt === undefined || life.finishedAt === undefined)
      throw new Error(`job ${life.jobId} did not run to its end (${life.status})`);
    const finishedAt = life.finishedAt;
    const seen = life.polls.find((at) => at >= finishedAt);
    if (seen === undefined) throw new Error(`job ${life.jobId}: no poll was answered after its end`);
    const next = lives.slice(i + 1).find((other) => other.action === life.action);
    const runMs = finishedAt - life.startedAt;
    const detectMs = seen - finishedAt;
    const submitMs = next ? next.createdAt - seen : undefined;
    return {
      action: life.action,
      runMs,
      polls: life.polls.length,
      detectMs,
      submitMs,
      gapShare: submitMs === undefined ? undefined : (detectMs + submitMs) / runMs,
      realGapShare: submitMs === undefined ? undefined : (detectMs / scale + submitMs) / (runMs / scale),
    };
  });
  const perAction = new Map<string, number>();
  for (const job of jobs) perAction.set(job.action, (perAction.get(job.action) ?? 0) + job.runMs);
  const idealMs = Math.max(...perAction.values());
  // Only the scaled parts grow back to real speed: every job's running time and detection delay.
  const scaledMs = jobs.reduce((sum, job) => sum + job.runMs + job.detectMs, 0);
  const realWallMs = wallMs - scaledMs + scaledMs / scale;
  const gaps = jobs.flatMap((job) => (job.gapShare === undefined ? [] : [job.gapShare]));
  const realGaps = jobs.flatMap((job) => (job.realGapShare === undefined ? [] : [job.realGapShare]));
  return {
    jobs,
    idealMs,
    wallMs,
    efficiency: idealMs / wallMs,
    realEfficiency: idealMs / scale / realWallMs,
    medianGapShare: gaps.length ? median(gaps) : Number.NaN,
    medianRealGapShare: realGaps.length ? median(realGaps) : Number.NaN,
    pollsPerJob: jobs.reduce((sum, job) => sum + job.polls, 0) / jobs.length,
  };
}
