/**
 * `npm run demo` as a program: it runs its whole flow against the emulator it starts, and prints each
 * line once (progress events differ in fields a line does not show, so a line is printed only when its
 * text changed).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';

const run = promisify(execFile);

/** The lines of `text` that appear more than once (blank lines apart). */
function repeatedLines(text: string): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (seen.has(line)) repeated.add(line);
    seen.add(line);
  }
  return [...repeated];
}

describe('npm run demo', () => {
  it('runs the flow to its end and prints no line twice', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [fromRoot('node_modules/tsx/dist/cli.mjs'), fromRoot('scripts/demo.ts')],
      {
        cwd: fromRoot(),
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 120_000,
      },
    );
    const output = `${stdout}\n${stderr}`;
    expect(stdout).toContain('24,997 succeeded, 5 failed');
    expect(stdout).toContain('retried the failures that were not 404: 3 succeeded, 0 failed');
    // Without a terminal, progress is plain lines on stderr, ending with the final count.
    expect(stderr.trim().split('\n').at(-1)).toMatch(/^ {2}25002\/25002 done, 5 failed, job 3\/3$/);
    expect(repeatedLines(output)).toEqual([]);
    // The check sees a repeat.
    expect(repeatedLines('a\n\nb\n\na\n')).toEqual(['a']);
  }, 150_000);
});
