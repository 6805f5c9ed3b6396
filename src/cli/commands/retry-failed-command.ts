/**
 * `retry-failed --job-id ID`: runs the failed tasks of one or more jobs again (and the tasks an aborted
 * job never ran), as new jobs in the same batch group, with everything `run` has (progress, state file,
 * failed output, dry run). The tasks are read back from the API, checked against each job's summary,
 * so nothing but the job IDs is needed. Each job's retry is named by that job in its jobs' markers: the
 * same retry run twice is refused (exit 4) unless `--again`, and an interrupted one goes on.
 */
import type { Command } from 'commander';
import { retryIdentity } from '../../runner/identity.js';
import { collectRetryableTasks, type RetryableJob } from '../../runner/retry-failed.js';
import type { TaskSource } from '../../runner/sources.js';
import type { TaskAction } from '../../tasks/actions.js';
import { batchLimits } from '../../tasks/job-body.js';
import { CLI_ACTIONS } from '../actions.js';
import { findJobGroup } from '../batch-group.js';
import { ExitCode, UsageError } from '../errors.js';
import { type CommandContext, collect, collectIntegers, examples, hiddenAlias } from '../program.js';
import { executeRun, type StreamWork } from '../run-execute.js';
import { addRunOptions, type RunFlags, runSettingsOf } from '../run-options.js';

type RetryFlags = RunFlags & { jobId: string[]; batchGroupId?: string; skipStatusCode?: number[] };

const GROUP = '0000000a-1111-2222-3333-444444444444';

/** Tag names of the failed tasks: one failed-output column each. */
function tagNamesOf(streams: readonly StreamWork[]): Set<string> {
  const names = new Set<string>();
  for (const stream of streams) {
    for (const task of stream.tasks as Iterable<{ request: { body?: unknown } }>) {
      const body = task.request.body;
      if (Array.isArray(body)) for (const tag of body) if (typeof tag?.tagName === 'string') names.add(tag.tagName);
    }
  }
  return names;
}

/** One stream per job that has tasks to retry, each a stage of its own: the retries run one after another. */
function retryStreams(jobs: readonly RetryableJob[], size: number): StreamWork[] {
  return jobs
    .filter((job) => job.tasks.length > 0 && job.action !== undefined)
    .map((job, stage) => {
      const action = job.action as TaskAction;
      return {
        name: CLI_ACTIONS.find((a) => a.operationId === action)?.name ?? action,
        action,
        tasks: job.tasks as TaskSource, // one action: the tasks of one job
        count: job.tasks.length,
        stage,
        identity: retryIdentity(job.jobId),
        chunks: Array.from({ length: Math.ceil(job.tasks.length / size) }, (_, i) => ({
          first: job.tasks[i * size]?.request,
          last: job.tasks[Math.min(job.tasks.length, (i + 1) * size) - 1]?.request,
        })),
      };
    });
}

async function retry(ctx: CommandContext, flags: RetryFlags, cmd: Command): Promise<number> {
  const g = ctx.globals(cmd);
  const settings = runSettingsOf(flags, ctx.io, 'retry-failed', 'soracom-batch retry');
  const client = ctx.client(g);
  const jobIds = [...new Set(flags.jobId)];
  const groupId = flags.batchGroupId ?? (await findJobGroup(client, jobIds[0] as string));
  const jobs = await collectRetryableTasks(client, {
    batch_group_id: groupId,
    job_id: jobIds,
    ...(flags.skipStatusCode ? { skipStatusCodes: flags.skipStatusCode } : {}),
  });
  const listed = jobIds.join(', ');
  if (jobs.some((job) => job.tasks.length > 0 && job.action === undefined))
    throw new UsageError(`job(s) ${listed} hold tasks of an action retry-failed does not know`);
  const streams = retryStreams(jobs, settings.chunkSize ?? batchLimits.maxTasksPerJob);
  if (streams.length === 0) {
    const skipped = flags.skipStatusCode ? ' with another status code than the skipped ones' : '';
    ctx.info(g, `Nothing to retry: job(s) ${listed} have no failed tasks${skipped} and none left unrun.`);
    const report = { command: 'retry-failed', batchGroupId: groupId, ok: true, total: 0 };
    ctx.print(g, { ...report, succeeded: 0, failed: 0, notRun: 0, jobs: [] }, { rows: [] });
    return ExitCode.ok;
  }
  ctx.info(g, `Found ${streams.reduce((n, s) => n + s.count, 0)} task(s) to retry in job(s) ${listed}.`);
  const work = {
    streams,
    inputLabel: `failed tasks of ${listed}`,
    group: { batchGroupId: groupId },
    resolveGroup: async () => groupId,
    tagNames: tagNamesOf(streams),
  };
  return executeRun(ctx, g, work, { ...settings, multi: false });
}

export function addRetryFailedCommand(program: Command, ctx: CommandContext): void {
  const command = program
    .command('retry-failed')
    .description('run the failed tasks of earlier jobs again (and those an aborted job never ran), as new jobs')
    .requiredOption(
      '--job-id <id>',
      'a job whose failed tasks to retry; repeat for more (e.g. every job of a run)',
      collect,
    )
    .option('--batch-group-id <id>', "the jobs' batch group (default: looked up from the first job)")
    .option(
      '--skip-status-code <code>',
      'leave out tasks that failed with this HTTP status code (e.g. 404: no such SIM); repeatable',
      collectIntegers(100, 599),
    );
  // The spellings of earlier versions.
  hiddenAlias(command, '--job <id>', 'job-id');
  hiddenAlias(command, '--skip-status <code>', 'skip-status-code');
  addRunOptions(command)
    .addHelpText(
      'after',
      examples(
        `soracom-batch retry-failed --batch-group-id ${GROUP} --job-id 0000000b-5555-6666-7777-888888888888`,
        '# every job of a run, leaving out SIMs that do not exist',
        'soracom-batch retry-failed --job-id JOB1 --job-id JOB2 --job-id JOB3 --skip-status-code 404 --failed-output still-failed.csv',
      ),
    )
    .action(ctx.action((flags: RetryFlags, cmd: Command) => retry(ctx, flags, cmd)));
}
