/**
 * `retry-failed --job-id ID`: runs the failed tasks of one or more jobs again, as new jobs in the same
 * batch group, with everything `run` has (progress, state file, failed output, dry run). The tasks
 * are read back from the API (task list filtered by `status=error`), so nothing but the job IDs is
 * needed; the same job IDs give the same list again, which is what lets `--state-file` resume it.
 */
import type { Command } from 'commander';
import { collectRetryableTasks } from '../../runner/retry-failed.js';
import type { TaskSource } from '../../runner/sources.js';
import { recognizeTaskAction } from '../../tasks/actions.js';
import { batchLimits } from '../../tasks/job-body.js';
import { CLI_ACTIONS } from '../actions.js';
import { ExitCode, UsageError } from '../errors.js';
import { type CommandContext, collect, collectIntegers, examples, hiddenAlias } from '../program.js';
import { executeRun, findJobGroup } from '../run.js';
import { addRunOptions, type RunFlags, runSettingsOf } from '../run-options.js';

type RetryFlags = RunFlags & { jobId: string[]; batchGroupId?: string; skipStatusCode?: number[] };

const GROUP = '0000000a-1111-2222-3333-444444444444';

export function addRetryFailedCommand(program: Command, ctx: CommandContext): void {
  const command = program
    .command('retry-failed')
    .description('run the failed tasks of earlier jobs again, as new jobs in the same batch group')
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
        '# every job of a run, leaving out SIMs that do not exist, with a resumable state',
        'soracom-batch retry-failed --job-id JOB1 --job-id JOB2 --job-id JOB3 --skip-status-code 404 --state-file retry.state.json --failed-output still-failed.csv',
      ),
    )
    .action(
      ctx.action(async (flags: RetryFlags, cmd: Command) => {
        const g = ctx.globals(cmd);
        const settings = runSettingsOf(flags, ctx.io, 'retry-failed', 'soracom-batch retry');
        const client = ctx.client(g);
        const groupId = flags.batchGroupId ?? (await findJobGroup(client, flags.jobId[0] as string));
        const tasks = await collectRetryableTasks(client, {
          batch_group_id: groupId,
          job_id: flags.jobId,
          ...(flags.skipStatusCode ? { skipStatusCodes: flags.skipStatusCode } : {}),
        });
        const jobs = flags.jobId.join(', ');
        if (tasks.length === 0) {
          ctx.info(
            g,
            `Nothing to retry: job(s) ${jobs} have no failed tasks${flags.skipStatusCode ? ' with another status code than the skipped ones' : ''}.`,
          );
          const report = { command: 'retry-failed', batchGroupId: groupId, ok: true, total: 0 };
          ctx.print(g, { ...report, succeeded: 0, failed: 0, notRun: 0, jobs: [] }, { rows: [] });
          return ExitCode.ok;
        }
        const first = tasks[0]?.request;
        const action = first && recognizeTaskAction(first);
        if (!action) throw new UsageError(`job ${flags.jobId[0]} holds tasks of an action retry-failed does not know`);
        ctx.info(g, `Found ${tasks.length} failed task(s) in job(s) ${jobs}.`);
        const tagNames = new Set<string>();
        for (const task of tasks) {
          const body: unknown = task.request.body;
          if (Array.isArray(body))
            for (const tag of body) if (typeof tag?.tagName === 'string') tagNames.add(tag.tagName);
        }
        const size = settings.chunkSize ?? batchLimits.maxTasksPerJob;
        return executeRun(
          ctx,
          g,
          {
            streams: [
              {
                name: CLI_ACTIONS.find((a) => a.operationId === action)?.name ?? action,
                action,
                // One action: the failed tasks of jobs run one action each (checked again by the runner).
                tasks: tasks as TaskSource,
                count: tasks.length,
                stage: 0,
                chunks: Array.from({ length: Math.ceil(tasks.length / size) }, (_, i) => ({
                  first: tasks[i * size]?.request,
                  last: tasks[Math.min(tasks.length, (i + 1) * size) - 1]?.request,
                })),
              },
            ],
            inputLabel: `failed tasks of ${jobs}`,
            group: { batchGroupId: groupId },
            resolveGroup: async () => groupId,
            tagNames,
          },
          settings,
        );
      }),
    );
}
