/**
 * `retry-failed --job ID`: runs the failed tasks of one or more jobs again, as new jobs in the same
 * batch group, with everything `run` has (progress, state file, failed output, dry run). The tasks
 * are read back from the API (task list filtered by `status=error`), so nothing but the job IDs is
 * needed; the same job IDs give the same list again, which is what lets `--state-file` resume it.
 */
import type { Command } from 'commander';
import { collectRetryableTasks } from '../../jobs/failed-tasks.js';
import type { JobsApi } from '../../jobs/run-tasks.js';
import { recognizeTaskAction } from '../../tasks/actions.js';
import { UsageError } from '../cli-errors.js';
import type { CommandContext } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';
import { examples } from '../help-text.js';
import { collect, collectIntegers } from '../parse-flags.js';
import { planRun } from '../run/dry-run-plan.js';
import { checkJobText, executeRun } from '../run/execute-run.js';
import { findJobGroup } from '../run/find-job-group.js';
import { addRunOptions, type RunFlags, runSettingsOf } from './run-options.js';

type RetryFlags = RunFlags & { job: string[]; batchGroupId?: string; skipStatus?: number[] };

const GROUP = '0000000a-1111-2222-3333-444444444444';

export function addRetryFailedCommand(program: Command, ctx: CommandContext): void {
  const command = program
    .command('retry-failed')
    .description('run the failed tasks of earlier jobs again, as new jobs in the same batch group')
    .requiredOption(
      '--job <id>',
      'a job whose failed tasks to retry; repeat for more (e.g. every job of a run)',
      collect,
    )
    .option('--batch-group-id <id>', "the jobs' batch group (default: looked up from the first job)")
    .option(
      '--skip-status <code>',
      'leave out tasks that failed with this HTTP status (e.g. 404: no such SIM); repeatable',
      collectIntegers(100, 599),
    );
  addRunOptions(command)
    .addHelpText(
      'after',
      examples(
        `soracom-batch retry-failed --batch-group-id ${GROUP} --job 0000000b-5555-6666-7777-888888888888`,
        '# every job of a run, leaving out SIMs that do not exist, with a resumable state',
        `soracom-batch retry-failed --job JOB1 --job JOB2 --job JOB3 --skip-status 404 --state-file retry.state.json --failed-output still-failed.csv`,
      ),
    )
    .action(
      ctx.action(async (flags: RetryFlags, cmd: Command) => {
        const g = ctx.globals(cmd);
        const settings = runSettingsOf(flags, ctx.io, 'retry-failed', 'soracom-batch retry');
        const { batch } = ctx.client(g);
        const groupId = flags.batchGroupId ?? (await findJobGroup(batch, flags.job[0] as string));
        const tasks = await collectRetryableTasks(batch as unknown as JobsApi, {
          batch_group_id: groupId,
          job_id: flags.job,
          ...(flags.skipStatus ? { skipStatusCodes: flags.skipStatus } : {}),
        });
        const jobs = flags.job.join(', ');
        if (tasks.length === 0) {
          ctx.info(
            g,
            `Nothing to retry: job(s) ${jobs} have no failed tasks${flags.skipStatus ? ' with another status than the skipped ones' : ''}.`,
          );
          ctx.print(
            g,
            {
              command: 'retry-failed',
              batchGroupId: groupId,
              ok: true,
              total: 0,
              succeeded: 0,
              failed: 0,
              notRun: 0,
              jobs: [],
            },
            { rows: [] },
          );
          return ExitCode.ok;
        }
        const first = tasks[0]?.request;
        const action = first && recognizeTaskAction(first);
        if (!action) throw new UsageError(`job ${flags.job[0]} holds tasks of an action retry-failed does not know`);
        ctx.info(g, `Found ${tasks.length} failed task(s) in job(s) ${jobs}.`);
        if (flags.dryRun) {
          checkJobText(settings, tasks.length);
          const plan = planRun({
            command: 'retry-failed',
            action,
            tasks,
            chunkSize: settings.chunkSize,
            jobName: settings.jobName,
            batchGroup: { batchGroupId: groupId },
          });
          ctx.print(g, plan, { rows: plan.jobs, columns: ['job', 'jobName', 'tasks'] });
          ctx.info(g, `Dry run: ${plan.jobs.length} job(s) would be created; nothing was sent.`);
          return ExitCode.ok;
        }
        return executeRun(
          ctx,
          g,
          {
            action,
            tasks,
            inputLabel: `failed tasks of ${jobs}`,
            explicitGroupId: groupId,
            resolveGroup: async () => groupId,
          },
          settings,
        );
      }),
    );
}
