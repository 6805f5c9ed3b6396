/** `groups list|get|create|update|delete`: the five batch-group operations (soracom-cli: `batch-groups ...`). */
import type { Command } from 'commander';
import { UsageError } from '../cli-errors.js';
import type { CommandContext } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';
import { examples } from '../help-text.js';
import { GROUP_COLUMNS } from '../output/columns.js';
import { readBodyOption } from './body-option.js';
import { addListOptions, type ListFlags, listQuery, readList } from './list-options.js';

type GroupFlags = { batchGroupId: string; batchGroupName?: string; description?: string; body?: string };

export function addGroupsCommand(program: Command, ctx: CommandContext): void {
  const groups = program
    .command('groups')
    .alias('batch-groups')
    .description('batch groups: list, get, create, update, delete')
    .addHelpText(
      'after',
      examples(
        'soracom-batch groups list --fetch-all --output table',
        'soracom-batch groups create --batch-group-name "Monthly SIM Tag Update"',
      ),
    );

  addListOptions(groups.command('list').description('list batch groups (the first page; --fetch-all for all)'))
    .addHelpText(
      'after',
      examples(
        'soracom-batch groups list',
        'soracom-batch groups list --fetch-all --output csv > groups.csv',
        'soracom-batch groups list --limit 10 --output table',
      ),
    )
    .action(
      ctx.action(async (flags: ListFlags, command: Command) => {
        const g = ctx.globals(command);
        const items = await readList(ctx, g, ctx.client(g).batch.listBatchGroups(listQuery(flags)), flags);
        ctx.print(g, items, { columns: GROUP_COLUMNS });
        return ExitCode.ok;
      }),
    );

  groups
    .command('get')
    .description('get one batch group')
    .requiredOption('--batch-group-id <id>', 'the batch group')
    .addHelpText('after', examples('soracom-batch groups get --batch-group-id 0000000a-1111-2222-3333-444444444444'))
    .action(
      ctx.action(async (flags: GroupFlags, command: Command) => {
        const g = ctx.globals(command);
        ctx.print(g, await ctx.client(g).batch.getBatchGroup({ batch_group_id: flags.batchGroupId }), {
          columns: GROUP_COLUMNS,
        });
        return ExitCode.ok;
      }),
    );

  groups
    .command('create')
    .description('create a batch group')
    .option('--batch-group-name <name>', 'name of the group (at most 100 characters)')
    .option('--description <text>', 'description of the group (at most 500 characters)')
    .option('--body <json>', 'the request body as JSON, @file or - (stdin); the flags above override its fields')
    .addHelpText(
      'after',
      examples(
        'soracom-batch groups create --batch-group-name "Monthly SIM Tag Update" --description "tags for July"',
        'soracom-batch groups create --body \'{"batchGroupName":"fleet"}\'',
      ),
    )
    .action(
      ctx.action(async (flags: Omit<GroupFlags, 'batchGroupId'>, command: Command) => {
        const g = ctx.globals(command);
        const body = {
          ...(await readBodyOption(flags.body, ctx.io)),
          ...(flags.batchGroupName !== undefined ? { batchGroupName: flags.batchGroupName } : {}),
          ...(flags.description !== undefined ? { description: flags.description } : {}),
        };
        if (typeof body.batchGroupName !== 'string' || body.batchGroupName === '')
          throw new UsageError('groups create needs --batch-group-name (or a --body with batchGroupName)');
        const group = await ctx
          .client(g)
          .batch.createBatchGroup({ body: body as { batchGroupName: string; description?: string } });
        ctx.print(g, group, { columns: GROUP_COLUMNS });
        return ExitCode.ok;
      }),
    );

  groups
    .command('update')
    .description("update a batch group's name or description")
    .requiredOption('--batch-group-id <id>', 'the batch group')
    .option('--batch-group-name <name>', 'new name')
    .option('--description <text>', 'new description')
    .option('--body <json>', 'the request body as JSON, @file or - (stdin); the flags above override its fields')
    .addHelpText(
      'after',
      examples(
        'soracom-batch groups update --batch-group-id 0000000a-1111-2222-3333-444444444444 --description "tags for August"',
      ),
    )
    .action(
      ctx.action(async (flags: GroupFlags, command: Command) => {
        const g = ctx.globals(command);
        const body = {
          ...(await readBodyOption(flags.body, ctx.io)),
          ...(flags.batchGroupName !== undefined ? { batchGroupName: flags.batchGroupName } : {}),
          ...(flags.description !== undefined ? { description: flags.description } : {}),
        };
        if (Object.keys(body).length === 0)
          throw new UsageError('groups update needs --batch-group-name, --description or --body');
        const group = await ctx.client(g).batch.updateBatchGroup({ batch_group_id: flags.batchGroupId, body });
        ctx.print(g, group, { columns: GROUP_COLUMNS });
        return ExitCode.ok;
      }),
    );

  groups
    .command('delete')
    .description('delete a batch group (the API refuses while one of its jobs runs); prints nothing')
    .requiredOption('--batch-group-id <id>', 'the batch group')
    .addHelpText('after', examples('soracom-batch groups delete --batch-group-id 0000000a-1111-2222-3333-444444444444'))
    .action(
      ctx.action(async (flags: GroupFlags, command: Command) => {
        const g = ctx.globals(command);
        await ctx.client(g).batch.deleteBatchGroup({ batch_group_id: flags.batchGroupId });
        ctx.info(g, `Deleted batch group ${flags.batchGroupId}.`);
        return ExitCode.ok;
      }),
    );
}
