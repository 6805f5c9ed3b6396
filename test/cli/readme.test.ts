/** The README's "Command line" section says what the CLI does: its table of Batch commands is the spec's. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';
import { BATCH_API_OPERATIONS, commandPath } from '../../src/cli/commands/api-commands.js';

describe('README, Command line', () => {
  it('lists every Batch operation with the command built from the spec and soracom-cli name', () => {
    const readme = readFileSync(fromRoot('README.md'), 'utf8');
    const table = readme.split('| command | operation | soracom-cli |\n|---|---|---|\n')[1]?.split('\n\n')[0] ?? '';
    const rows = table.split('\n').map((line) =>
      line
        .split('|')
        .slice(1, 4)
        .map((cell) => cell.trim().replace(/`/g, '')),
    );
    expect(rows).toEqual(
      BATCH_API_OPERATIONS.map((op) => [commandPath(op).path.join(' '), op.operationId, op.docs.commands[0]]),
    );
  });
});
