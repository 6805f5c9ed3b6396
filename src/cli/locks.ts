/**
 * Locks that keep two runs of this machine apart: one per run (keyed by what the run does, its batch
 * group and its streams' identities, so the same run started twice from two folders, or with two state
 * files, is refused) and one per state file (keyed by the real file: a path through a symlink is the
 * same file). Runs on other machines meet in the batch group itself (runner/submit.ts).
 *
 * A lock is a file created only if it does not exist (O_EXCL), holding its owner. A lock whose owner is
 * a process of this host that is gone is taken over, atomically: the taker first holds a second lock
 * (`<lock>.takeover`, O_EXCL too), checks that the lock still holds the same dead owner, and only then
 * removes it and creates its own with O_EXCL; two runs racing for one stale lock cannot both win
 * (test/chaos/operations.process.test.ts). A lock is removed when its run ends (also on an uncaught error:
 * the process's exit), and only if it is still its own.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, realpathSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './errors.js';

type LockOwner = { pid: number; host: string; since: string; command: string; nonce: string };

/** Whether a process of this host is alive (signal 0 tests for it without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseOwner(text: string | undefined): Partial<LockOwner> {
  try {
    return JSON.parse(text ?? '') as Partial<LockOwner>;
  } catch {
    return {};
  }
}

/** A lock file cut short by a crash as it was written is stale once it is a few seconds old. */
const UNREADABLE_STALE_MS = 10_000;

function isStale(path: string, owner: Partial<LockOwner>): boolean {
  if (typeof owner.pid !== 'number') {
    try {
      return Date.now() - statSync(path).mtimeMs > UNREADABLE_STALE_MS;
    } catch {
      return false;
    }
  }
  return owner.host === hostname() && !alive(owner.pid);
}

function createExclusive(path: string, text: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return false;
    throw error;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

/**
 * Removes the stale lock at `path` whose text was `staleText`, under the takeover lock. Returns false
 * when another process is taking it over right now.
 */
function removeStale(path: string, staleText: string, me: string): boolean {
  const takeover = `${path}.takeover`;
  if (!createExclusive(takeover, me)) {
    // A taker that died inside the few instructions it holds this for leaves it behind: clear it.
    if (isStale(takeover, parseOwner(readText(takeover)))) unlinkQuietly(takeover);
    return false;
  }
  try {
    if (readText(path) === staleText) unlinkQuietly(path);
  } finally {
    unlinkQuietly(takeover);
  }
  return true;
}

function holderOf(owner: Partial<LockOwner>): string {
  return typeof owner.pid === 'number'
    ? `pid ${owner.pid} on ${owner.host ?? 'an unknown host'} since ${owner.since ?? 'an unknown time'}${owner.command ? ` (${owner.command})` : ''}`
    : 'a run that left no owner';
}

/**
 * Takes the lock at `path`, or throws a `UsageError` naming its holder and `what` is locked. Returns the
 * function that releases it (also called on the process's exit).
 */
export function takeLock(path: string, what: string, command: string): () => void {
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    command,
    nonce: randomBytes(8).toString('hex'),
  };
  const me = `${JSON.stringify(owner)}\n`;
  for (let attempt = 0; ; attempt++) {
    let made: boolean;
    try {
      made = createExclusive(path, me);
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? error);
      throw new UsageError(`cannot lock ${what} (${code}): is ${dirname(path)} there and writable?`);
    }
    if (made) break;
    const text = readText(path);
    if (text === undefined && attempt < 10) continue; // released just now
    const held = parseOwner(text);
    if (attempt < 5 && isStale(path, held)) {
      removeStale(path, text ?? '', me);
      continue;
    }
    throw new UsageError(
      `${what} is in use by another run: ${holderOf(held)}. Wait for it to end; if it is gone (another host, a reboot), delete ${path} and run again`,
    );
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readText(path) === me) unlinkQuietly(path);
  };
  process.on('exit', release);
  return release;
}

/** The real path of a file that may not exist yet: symlinks resolved (of the file, or of its folder). */
export function realFilePath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

/** Creates a folder of ours (owner only) if it is missing. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}
