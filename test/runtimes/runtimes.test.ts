/**
 * The runtime matrix: the packed package, installed from its tarball, runs one scenario
 * (`scenario.ts`: log in with an AuthKey, create a group and a job of 25 putSimTags tasks, wait for it,
 * walk its tasks over three pages with `for await`, and catch a 404 as `NotFoundError`; in the browser
 * also a walk whose next key CORS hides, which must be refused) in every
 * runtime the README names, each with its own default `fetch`, against an emulator this process
 * starts on 127.0.0.1 for each row.
 *
 * The runtimes come from npm packages that ship their binaries (Bun, Deno, workerd) and from Debian
 * (Chromium, which `.ci/run` installs). A missing one fails the row in CI and skips it elsewhere with
 * the reason printed. Rows run one after another: the machine has two cores.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, it, type TestContext } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';
import { CHROMIUM, runInBrowser } from './support/browser.js';
import { type Consumer, prepareConsumer } from './support/consumer.js';
import { runToEnd } from './support/processes.js';
import { failureMessage, fromProcess, type Outcome, problems, STEP_COUNT } from './support/scenario-check.js';
import { runInWorkerd } from './support/workerd.js';

type Testing = typeof import('soracom-batch/testing');

const inCI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const ROW_TIMEOUT_MS = 60_000;
const PROCESS_TIMEOUT_MS = 45_000;

const BUN = fromRoot('node_modules/@oven/bun-linux-x64/bin/bun');
const DENO = fromRoot('node_modules/@deno/linux-x64-glibc/deno');
const WORKERD = fromRoot('node_modules/@cloudflare/workerd-linux-64/bin/workerd');
const JEST = fromRoot('node_modules/jest/bin/jest.js');

let consumer: Consumer;
let testing: Testing;
const timings: Record<string, number> = {};

beforeAll(async () => {
  consumer = await prepareConsumer();
  Object.assign(timings, consumer.timings);
  // The emulator from the same tarball as the SDK under test.
  testing = await import(pathToFileURL(join(consumer.dir, 'node_modules/soracom-batch/dist/testing.js')).href);
}, 240_000);

afterAll(() => {
  const total = Object.values(timings).reduce((sum, ms) => sum + ms, 0);
  console.log(
    `runtime matrix timings (ms): ${Object.entries(timings)
      .map(([name, ms]) => `${name} ${ms}`)
      .join(', ')}; total ${total}`,
  );
  if (consumer) rmSync(consumer.work, { recursive: true, force: true });
});

/** A runtime that is not installed: a failure in CI, a printed skip elsewhere. */
function unavailable(context: TestContext, row: string, reason: string): void {
  if (inCI) throw new Error(`${row}: ${reason} (CI must have every runtime of the matrix)`);
  console.warn(`skipped ${row}: ${reason}`);
  context.skip(reason);
}

type Row = {
  name: string;
  /** Files the row needs, with what installs them. */
  needs: { path: string; installedBy: string }[];
  run: (baseUrl: string, hiddenCursorUrl: string) => Promise<Outcome>;
  /** The row also walks an emulator whose CORS hides the next key (only browsers hide headers). */
  hidesHeaders?: true;
};

const inConsumer = (command: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  runToEnd(command, args, { cwd: consumer.dir, env, timeoutMs: PROCESS_TIMEOUT_MS }).then(fromProcess);

const rows: Row[] = [
  {
    name: 'Node: ESM import',
    needs: [],
    run: (baseUrl) => inConsumer(process.execPath, ['esm.mjs', baseUrl, `node ${process.version} esm`]),
  },
  {
    name: 'Node: CommonJS require',
    needs: [],
    run: (baseUrl) => inConsumer(process.execPath, ['cjs.cjs', baseUrl, `node ${process.version} cjs`]),
  },
  {
    name: 'Jest: default CommonJS mode',
    needs: [{ path: JEST, installedBy: 'npm ci (devDependency jest)' }],
    run: (baseUrl) =>
      inConsumer(
        process.execPath,
        [
          JEST,
          '--ci',
          '--rootDir',
          consumer.dir,
          '--roots',
          join(consumer.dir, 'jest'),
          '--no-watchman',
          '--cacheDirectory',
          join(consumer.work, 'jest-cache'),
        ],
        { RUNTIME_EMULATOR_URL: baseUrl },
      ),
  },
  {
    name: 'Bun: ESM import',
    needs: [{ path: BUN, installedBy: 'npm ci (devDependency @oven/bun-linux-x64)' }],
    // --no-install: resolve from node_modules only, never Bun's auto-install.
    run: (baseUrl) => inConsumer(BUN, ['--no-install', 'esm.mjs', baseUrl, 'bun']),
  },
  {
    name: 'Deno: ESM import, --allow-net=127.0.0.1 only',
    needs: [{ path: DENO, installedBy: 'npm ci (devDependency @deno/linux-x64-glibc)' }],
    // The one permission is network access to the emulator's host; no read, env or other grant.
    // --no-prompt turns a missing permission into an error rather than a question; --no-lock keeps
    // Deno from writing deno.lock. DENO_DIR (Deno's cache) stays in the run's temporary folder, and
    // DENO_NO_UPDATE_CHECK stops the CLI's own release check (https://docs.deno.com/runtime/reference/env_variables/).
    run: (baseUrl) =>
      inConsumer(DENO, ['run', '--no-prompt', '--no-lock', '--allow-net=127.0.0.1', 'esm.mjs', baseUrl, 'deno'], {
        DENO_DIR: join(consumer.work, 'deno-dir'),
        DENO_NO_UPDATE_CHECK: '1',
      }),
  },
  {
    name: 'Cloudflare workerd: bundled worker, no nodejs_compat',
    needs: [{ path: WORKERD, installedBy: 'npm ci (devDependency @cloudflare/workerd-linux-64)' }],
    run: (baseUrl) => runInWorkerd(WORKERD, join(consumer.dir, 'worker'), baseUrl),
  },
  {
    name: 'Chromium: browser bundle, cross-origin',
    needs: [{ path: CHROMIUM, installedBy: ".ci/run (apt-get install chromium, Debian's package)" }],
    run: (baseUrl, hiddenCursorUrl) =>
      runInBrowser(join(consumer.dir, 'browser'), consumer.work, baseUrl, hiddenCursorUrl),
    hidesHeaders: true,
  },
];

describe('the packed package runs the scenario in every runtime', () => {
  for (const row of rows) {
    it(
      row.name,
      async (context) => {
        const missing = row.needs.filter((need) => !existsSync(need.path));
        if (missing.length > 0) {
          unavailable(
            context,
            row.name,
            missing.map((m) => `${m.path} is missing (installed by ${m.installedBy})`).join('; '),
          );
          return;
        }
        const started = performance.now();
        const emulator = await testing.startBatchEmulator({ sims: 25 });
        // A server whose CORS setup exposes only Retry-After: x-soracom-next-key is hidden from the page.
        const hiding = row.hidesHeaders
          ? await testing.startBatchEmulator({ sims: 1, cors: { exposeHeaders: ['retry-after'] } })
          : undefined;
        let outcome: Outcome;
        try {
          outcome = await row.run(emulator.baseUrl, hiding?.baseUrl ?? '');
        } finally {
          await Promise.all([emulator.close(), hiding?.close()]);
          timings[row.name] = Math.round(performance.now() - started);
        }
        const found = problems(outcome, emulator.state.requests(), STEP_COUNT + (row.hidesHeaders ? 1 : 0));
        if (found.length > 0) throw new Error(failureMessage(row.name, outcome, found));
      },
      ROW_TIMEOUT_MS,
    );
  }
});
