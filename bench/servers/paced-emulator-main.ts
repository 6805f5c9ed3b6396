/**
 * Child process: the Batch emulator for the job-pace benchmark (bench/cases/job-pace.ts), with jobs
 * that take a set time and a record of every job's life in this process's own clock.
 *
 * - `{ type: 'schedule', durationsMs }`: the next jobs created run for these times, in order (each
 *   job's task duration is its time over its task count; the summary is refreshed every
 *   `summaryEveryTasks` tasks, as the API refreshes it periodically).
 * - `{ type: 'timeline', groupId }`: answers with every job of that group: when it was created, began
 *   running and finished, and when each poll of it (`getBatchJob`) was answered, in ms.
 *
 * The emulator keeps its own times in whole seconds, as the API does; a run scaled to seconds needs
 * milliseconds, so this bench instruments the emulator's job runner and request log from outside (their
 * prototypes), leaving the emulator as users get it. The instrument checks that what it wraps exists,
 * so a change inside the emulator fails this benchmark loudly instead of measuring nothing.
 */
import { performance } from 'node:perf_hooks';
import { RequestLog, type RequestLogEntry } from '../../src/testing/http-server.js';
import { startBatchEmulator } from '../../src/testing/index.js';
import { JobRunner } from '../../src/testing/job-runner.js';
import type { JobLife as TimelineJob } from '../lib/job-timeline.js';
import { fromParent, toParent } from '../lib/parent-channel.js';

/** A job's life as the timeline analysis reads it (job-timeline.ts), and the group it belongs to. */
type JobLife = TimelineJob & { groupId: string };

export type JobTimeline = TimelineJob[];

type JobLike = { jobId: string; batchGroupId: string; action: string; tasks: unknown[]; next: number };
type RunnerInside = {
  settings: { taskDurationMs: number };
  start(job: JobLike): void;
  runTask(job: JobLike): void;
  finish(job: JobLike, status: string, message: string | undefined): void;
};

const sims = Number(process.argv[2] ?? '100000');
const summaryEveryTasks = Number(process.argv[3] ?? '100');
const lives = new Map<string, JobLife>();
const durations: number[] = [];

function wrap<K extends keyof RunnerInside>(name: K, after: (runner: RunnerInside, job: JobLike) => void): void {
  const proto = JobRunner.prototype as unknown as RunnerInside;
  const original = proto[name] as unknown as (this: RunnerInside, ...args: unknown[]) => void;
  if (typeof original !== 'function')
    throw new Error(`bench: the emulator's JobRunner has no ${name}(); update bench/servers/paced-emulator-main.ts`);
  (proto as unknown as Record<string, unknown>)[name] = function (this: RunnerInside, ...args: unknown[]) {
    const job = args[0] as JobLike;
    if (name === 'start') after(this, job);
    original.apply(this, args);
    if (name !== 'start') after(this, job);
  };
}

// A new job: set its pace (before the runner schedules it) and note when it was created.
wrap('start', (runner, job) => {
  const durationMs = durations.shift();
  if (durationMs !== undefined) runner.settings.taskDurationMs = durationMs / job.tasks.length;
  lives.set(job.jobId, {
    jobId: job.jobId,
    groupId: job.batchGroupId,
    action: job.action,
    tasks: job.tasks.length,
    createdAt: performance.now(),
    polls: [],
  });
});
// Its first task: it is running.
wrap('runTask', (_, job) => {
  const life = lives.get(job.jobId);
  if (life && job.next === 1) life.startedAt ??= performance.now();
});
wrap('finish', (_, job) => {
  const life = lives.get(job.jobId);
  if (life) life.finishedAt = performance.now();
});

// Every answer is logged right after it is sent: a poll's answer time.
const add = RequestLog.prototype.add;
if (typeof add !== 'function') throw new Error('bench: the emulator has no RequestLog.add; update this file');
RequestLog.prototype.add = function (this: RequestLog, entry: RequestLogEntry) {
  if (entry.operationId === 'getBatchJob') {
    const jobId = entry.path.split('/').at(-1) ?? '';
    lives.get(jobId)?.polls.push(performance.now());
  }
  add.call(this, entry);
};

// 100 tasks per scheduler tick (the default is 1,000): a poll waits for at most one tick of a running job,
// well under a millisecond, as the API answers polls whatever its jobs are doing.
const emulator = await startBatchEmulator({ sims, summaryEveryTasks, tasksPerTick: 100, requestLogLimit: 100 });
const { apiKey, token } = emulator.credentials;
await toParent({ type: 'ready', baseUrl: emulator.baseUrl, apiKey: apiKey ?? '', token: token ?? '' });

async function answerSchedules(): Promise<void> {
  for (;;) {
    const { durationsMs } = await fromParent<{ type: string; durationsMs: number[] }>('schedule');
    durations.splice(0, durations.length, ...durationsMs);
    await toParent({ type: 'scheduled' });
  }
}

async function answerTimelines(): Promise<void> {
  for (;;) {
    const { groupId } = await fromParent<{ type: string; groupId: string }>('timeline');
    const jobs = [...lives.values()]
      .filter((life) => life.groupId === groupId)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map(({ groupId: _, ...life }) => ({ ...life, status: emulator.state.job(life.jobId)?.status }));
    await toParent({ type: 'timeline', jobs });
  }
}
void answerSchedules();
void answerTimelines();

const stop = () => void emulator.close().then(() => process.exit(0));
process.on('disconnect', stop);
process.on('SIGTERM', stop);
