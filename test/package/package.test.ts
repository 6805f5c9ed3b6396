/**
 * The published package, as users get it: `npm pack`, installed from the tarball into a fresh
 * project, then imported with ESM and CommonJS, its bin run, and a consumer type-checked under
 * moduleResolution node16 and bundler. publint and arethetypeswrong must report no problems, and the
 * core must bundle for a browser without any Node built-in, within its size budget.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiReport } from '../../scripts/api-report.js';
import { CORE_CLIENT_SOURCE, CORE_ENTRY_SOURCE, measureBundle, RUNNER_SOURCE } from '../../scripts/lib/bundle-size.js';
import { freePort } from '../../scripts/lib/free-port.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import { SIZE_BUDGETS } from '../../scripts/lib/size-budgets.js';
import { startBatchEmulator } from '../../src/testing/index.js';

const root = fromRoot();
const work = mkdtempSync(join(tmpdir(), 'soracom-batch-pack-'));
const project = join(work, 'consumer');
let tarball = '';

const run = (command: string, args: string[], cwd: string) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, out: `${result.stdout}\n${result.stderr}` };
};

/** The README's Install block: `npm ci && npm pack` in the clone, then `npm install <path>/<tarball>`. */
function installCommands(): { pack: string; install: string[]; tarballName: string } {
  const readme = readFileSync(fromRoot('README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Install'), readme.indexOf('## Quick start'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const [pack, install] = block
    .trim()
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim());
  const words = (install ?? '').split(/\s+/);
  return { pack: pack ?? '', install: words, tarballName: (words.at(-1) ?? '').split('/').at(-1) ?? '' };
}

beforeAll(() => {
  // No dist/ to start from, as in a fresh clone: `npm pack` must build it (the prepack script).
  rmSync(fromRoot('dist'), { recursive: true, force: true });
  execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, stdio: 'pipe' });
  tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')) as string);
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }),
  );
  // The README's install line, as written, with the clone's path put in.
  const [npm, ...args] = installCommands().install.map((word) =>
    word.startsWith('/path/to/clone/') ? join(work, word.slice('/path/to/clone/'.length)) : word,
  );
  execFileSync(npm as string, [...args, '--no-audit', '--no-fund', '--prefer-offline', '--silent'], {
    cwd: project,
    stdio: 'pipe',
  });
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package', () => {
  it('is built by npm pack itself (prepack), so a fresh clone without dist/ ships one', () => {
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.prepack).toBe('npm run build');
    const listed = run('tar', ['-tzf', tarball], work).out.split('\n');
    for (const file of ['index.js', 'index.cjs', 'jobs.js', 'node.js', 'testing.js', 'cli/bin.js']) {
      expect(listed, file).toContain(`package/dist/${file}`);
    }
  });

  it('ships only what users need', () => {
    const listed = run('tar', ['-tzf', tarball], work).out.split('\n').filter(Boolean);
    expect(listed).toContain('package/dist/index.js');
    expect(listed).toContain('package/dist/index.cjs');
    expect(listed).toContain('package/dist/index.d.ts');
    expect(listed).toContain('package/dist/cli/bin.js');
    expect(listed.filter((f) => /^package\/(src|test|scripts|openapi|generated|bench)\//.test(f))).toEqual([]);
    expect(listed.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('imports with ESM and runs a job against the emulator from soracom-batch/testing', () => {
    const script = `
      import { createBatchClient, tasks } from 'soracom-batch';
      import { runTasks } from 'soracom-batch/jobs';
      import { fromEnv } from 'soracom-batch/node';
      import { startBatchEmulator } from 'soracom-batch/testing';
      const e = await startBatchEmulator({ sims: 2 });
      const b = createBatchClient({ baseUrl: e.baseUrl, auth: { authKeyId: e.credentials.authKeyId, authKey: e.credentials.authKey } });
      const g = await b.createBatchGroup({ body: { batchGroupName: 'esm' } });
      const r = await runTasks(b, { batch_group_id: g.batchGroupId, tasks: e.state.sims().map((s) => tasks.suspendSim(s.simId)), wait: { minDelayMs: 5 } });
      console.log('esm', r.succeeded, typeof fromEnv);
      await e.close();`;
    const result = run(process.execPath, ['--input-type=module', '-e', script], project);
    expect(result.out).toContain('esm 2 function');
    expect(result.status).toBe(0);
  });

  it('loads no more than it needs on import: Node loads its fetch (undici) on first use, not then', () => {
    // Node defines fetch, Request and Response as getters that load undici when first touched: a core
    // that touched one while loading would roughly double its import time (bench: cold import).
    const script = `
      await import('soracom-batch');
      const loaded = (name) => process.moduleLoadList.some((m) => m.includes(name));
      console.log(JSON.stringify({ atImport: loaded('undici') }));
      void Response;
      console.log(JSON.stringify({ afterTouch: loaded('undici') }));
    `;
    const result = run('node', ['--input-type=module', '-e', script], project);
    expect(result.out).toContain('{"atImport":false}');
    // The probe itself can see undici load, so the first line means something.
    expect(result.out).toContain('{"afterTouch":true}');
  });

  it('requires with CommonJS, and a validation error is recognised by the guard', () => {
    const script = `
      const { BatchValidationError, createBatchClient, isSoracomError, tasks } = require('soracom-batch');
      const { runTasks } = require('soracom-batch/jobs');
      const { startBatchEmulator } = require('soracom-batch/testing');
      (async () => {
        const e = await startBatchEmulator({ sims: 2 });
        const b = createBatchClient({ baseUrl: e.baseUrl, auth: { authKeyId: e.credentials.authKeyId, authKey: e.credentials.authKey } });
        const g = await b.createBatchGroup({ body: { batchGroupName: 'cjs' } });
        const r = await runTasks(b, { batch_group_id: g.batchGroupId, tasks: e.state.sims().map((s) => tasks.activateSim(s.simId)), wait: { minDelayMs: 5 } });
        const bad = await b.createBatchJob({ batch_group_id: g.batchGroupId, body: { tasks: [] } }).catch((x) => x);
        const colour = await b.createBatchGroup({ body: { batchGroupName: 'x', colour: 'red' } }).catch((x) => x);
        console.log('cjs', r.succeeded, isSoracomError(bad, BatchValidationError), colour.message);
        await e.close();
      })();`;
    const result = run(process.execPath, ['-e', script], project);
    expect(result.out).toContain(
      'cjs 2 true createBatchGroup.body.colour is not a field of CreateBatchGroupRequest; its fields are batchGroupName, description',
    );
    expect(result.status).toBe(0);
  });

  it('shares one copy of the core between entries: a ProfileError is a SoracomError of the core, ESM and CommonJS', () => {
    const esm = `
      import { SoracomError } from 'soracom-batch';
      import { fromProfile } from 'soracom-batch/node';
      try { fromProfile('missing', { env: { SORACOM_PROFILE_DIR: '/nonexistent' } }); } catch (e) { console.log('esm', e instanceof SoracomError, e.name); }`;
    const cjs = `
      const { SoracomError } = require('soracom-batch');
      const { fromProfile } = require('soracom-batch/node');
      try { fromProfile('missing', { env: { SORACOM_PROFILE_DIR: '/nonexistent' } }); } catch (e) { console.log('cjs', e instanceof SoracomError, e.name); }`;
    expect(run(process.execPath, ['--input-type=module', '-e', esm], project).out).toContain('esm true ProfileError');
    expect(run(process.execPath, ['-e', cjs], project).out).toContain('cjs true ProfileError');
  });

  it('is installed as the README says: npm pack in the clone writes the tarball its install line names', () => {
    const { pack, install, tarballName } = installCommands();
    expect(pack).toBe('npm ci && npm pack');
    expect(install.slice(0, 2)).toEqual(['npm', 'install']);
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string };
    expect(tarballName).toBe(`soracom-batch-${pkg.version}.tgz`);
    expect(tarball.endsWith(`/${tarballName}`)).toBe(true);
  });

  it('brings openapi-fetch and nothing the CLI alone needs: the consumer installs two packages (and theirs)', () => {
    const listed = run('npm', ['ls', '--omit=dev', '--all', '--parseable'], project);
    expect(listed.status).toBe(0);
    const names = listed.out
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.includes('node_modules'))
      .map((line) => line.slice(line.lastIndexOf('node_modules/') + 'node_modules/'.length))
      .sort();
    // openapi-typescript-helpers is openapi-fetch's own dependency, not ours.
    expect(names).toEqual(['openapi-fetch', 'openapi-typescript-helpers', 'soracom-batch']);
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    // A caret range, so a consumer's npm can share one copy with its other packages.
    expect(pkg.dependencies).toEqual({ 'openapi-fetch': expect.stringMatching(/^\^/) });
  });

  it('runs the soracom-batch bin', () => {
    const bin = join(project, 'node_modules', '.bin', 'soracom-batch');
    const version = run(bin, ['--version'], project);
    expect(version.status).toBe(0);
    expect(version.out).toContain('0.1.0');
    const help = run(bin, ['--help'], project);
    expect(help.status).toBe(0);
    expect(help.out).toContain('run');
  });

  it('has a consumer with no `!` and no cast: the published types need none', () => {
    const file = fromRoot('test/package/consumer/consumer.ts');
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isNonNullExpression(node) || ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
        found.push(node.getText(source));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(found).toEqual([]);
    // The walk does see them.
    const probe = ts.createSourceFile('p.ts', 'const a = b!; const c = d as string;', ts.ScriptTarget.ES2022, true);
    let seen = 0;
    const count = (node: ts.Node): void => {
      if (ts.isNonNullExpression(node) || ts.isAsExpression(node)) seen++;
      ts.forEachChild(node, count);
    };
    count(probe);
    expect(seen).toBe(2);
  });

  it.each(['node16', 'bundler'])(
    'type-checks a consumer under moduleResolution %s, strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess',
    (resolution) => {
      const dir = join(project, `types-${resolution}`);
      mkdirSync(dir, { recursive: true });
      cpSync(fromRoot('test/package/consumer/consumer.ts'), join(dir, 'consumer.ts'));
      const module = resolution === 'node16' ? 'node16' : 'esnext';
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module,
            moduleResolution: resolution,
            target: 'es2022',
            strict: true,
            exactOptionalPropertyTypes: true,
            noUncheckedIndexedAccess: true,
            noEmit: true,
            skipLibCheck: false,
            types: ['node'],
            typeRoots: [fromRoot('node_modules/@types')],
            lib: ['es2022', 'dom'],
          },
          files: ['consumer.ts'],
        }),
      );
      const result = run(
        process.execPath,
        [fromRoot('node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')],
        dir,
      );
      expect(result.out.trim()).toBe('');
      expect(result.status).toBe(0);
    },
  );

  it('passes publint', () => {
    const result = run(process.execPath, [fromRoot('node_modules/publint/src/cli.js'), root], root);
    expect(result.out).not.toMatch(/Errors:|Warnings:|Suggestions:/);
    expect(result.status).toBe(0);
  });

  it('passes arethetypeswrong for every entry and resolution mode', () => {
    const result = run(process.execPath, [fromRoot('node_modules/@arethetypeswrong/cli/dist/index.js'), tarball], work);
    expect(result.out).toContain('No problems found');
    expect(result.status).toBe(0);
  });
});

describe('the public API', () => {
  it('matches the committed API report (api/*.api.md): every change to the public surface is reviewed', () => {
    const results = apiReport({ check: true });
    expect(results.map((r) => r.report)).toEqual([
      'soracom-batch',
      'soracom-batch-jobs',
      'soracom-batch-node',
      'soracom-batch-testing',
    ]);
    for (const { report, changed, problems } of results) {
      expect(problems, report).toEqual([]);
      expect(changed, `api/${report}.api.md differs from the build: run npm run api:report and review the diff`).toBe(
        false,
      );
    }
  }, 60_000);
});

describe('the core in a browser bundle', () => {
  it('pulls in no Node built-in (and the check does see them in the Node entry)', async () => {
    expect((await measureBundle('core', CORE_ENTRY_SOURCE)).nodeBuiltins).toEqual([]);
    expect((await measureBundle('node', `export * from './dist/node.js';`)).nodeBuiltins.length).toBeGreaterThan(0);
  });

  it('stays within its size budgets (everything reachable, minified + gzipped, openapi-fetch included)', async () => {
    const entry = await measureBundle('soracom-batch (every export)', CORE_ENTRY_SOURCE);
    expect(entry.gzip).toBeLessThanOrEqual(SIZE_BUDGETS['soracom-batch (every export)']);
    const runner = await measureBundle('soracom-batch/jobs with the core', RUNNER_SOURCE);
    expect(runner.gzip).toBeLessThanOrEqual(SIZE_BUDGETS['soracom-batch/jobs with the core']);
    // The core entry carries none of the runner.
    expect(runner.gzip).toBeGreaterThan(entry.gzip + 2_000);
    // The measure sees everything: the client alone is most of it, openapi-fetch included.
    expect((await measureBundle('client', CORE_CLIENT_SOURCE)).gzip).toBeGreaterThan(entry.gzip * 0.8);
  });

  it('loads nothing with import(): one file per entry, and one chunk the core and the runner share', () => {
    const dist = fromRoot('dist');
    const files = readdirSync(dist).filter((f) => /\.(c?js)$/.test(f));
    const entries = [
      'index.cjs',
      'index.js',
      'jobs.cjs',
      'jobs.js',
      'node.cjs',
      'node.js',
      'testing.cjs',
      'testing.js',
    ];
    expect(
      files
        .filter((f) => !entries.includes(f))
        .map((f) => f.replace(/-\w+\./, '-*.'))
        .sort(),
    ).toEqual(['chunk-*.cjs', 'chunk-*.js']);
    for (const file of [...files, 'cli/bin.js']) {
      expect(readFileSync(join(dist, file), 'utf8'), file).not.toMatch(/\bimport\(/);
    }
  });
});

/** The fenced blocks of README.md after the line that starts with `after`, up to the next `## ` heading. */
function readmeBlocks(after: string): Array<{ language: string; code: string }> {
  const readme = readFileSync(fromRoot('README.md'), 'utf8');
  const start = readme.split('\n').findIndex((line) => line.startsWith(after));
  if (start < 0) throw new Error(`README.md has no line starting with ${JSON.stringify(after)}`);
  const rest = readme.split('\n').slice(start).join('\n');
  const section = rest.slice(0, rest.indexOf('\n## ', 1) >= 0 ? rest.indexOf('\n## ', 1) : undefined);
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({
    language: m[1] as string,
    code: m[2] as string,
  }));
}

// Async: the emulator answers from this process while the child runs (a sync spawn would block it).
const execFileAsync = promisify(execFile);

describe('the README, run as written against the emulator, with the installed package', () => {
  it('runs the quick start: the ts block as quick-start.mjs, its CommonJS twin, with the env line it gives', async () => {
    const blocks = readmeBlocks('## Quick start');
    const esm = blocks.find((b) => b.language === 'ts')?.code as string;
    const cjs = blocks.find((b) => b.language === 'js')?.code as string;
    const shell = blocks.find((b) => b.language === 'sh')?.code as string;
    expect(shell).toContain('npx soracom-batch emulator --port 8080');
    const envLine = shell.split('\n').find((line) => line.startsWith('SORACOM_ENDPOINT=')) as string;
    expect(envLine).toMatch(/ node quick-start\.mjs$/);
    const emulator = await startBatchEmulator();
    try {
      // The README's variables, with the port this emulator got instead of 8080.
      const env = Object.fromEntries(
        envLine
          .split(' ')
          .filter((word) => /^SORACOM_\w+=/.test(word))
          .map((word) => word.replace(':8080', `:${emulator.port}`).split('=') as [string, string]),
      );
      expect(Object.keys(env)).toEqual(['SORACOM_ENDPOINT', 'SORACOM_AUTH_KEY_ID', 'SORACOM_AUTH_KEY']);
      writeFileSync(join(project, 'quick-start.mjs'), esm);
      writeFileSync(join(project, 'quick-start.cjs'), cjs);
      for (const file of ['quick-start.mjs', 'quick-start.cjs']) {
        const { stdout } = await execFileAsync(process.execPath, [file], {
          cwd: project,
          env: { ...process.env, SORACOM_PROFILE: '', SORACOM_COVERAGE_TYPE: '', ...env },
        });
        expect(stdout, file).toContain('completed { pending: 0, success: 1, error: 0 }');
        expect(stdout, file).toContain('2/2 done, 0 failed');
        expect(stdout.trim().split('\n').at(-1), file).toBe('2 0 []');
        // Each progress line once: the example prints only what changed.
        const lines = stdout.trim().split('\n');
        expect(
          lines.filter((line, i) => lines.indexOf(line) !== i),
          file,
        ).toEqual([]);
      }
      // Both really ran against this emulator: two groups, each with its set-group job and its tag job.
      expect(emulator.state.groups().map((g) => g.batchGroupName)).toEqual([
        'Monthly SIM Tag Update',
        'Monthly SIM Tag Update',
      ]);
      expect(emulator.state.sim('8981100000000000002')?.tags).toEqual({ fleet: 'north' });
    } finally {
      await emulator.close();
    }
  }, 120_000);

  it('runs "Try all of this locally": the shell block, soracom-batch being the installed bin', async () => {
    const block = readmeBlocks('Try all of this locally').find((b) => b.language === 'sh')?.code as string;
    expect(block).toContain('> sims.txt');
    const dir = mkdtempSync(join(tmpdir(), 'soracom-batch-try-'));
    try {
      // Another port than 8080 (it may be taken), and the emulator stopped even when a line fails.
      const script = `trap 'kill $(jobs -p) 2>/dev/null' EXIT\n${block.replaceAll('8080', String(await freePort()))}`;
      const { stderr } = await execFileAsync('bash', ['-e', '-c', script], {
        cwd: dir,
        env: { ...process.env, PATH: `${join(project, 'node_modules', '.bin')}:${process.env.PATH}`, NO_COLOR: '1' },
        timeout: 240_000,
      });
      expect(readFileSync(join(dir, 'sims.txt'), 'utf8').trim().split('\n')).toHaveLength(25_000);
      expect(stderr).toMatch(/25000 succeeded, 0 failed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
