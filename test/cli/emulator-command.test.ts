/**
 * `emulator`: runs the local emulator in-process until Ctrl-C, and the CLI works against it; its failure
 * flags (--fail-sims, --fail-sims-file, --fail-status, --fail-times, --fault, --hide-job-summary,
 * --no-cors) reach the emulator. As a real process: emulator-command.process.test.ts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/free-port.js';
import { runCli } from '../../src/cli/program.js';
import { DEFAULT_SIM_COUNT, simIdAt, simIds, startBatchEmulator } from '../../src/testing/index.js';
import { FAST } from './support/cli-world.js';
import { memoryIo } from './support/memory-io.js';

type Info = {
  baseUrl: string;
  port: number;
  credentials: { authKeyId: string; authKey: string; apiKey: string; token: string };
};

const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Waits until `probe` returns a value (generous deadline; nothing is asserted about speed). */
async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `soracom-batch emulator ARGS --json` in-process; stopped (Ctrl-C) after the test. */
async function emulator(args: string[], options: { cwd?: string; stdin?: string } = {}) {
  const m = memoryIo(options);
  const running = runCli(['emulator', ...args, '--json'], m.io);
  cleanup.push(() => {
    if (m.listeners() > 0) m.interrupt();
    return running;
  });
  const info = await until('the emulator line', () => {
    const line = m.stdout().split('\n')[0];
    return line ? (JSON.parse(line) as Info) : undefined;
  });
  const env = {
    SORACOM_ENDPOINT: info.baseUrl,
    SORACOM_AUTH_KEY_ID: info.credentials.authKeyId,
    SORACOM_AUTH_KEY: info.credentials.authKey,
  };
  /** The CLI against this emulator. */
  const cli = async (argv: string[], more: { cwd?: string; stdin?: string } = {}) => {
    const c = memoryIo({ env, ...more });
    const code = await runCli(argv, c.io);
    return { code, stdout: c.stdout(), stderr: c.stderr() };
  };
  /** A plain request with the ready-made pair, headers and body exactly as sent. */
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${info.baseUrl}${path}`, {
      method,
      headers: {
        'X-Soracom-API-Key': info.credentials.apiKey,
        'X-Soracom-Token': info.credentials.token,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { m, running, info, cli, call };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'soracom-batch-emulator-command-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const activate = (ids: readonly string[]) => ({
  tasks: ids.map((id) => ({ request: { path: `/v1/sims/${id}/activate`, method: 'POST' } })),
});

describe('emulator command', () => {
  it('prints where it listens (--json), serves the CLI, and stops on Ctrl-C with exit 0', async () => {
    const { m, running, info, cli } = await emulator(['--port', '0', '--sims', '3']);
    expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect((await cli(['groups', 'create', '--batch-group-name', 'demo'])).code).toBe(0);

    expect(m.listeners()).toBe(1);
    m.interrupt();
    expect(await running).toBe(0);
    expect(m.stderr()).toContain('Emulator stopped.');
    expect((await cli(['--max-retries', '0', 'groups', 'list'])).code).toBe(2);
  });

  it.each([
    [['--port', '99999'], /--port/],
    [['--fail-status', '200'], /--fail-status/],
    [['--fail-sims', '8981100000000000017:200'], /--fail-sims.*8981100000000000017:200/],
    [['--fault', 'status=429,colour=red'], /--fault.*colour is not a field/],
    [['--fault', 'status=200'], /--fault.*needs a text body/],
    [['--fail-sims-file', 'no-such-file.txt'], /cannot read --fail-sims-file no-such-file\.txt: no such file/],
  ])('%j is a usage error (exit 1) naming the flag', async (args, message) => {
    const m = memoryIo({ cwd: await tempDir() });
    expect(await runCli(['emulator', ...args], m.io)).toBe(1);
    expect(m.stderr()).toMatch(message);
    expect(m.listeners()).toBe(0);
  });

  it('--help documents the failure flags, the fault syntax and examples', async () => {
    const m = memoryIo();
    expect(await runCli(['emulator', '--help'], m.io)).toBe(0);
    for (const text of [
      '--fail-sims <list>',
      '--fail-sims-file <path>',
      '--fail-status <code>',
      '--fail-times <n>',
      '--fault <rule>',
      '--hide-job-summary',
      '--no-cors',
      'status=429,times=3,operations=createBatchJob,retryAfterSeconds=1',
      'processDelayMs=2500',
      'malformedBody=truncated-json',
      '--fail-sims 8981100000000000017:400,8981100000000012345 --fail-times 1',
    ]) {
      // An example longer than the terminal is continued with a backslash, as a shell reads it.
      expect(m.stdout().replace(/ \\\n\s+/g, ' ')).toContain(text);
    }
  });

  it(`has ${DEFAULT_SIM_COUNT} SIMs by default, as startBatchEmulator does`, async () => {
    const { cli } = await emulator([]);
    const last = simIdAt(DEFAULT_SIM_COUNT - 1);
    const beyond = simIdAt(DEFAULT_SIM_COUNT);
    const result = await cli(['run', 'activate', '--input', '-', '--group-name', 'size', ...FAST], {
      stdin: `${last}\n${beyond}\n`,
    });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ succeeded: 1, failed: 1 });
  });
});

describe('emulator command: rehearsing a failure walkthrough', () => {
  it('--fail-sims (with and without :status), --fail-sims-file, --fail-status and --fail-times: the run fails them, retry-failed succeeds', async () => {
    const dir = await tempDir();
    const ids = simIds(8);
    await writeFile(join(dir, 'failing.txt'), `# from the file\n${ids[5]}:503\n`);
    const { cli } = await emulator(
      [
        '--sims',
        '8',
        '--fail-sims',
        `${ids[1]}:400,${ids[2]}`,
        '--fail-sims',
        ids[3] as string,
        '--fail-sims-file',
        'failing.txt',
        '--fail-status',
        '502',
        '--fail-times',
        '1',
      ],
      { cwd: dir },
    );
    const run = await cli(
      ['run', 'activate', '--input', '-', '--group-name', 'walkthrough', '--failed-output', 'failed.csv', ...FAST],
      { cwd: dir, stdin: ids.join('\n') },
    );
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ succeeded: 4, failed: 4 });
    const failed = await cli([
      'jobs',
      'tasks',
      '--batch-group-id',
      report.batchGroupId,
      '--job-id',
      report.jobs[0].jobId,
      '--status',
      'error',
      '--fetch-all',
    ]);
    const statuses = Object.fromEntries(
      (JSON.parse(failed.stdout) as Array<{ request: { path: string }; response: { statusCode: number } }>).map((t) => [
        t.request.path.split('/')[3],
        t.response.statusCode,
      ]),
    );
    expect(statuses).toEqual({
      [ids[1] as string]: 400,
      [ids[2] as string]: 502,
      [ids[3] as string]: 502,
      [ids[5] as string]: 503,
    });

    // Each SIM failed once (--fail-times 1): the retry succeeds, as after the cause is fixed.
    const retry = await cli(
      ['retry-failed', '--batch-group-id', report.batchGroupId, '--job', report.jobs[0].jobId, ...FAST],
      { cwd: dir },
    );
    expect(retry.code).toBe(0);
    expect(JSON.parse(retry.stdout)).toMatchObject({ succeeded: 4, failed: 0 });
  });

  it('--fault answers matching requests with the rule, like the SDK option', async () => {
    const { call } = await emulator([
      '--fault',
      'status=429,times=2,operations=createBatchJob,retryAfterSeconds=3',
      '--fault',
      '{"operations":["listBatchGroups"],"malformedBody":"not-json","headers":{"x-soracom-request-id":"r-1"}}',
    ]);
    const group = (await (await call('POST', '/batch_groups', { batchGroupName: 'faults' })).json()) as {
      batchGroupId: string;
    };
    for (let i = 0; i < 2; i++) {
      const limited = await call('POST', `/batch_groups/${group.batchGroupId}/jobs`, activate(simIds(1)));
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('3');
    }
    expect((await call('POST', `/batch_groups/${group.batchGroupId}/jobs`, activate(simIds(1)))).status).toBe(200);

    const page = await call('GET', '/batch_groups');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('x-soracom-request-id')).toBe('r-1');
    expect(await page.text()).toMatch(/^<!DOCTYPE html>/);
  });

  it('--hide-job-summary answers jobs without summary; their tasks still run', async () => {
    const { call } = await emulator(['--sims', '2', '--hide-job-summary', '--fail-sims', simIdAt(1)]);
    const group = (await (await call('POST', '/batch_groups', { batchGroupName: 'summary' })).json()) as {
      batchGroupId: string;
    };
    const job = (await (
      await call('POST', `/batch_groups/${group.batchGroupId}/jobs`, activate(simIds(2)))
    ).json()) as {
      jobId: string;
    };
    const ended = await (async () => {
      for (;;) {
        const answer = (await (
          await call('GET', `/batch_groups/${group.batchGroupId}/jobs/${job.jobId}`)
        ).json()) as Record<string, unknown>;
        if (answer.status === 'failed' || answer.status === 'completed') return answer;
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    expect(ended.status).toBe('failed');
    expect(ended).not.toHaveProperty('summary');
  });

  it('sends CORS headers by default, and none with --no-cors', async () => {
    const on = await emulator([]);
    const off = await emulator(['--no-cors']);
    const origin = { Origin: 'http://app.example' };
    expect((await on.call('GET', '/batch_groups', undefined, origin)).headers.get('access-control-allow-origin')).toBe(
      'http://app.example',
    );
    const answer = await off.call('GET', '/batch_groups', undefined, origin);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('emulator sims', () => {
  async function sims(argv: string[], env: Record<string, string> = {}) {
    const m = memoryIo({ env });
    const code = await runCli(['emulator', 'sims', ...argv], m.io);
    return { code, stdout: m.stdout(), stderr: m.stderr() };
  }

  it("lists a running emulator's SIMs as IDs (one per line): a run's --input as it is", async () => {
    const started = await startBatchEmulator({ sims: 5 });
    cleanup.push(() => started.close());
    const origin = started.baseUrl.replace(/\/v1$/, '');
    const ids = await sims(['--endpoint', origin]);
    expect(ids).toMatchObject({ code: 0, stderr: '' });
    expect(ids.stdout).toBe(`${simIds(5).join('\n')}\n`);
    // SORACOM_ENDPOINT, as the emulator prints it, works too (with or without /v1).
    expect((await sims([], { SORACOM_ENDPOINT: started.baseUrl })).stdout).toBe(ids.stdout);

    // The rows it prints run: activate them all from the list.
    const m = memoryIo({ stdin: ids.stdout });
    const run = await runCli(
      [
        '--endpoint',
        origin,
        '--api-key',
        started.apiToken.apiKey,
        '--api-token',
        started.apiToken.token,
        'run',
        'activate',
        '--input',
        '-',
        '--batch-group-name',
        'all',
        ...FAST,
      ],
      m.io,
    );
    expect(run).toBe(0);
    expect(started.state.sims().every((sim) => sim.status === 'active')).toBe(true);
  });

  it("csv and jsonl rows carry the input's column names and the SIMs' state; json is the inventory; --status filters", async () => {
    const started = await startBatchEmulator({
      sims: [
        {
          simId: '8981100000000000001',
          imsi: '440100000000001',
          status: 'active',
          groupId: 'g-1',
          tags: { area: 'tokyo', floor: '3' },
        },
        { simId: '8981100000000000002', imsi: '440100000000002', status: 'inactive', tags: { note: '=1+1' } },
      ],
    });
    cleanup.push(() => started.close());
    const origin = started.baseUrl;
    const csv = await sims(['--endpoint', origin, '--output', 'csv']);
    expect(csv.stdout).toBe(
      'sim_id,imsi,status,group_id,tags\n' +
        '8981100000000000001,440100000000001,active,g-1,area=tokyo;floor=3\n' +
        '8981100000000000002,440100000000002,inactive,,note==1+1\n',
    );
    const jsonl = await sims(['--endpoint', origin, '-o', 'jsonl', '--status', 'inactive']);
    expect(
      jsonl.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { sim_id: '8981100000000000002', imsi: '440100000000002', status: 'inactive', group_id: '', tags: 'note==1+1' },
    ]);
    const json = await sims(['--endpoint', origin, '--output', 'json']);
    expect(JSON.parse(json.stdout)).toEqual(started.state.sims());
  });

  it('a formula cell is neutralised in csv', async () => {
    const started = await startBatchEmulator({
      sims: [{ simId: '8981100000000000009', imsi: '440100000000009', tags: {}, groupId: '=cmd|calc' }],
    });
    cleanup.push(() => started.close());
    const csv = await sims(['--endpoint', started.baseUrl, '--output', 'csv']);
    expect(csv.stdout.split('\n')[1]).toContain(",'=cmd|calc,");
  });

  it('without an address, or with nothing listening there, says what to do (exit 1)', async () => {
    const none = await sims([]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/emulator sims reads a running emulator: pass --endpoint http:\/\/127\.0\.0\.1:PORT/);
    const port = await freePort();
    const gone = await sims(['--endpoint', `http://127.0.0.1:${port}`]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(
      `no emulator answers at http://127.0.0.1:${port}: start one with "soracom-batch emulator"`,
    );
  });
});
