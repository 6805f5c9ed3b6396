/**
 * `--limit`, `--fetch-all` and `--last-evaluated-key` of the list commands, as soracom-cli has them:
 * `--limit` is the page size asked of the API (it may answer fewer), not a total; without
 * `--fetch-all` only the first page is printed, and a note on stderr says how to get the rest.
 */
import type { Command } from 'commander';
import type { PagedCall } from '../../pagination/pagination.js';
import type { CommandContext } from '../command-context.js';
import type { GlobalOptions } from '../global-options.js';
import { integerFlag } from '../parse-flags.js';

export type ListFlags = { limit?: number; fetchAll?: boolean; lastEvaluatedKey?: string };

export function addListOptions(command: Command): Command {
  return command
    .option('--limit <n>', 'page size asked of the API (it may return fewer); not a total', integerFlag(1, 100_000))
    .option('--fetch-all', 'read every page, not just the first')
    .option('--last-evaluated-key <key>', 'start after this key (the x-soracom-next-key of an earlier page)');
}

/** The query parameters of a list call. */
export function listQuery(flags: ListFlags): { limit?: number; last_evaluated_key?: string } {
  return {
    ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
    ...(flags.lastEvaluatedKey !== undefined ? { last_evaluated_key: flags.lastEvaluatedKey } : {}),
  };
}

export async function readList<T>(
  ctx: CommandContext,
  globals: GlobalOptions,
  call: PagedCall<T>,
  flags: ListFlags,
): Promise<T[]> {
  if (flags.fetchAll) return call.toArray();
  const page = await call.firstPage();
  if (page.nextKey) {
    ctx.info(globals, `More items follow: add --fetch-all, or --last-evaluated-key ${page.nextKey} for the next page.`);
  }
  return page.items;
}
