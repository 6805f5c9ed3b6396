/**
 * One of the racers of the stale-lock test (operations.process.test.ts): waits for the go file, takes the
 * lock at `path` (src/cli/locks.ts), and prints `won` or `refused`. A winner holds the lock until the done
 * file appears, so every racer tries while it is held.
 */
import { existsSync } from 'node:fs';
import { takeLock } from '../../../src/cli/locks.js';

const [path, go, done] = process.argv.slice(2) as [string, string, string];
const waitFor = async (file: string) => {
  while (!existsSync(file)) await new Promise((r) => setTimeout(r, 1));
};
await waitFor(go);
try {
  const release = takeLock(path, 'the raced lock', 'race');
  process.stdout.write('won\n');
  await waitFor(done);
  release();
} catch {
  process.stdout.write('refused\n');
}
