/**
 * The CLI's locks (src/cli/locks.ts), in-process: a lock file is made only if none exists and names its
 * owner; a live owner's lock is refused with who holds it; a lock whose owner is gone (a process of this
 * host that no longer runs, or a file cut short long ago) is taken over; a lock is released only by its
 * owner. The races between processes are in test/chaos/operations.process.test.ts.
 */
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors.js';
import { ensurePrivateDir, realFilePath, takeLock } from '../../src/cli/locks.js';

/** A process ID no process has: above Linux's largest `pid_max` (2^22). */
const GONE_PID = 2 ** 22 + 17;

const dirs: string[] = [];
const releases: Array<() => void> = [];
afterEach(() => {
  for (const release of releases.splice(0)) release();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'locks-test-'));
  dirs.push(dir);
  return dir;
}

function take(path: string, what = 'this run', command = 'run activate'): () => void {
  const release = takeLock(path, what, command);
  releases.push(release);
  return release;
}

function refusal(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('not refused');
}

const owner = (fields: Record<string, unknown>) => `${JSON.stringify(fields)}\n`;

describe('takeLock', () => {
  it('makes an owner-only file naming this process, host, time, command and a nonce', () => {
    const path = join(folder(), 'run.lock');
    const before = Date.now();
    take(path, 'this run', 'run activate --input ids.txt');
    const held = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(held).toMatchObject({ pid: process.pid, host: hostname(), command: 'run activate --input ids.txt' });
    expect(Date.parse(held.since as string)).toBeGreaterThanOrEqual(before - 1_000);
    expect(held.nonce).toMatch(/^[0-9a-f]{16}$/);
    expect(readFileSync(path, 'utf8').endsWith('}\n')).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a lock a live process holds, naming it and what to do; the lock stays', () => {
    const path = join(folder(), 'run.lock');
    take(path, 'this run', 'run activate');
    const text = readFileSync(path, 'utf8');
    const held = JSON.parse(text) as { since: string };
    const error = refusal(() => takeLock(path, 'this run (the same tasks)', 'run activate'));
    expect(error.message).toBe(
      `this run (the same tasks) is in use by another run: pid ${process.pid} on ${hostname()} since ${held.since} (run activate). ` +
        `Wait for it to end; if it is gone (another host, a reboot), delete ${path} and run again`,
    );
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('names a holder that left little about itself', () => {
    const path = join(folder(), 'run.lock');
    writeFileSync(path, owner({ pid: process.pid }));
    expect(refusal(() => takeLock(path, 'x', 'c')).message).toContain(
      `in use by another run: pid ${process.pid} on an unknown host since an unknown time. Wait`,
    );
    writeFileSync(path, '{"pid":');
    expect(refusal(() => takeLock(path, 'x', 'c')).message).toContain(
      'in use by another run: a run that left no owner.',
    );
  });

  it('takes over the lock of a process of this host that is gone', () => {
    const path = join(folder(), 'run.lock');
    writeFileSync(path, owner({ pid: GONE_PID, host: hostname(), since: 'then', command: 'run', nonce: 'x' }));
    take(path);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(existsSync(`${path}.takeover`)).toBe(false);
  });

  it('never takes over the lock of another host, whose processes it cannot see', () => {
    const path = join(folder(), 'run.lock');
    writeFileSync(path, owner({ pid: GONE_PID, host: `not-${hostname()}` }));
    expect(refusal(() => takeLock(path, 'x', 'c')).message).toContain(`pid ${GONE_PID} on not-${hostname()}`);
  });

  it('takes over a lock cut short (no owner) once it is more than 10 s old, not before', () => {
    const path = join(folder(), 'run.lock');
    writeFileSync(path, '{"pid":');
    const now = Date.now() / 1000;
    utimesSync(path, now - 9, now - 9);
    refusal(() => takeLock(path, 'x', 'c'));
    utimesSync(path, now - 11, now - 11);
    take(path);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('leaves a stale lock alone while another taker holds the takeover, and clears a takeover its taker left', () => {
    const path = join(folder(), 'run.lock');
    const stale = owner({ pid: GONE_PID, host: hostname() });
    writeFileSync(path, stale);
    writeFileSync(`${path}.takeover`, owner({ pid: process.pid, host: hostname() }));
    // A live taker: this process gives up after its attempts, and touches neither file.
    expect(refusal(() => takeLock(path, 'x', 'c')).message).toContain(`pid ${GONE_PID}`);
    expect(readFileSync(path, 'utf8')).toBe(stale);
    expect(existsSync(`${path}.takeover`)).toBe(true);

    writeFileSync(`${path}.takeover`, owner({ pid: GONE_PID, host: hostname() }));
    take(path);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(existsSync(`${path}.takeover`)).toBe(false);
  });

  it('says what is wrong when the lock cannot be made at all', () => {
    const path = join(folder(), 'missing', 'run.lock');
    expect(refusal(() => takeLock(path, 'this run', 'c')).message).toBe(
      `cannot lock this run (ENOENT): is ${join(path, '..')} there and writable?`,
    );
  });
});

describe('releasing a lock', () => {
  it('removes the lock only while it is still its own, once, and no longer on exit', () => {
    const path = join(folder(), 'run.lock');
    const exitListeners = process.listenerCount('exit');
    const release = take(path);
    expect(process.listenerCount('exit')).toBe(exitListeners + 1);
    release();
    expect(existsSync(path)).toBe(false);
    expect(process.listenerCount('exit')).toBe(exitListeners);

    const again = take(path);
    release(); // the first owner, again: the new lock is not its own
    expect(existsSync(path)).toBe(true);
    const other = owner({ pid: process.pid, host: hostname(), nonce: 'someone else' });
    writeFileSync(path, other);
    again();
    expect(readFileSync(path, 'utf8')).toBe(other);
  });
});

describe('realFilePath and ensurePrivateDir', () => {
  it('resolves a symlink, a missing file in a linked folder, and a path whose folder is missing', () => {
    const dir = folder();
    writeFileSync(join(dir, 'state.json'), '{}');
    symlinkSync(join(dir, 'state.json'), join(dir, 'link.json'));
    symlinkSync(dir, join(dir, 'folder-link'));
    const real = realFilePath(join(dir, 'state.json'));
    expect(realFilePath(join(dir, 'link.json'))).toBe(real);
    expect(realFilePath(join(dir, 'folder-link', 'new.json'))).toBe(join(realFilePath(dir), 'new.json'));
    expect(realFilePath(join(dir, 'nowhere', 'x.json'))).toBe(join(dir, 'nowhere', 'x.json'));
  });

  it('makes a folder, and its parents, readable by the owner only', () => {
    const dir = join(folder(), 'a', 'b');
    ensurePrivateDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    ensurePrivateDir(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
  });
});
