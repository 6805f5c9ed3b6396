/** `jobs list|get|create|tasks`: the batch-job operations (soracom-cli: `batch-groups jobs ...`). */
import { type Command, Option } from 'commander';
import { UsageError } from '../cli-errors.js';
import type { CommandContext } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';
import { examples } from '../help-text.js';
import { JOB_COLUMNS, TASK_COLUMNS } from '../output/columns.js';
import { readBodyOption } from './body-option.js';
import { addListOptions, type ListFlags, listQuery, readList } from './list-options.js';
import { addPollOptions, type PollFlags, waitOptionsOf } from './poll-options.js';

const GROUP = '0000000a-1111-2222-3333-444444444444';
const JOB = '0000000b-5555-6666-7777-888888888888';

type JobFlags = { batchGroupId: string; jobId: string };

export function addJobsCommand(program: Command, ctx: CommandContext): void {
  const jobs = program
    .command('jobs')
    .description('batch jobs of a group: list, get, create, tasks')
    .addHelpText(
      'after',
      examples(
        `soracom-batch jobs list --batch-group-id ${GROUP} --output table`,
        `soracom-batch jobs tasks --batch-group-id ${GROUP} --job-id ${JOB} --status error`,
      ),
    );

  addListOptions(
    jobs
      .command('list')
      .description('list the jobs of a batch group')
      .requiredOption('--batch-group-id <id>', 'the batch group'),
  )
    .addHelpText(
      'after',
      examples(
        `soracom-batch jobs list --batch-group-id ${GROUP}`,
        `soracom-batch jobs list --batch-group-id ${GROUP} --fetch-all --output table`,
      ),
    )
    .action(
      ctx.action(async (flags: ListFlags & { batchGroupId: string }, command: Command) => {
        const g = ctx.globals(command);
        const call = ctx.client(g).batch.listBatchJobs({ batch_group_id: flags.batchGroupId, ...listQuery(flags) });
        ctx.print(g, await readList(ctx, g, call, flags), { columns: JOB_COLUMNS });
        return ExitCode.ok;
      }),
    );

  jobs
    .command('get')
    .description('get one job: status and summary (pending, success, error)')
    .requiredOption('--batch-group-id <id>', 'the batch group')
    .requiredOption('--job-id <id>', 'the job')
    .addHelpText('after', examples(`soracom-batch jobs get --batch-group-id ${GROUP} --job-id ${JOB}`))
    .action(
      ctx.action(async (flags: JobFlags, command: Command) => {
        const g = ctx.globals(command);
        ctx.print(
          g,
          await ctx.client(g).batch.getBatchJob({ batch_group_id: flags.batchGroupId, job_id: flags.jobId }),
          { columns: JOB_COLUMNS },
        );
        return ExitCode.ok;
      }),
    );

  addPollOptions(
    jobs
      .command('create')
      .description(
        'create a job from a JSON body of at most 10,000 tasks of one action (for CSV input and any size, use "run")',
      )
      .requiredOption('--batch-group-id <id>', 'the batch group')
      .option(
        '--body <json>',
        'the request body {tasks, jobName, description, abortOnFailure} as JSON, @file or - (stdin)',
      )
      .option('--job-name <name>', 'job name (overrides the body)')
      .option('--description <text>', 'job description (overrides the body)')
      .option('--abort-on-failure', 'stop the job at its first failed task (overrides the body)')
      .option('--wait', 'wait until the job finished and print it then; exit 3 when it ended failed or aborted'),
  )
    .addHelpText(
      'after',
      examples(
        `soracom-batch jobs create --batch-group-id ${GROUP} --body @job.json --job-name "July tags" --wait`,
        `echo '{"tasks":[{"request":{"path":"/v1/sims/8981100001234567890/activate","method":"POST"}}]}' | soracom-batch jobs create --batch-group-id ${GROUP} --body -`,
      ),
    )
    .action(
      ctx.action(
        async (
          flags: JobFlags &
            PollFlags & {
              body?: string;
              jobName?: string;
              description?: string;
              abortOnFailure?: boolean;
              wait?: boolean;
            },
          command: Command,
        ) => {
          const g = ctx.globals(command);
          const body: Record<string, unknown> = {
            ...(await readBodyOption(flags.body, ctx.io)),
            ...(flags.jobName !== undefined ? { jobName: flags.jobName } : {}),
            ...(flags.description !== undefined ? { description: flags.description } : {}),
            ...(flags.abortOnFailure ? { abortOnFailure: true } : {}),
          };
          if (!Array.isArray(body.tasks))
            throw new UsageError(
              'jobs create needs a --body with a "tasks" array (or use "run <action> --input FILE")',
            );
          const { batch, jobs: helpers } = ctx.client(g);
          const created = await batch.createBatchJob({ batch_group_id: flags.batchGroupId, body: body as never });
          if (!flags.wait) {
            ctx.print(g, created, { columns: JOB_COLUMNS });
            return ExitCode.ok;
          }
          ctx.info(g, `Created job ${created.jobId}; waiting for it to finish...`);
          const finished = await helpers.waitForJob(
            { batch_group_id: flags.batchGroupId, job_id: created.jobId as string },
            waitOptionsOf(flags),
          );
          ctx.print(g, finished, { columns: JOB_COLUMNS });
          return finished.status === 'completed' ? ExitCode.ok : ExitCode.failedTasks;
        },
      ),
    );

  addListOptions(
    jobs
      .command('tasks')
      .alias('list-tasks')
      .description("list a job's tasks with their request and response")
      .requiredOption('--batch-group-id <id>', 'the batch group')
      .requiredOption('--job-id <id>', 'the job')
      .addOption(
        new Option('--status <status>', 'only tasks with this status').choices(['pending', 'success', 'error']),
      ),
  )
    .addHelpText(
      'after',
      examples(
        `soracom-batch jobs tasks --batch-group-id ${GROUP} --job-id ${JOB} --fetch-all`,
        `soracom-batch jobs tasks --batch-group-id ${GROUP} --job-id ${JOB} --status error --fetch-all --output csv > failed.csv`,
      ),
    )
    .action(
      ctx.action(
        async (flags: ListFlags & JobFlags & { status?: 'pending' | 'success' | 'error' }, command: Command) => {
          const g = ctx.globals(command);
          const call = ctx.client(g).batch.listTasksOfBatchJob({
            batch_group_id: flags.batchGroupId,
            job_id: flags.jobId,
            ...(flags.status ? { status: flags.status } : {}),
            ...listQuery(flags),
          });
          ctx.print(g, await readList(ctx, g, call, flags), { columns: TASK_COLUMNS });
          return ExitCode.ok;
        },
      ),
    );
}
