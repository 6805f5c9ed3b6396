/**
 * The state file as a cache (src/cli/state-file.ts), in-process: where it lives, what is read back, what
 * is only a lost cache (set aside with a reason, the run going on from the batch group) and what is
 * refused because it is not ours to overwrite.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { cacheDir, loadStateFile, STATE_FILE_KIND, saveStateFile } from '../../src/cli/state-file.js';
import type { RunState } from '../../src/runner/run-state.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'state-file-test-'));
  dirs.push(dir);
  return dir;
}

const state: RunState = { version: 3, batchGroupId: 'g-1', streams: [] };

async function load(text: string | undefined) {
  const path = join(folder(), 's.json');
  if (text !== undefined) writeFileSync(path, text);
  const damaged: string[] = [];
  const loaded = await loadStateFile(path, 's.json', (why) => damaged.push(why));
  return { loaded, damaged };
}

const file = (fields: Record<string, unknown>) =>
  JSON.stringify({ kind: STATE_FILE_KIND, version: 2, state, ...fields });

describe('cacheDir', () => {
  const io = (env: Record<string, string>, homeDir?: string) =>
    ({ env, cwd: '/work/here', ...(homeDir ? { homeDir } : {}) }) as unknown as CliIo;

  it('is $SORACOM_BATCH_CACHE_DIR, else $XDG_CACHE_HOME/soracom-batch, else ~/.cache/soracom-batch', () => {
    expect(cacheDir(io({ SORACOM_BATCH_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }, '/home/u'))).toBe('/c');
    expect(cacheDir(io({ XDG_CACHE_HOME: '/x' }, '/home/u'))).toBe('/x/soracom-batch');
    expect(cacheDir(io({ SORACOM_BATCH_CACHE_DIR: '', XDG_CACHE_HOME: '' }, '/home/u'))).toBe(
      '/home/u/.cache/soracom-batch',
    );
    expect(cacheDir(io({}))).toBe('/work/here/.cache/soracom-batch');
  });
});

describe('loadStateFile', () => {
  it('reads back a state file of ours', async () => {
    const { loaded, damaged } = await load(file({ command: 'run activate', savedAt: 'now' }));
    expect(loaded).toMatchObject({ kind: STATE_FILE_KIND, version: 2, command: 'run activate', state });
    expect(damaged).toEqual([]);
  });

  it('has nothing to give for a file that does not exist (a first run)', async () => {
    expect(await load(undefined)).toEqual({ loaded: undefined, damaged: [] });
  });

  it('refuses a path it cannot read, naming the reason', async () => {
    const dir = folder();
    mkdirSync(join(dir, 's.json'));
    await expect(loadStateFile(join(dir, 's.json'), 's.json', () => undefined)).rejects.toThrow(
      'cannot read --state-file s.json: EISDIR',
    );
  });

  it('sets aside a damaged file of ours with the reason: empty, cut short, no whole state, an earlier version', async () => {
    const cases: Array<[string, string]> = [
      ['', 's.json is damaged (not JSON)'],
      ['  \n', 's.json is damaged (not JSON)'],
      [file({}).slice(0, 30), 's.json is damaged (not JSON)'],
      [` \n${file({}).slice(0, 30)}`, 's.json is damaged (not JSON)'],
      [`{ "kind": ${JSON.stringify(STATE_FILE_KIND)}, "vers`, 's.json is damaged (not JSON)'],
      [JSON.stringify({ kind: STATE_FILE_KIND, version: 2 }), 's.json is damaged (not a whole state)'],
      [JSON.stringify({ kind: STATE_FILE_KIND, version: 2, state: 'x' }), 's.json is damaged (not a whole state)'],
      [file({ version: 1 }), 's.json was written by an earlier version'],
      [file({ state: { ...state, version: 2 } }), 's.json was written by an earlier version'],
    ];
    for (const [text, why] of cases) {
      expect(await load(text), text).toEqual({ loaded: undefined, damaged: [why] });
    }
  });

  it('refuses a file that is not ours, whole or cut short, rather than overwrite it', async () => {
    const notOurs =
      '--state-file s.json is not a soracom-batch state file: name another file (this one would be overwritten)';
    for (const text of [
      'name,sim_id\n',
      '{"name": "x"',
      '[1, 2',
      '[{"kind": "x"',
      'name\n{"kind": "x"',
      'null',
      '"text"',
      JSON.stringify({ kind: 'other', state }),
    ]) {
      await expect(load(text), text).rejects.toThrow(notOurs);
    }
  });
});

describe('saveStateFile', () => {
  it('writes the kind, version, time and content, redacted, owner-only, ending with a newline', async () => {
    const path = join(folder(), 's.json');
    const before = Date.now();
    await saveStateFile(path, { command: 'run activate --api-key SECRET', input: 'ids.txt', state }, (text) =>
      text.replaceAll('SECRET', '[redacted]'),
    );
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "kind"');
    const saved = JSON.parse(text) as Record<string, unknown>;
    expect(saved).toMatchObject({
      kind: STATE_FILE_KIND,
      version: 2,
      command: 'run activate --api-key [redacted]',
      input: 'ids.txt',
      state,
    });
    expect(Date.parse(saved.savedAt as string)).toBeGreaterThanOrEqual(before - 1_000);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const { loaded } = await load(text);
    expect(loaded?.state).toEqual(state);
  });
});
