/**
 * The project every runtime of the matrix runs in: the package packed once per test run and installed
 * from its tarball into a temporary consumer, with the scenario and each runtime's entry beside it.
 *
 * The build and pack happen in a copy of the sources, not in the repository: the package tests build
 * `dist/` too, and vitest runs test files in parallel, so a second build there would empty `dist/`
 * under the other file. The consumer's dependencies install from npm's cache with no registry
 * request: the consumer gets a lock file holding the versions and integrity hashes of this
 * repository's own lock file, whose packages `npm ci` has just put in the cache.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { fromRoot } from '../../../scripts/lib/paths.js';
import { runToEnd, tail } from './processes.js';

export type Consumer = {
  /** The temporary folder holding the tarball, the source copy and the consumer. */
  work: string;
  /** The consumer project: node_modules/soracom-batch, scenario.mjs/.cjs and the entries. */
  dir: string;
  tarball: string;
  /** Milliseconds spent building, packing and installing. */
  timings: Record<string, number>;
};

const entries = (file: string) => fromRoot('test', 'runtimes', 'entries', file);

async function step(name: string, timings: Record<string, number>, command: string, args: string[], cwd: string) {
  const result = await runToEnd(command, args, { cwd, timeoutMs: 180_000 });
  timings[name] = Math.round(result.ms);
  if (result.code !== 0) {
    throw new Error(
      `${name} failed (${command} ${args.join(' ')}, exit ${result.code}):\n${tail(result.stdout + result.stderr)}`,
    );
  }
}

type LockEntry = { version: string; integrity?: string; dependencies?: Record<string, string>; [key: string]: unknown };

/**
 * A lock file for a consumer of the tarball: the package itself, then every package its dependencies
 * need, at the same place in the tree as in this repository's lock file (where npm already found that
 * each one resolves to the right version).
 */
function consumerLock(tarball: string): object {
  const rootLock = JSON.parse(readFileSync(fromRoot('package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
    engines?: Record<string, string>;
    license?: string;
  };
  const packages: Record<string, object> = {};
  const resolve = (name: string, from: string): string => {
    // Node's lookup: the requiring package's own node_modules, then each folder above it.
    for (let base = from; ; base = base.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, '')) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (rootLock.packages[candidate]) return candidate;
      if (base === '') throw new Error(`package-lock.json has no ${name} reachable from ${from || 'the root'}`);
    }
  };
  const add = (path: string) => {
    if (packages[path]) return;
    const {
      dev: _dev,
      optional: _optional,
      devOptional: _devOptional,
      peer: _peer,
      ...entry
    } = rootLock.packages[path]!;
    packages[path] = entry;
    for (const dependency of Object.keys(entry.dependencies ?? {})) add(resolve(dependency, path));
  };
  for (const dependency of Object.keys(pkg.dependencies)) add(resolve(dependency, ''));
  const spec = `file:${basename(tarball)}`;
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  return {
    name: 'runtime-consumer',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'runtime-consumer', version: '1.0.0', dependencies: { [pkg.name]: spec } },
      [`node_modules/${pkg.name}`]: {
        version: pkg.version,
        resolved: spec,
        integrity,
        license: pkg.license,
        dependencies: pkg.dependencies,
        bin: { [pkg.name]: 'dist/cli/bin.js' },
        engines: pkg.engines,
      },
      ...packages,
    },
  };
}

export async function prepareConsumer(): Promise<Consumer> {
  const timings: Record<string, number> = {};
  const work = mkdtempSync(join(tmpdir(), 'soracom-batch-runtimes-'));

  const source = join(work, 'source');
  for (const entry of ['package.json', 'README.md', 'LICENSE', 'tsconfig.json', 'tsup.config.ts', 'src', 'generated']) {
    if (existsSync(fromRoot(entry))) cpSync(fromRoot(entry), join(source, entry), { recursive: true });
  }
  symlinkSync(fromRoot('node_modules'), join(source, 'node_modules'), 'dir');
  await step('build', timings, 'npm', ['run', '--silent', 'build'], source);
  await step('pack', timings, 'npm', ['pack', '--silent', '--pack-destination', work], source);
  const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);

  // The consumer sits next to the tarball so the lock file can name it by a relative path; it is
  // CommonJS by default (no "type"), as Jest expects of a `*.test.js`.
  const dir = join(work, 'consumer');
  mkdirSync(dir);
  const lock = consumerLock(tarball) as { packages: Record<string, object> };
  cpSync(tarball, join(dir, basename(tarball)));
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'runtime-consumer', version: '1.0.0', private: true, dependencies: (lock.packages[''] as { dependencies: object }).dependencies }, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  // `npm install <tarball>` as a user would, with --offline: everything comes from the tarball and the
  // cache, so the matrix needs no registry and gets the dependency versions this repository tested.
  await step(
    'install',
    timings,
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--silent', `./${basename(tarball)}`],
    dir,
  );

  // The scenario in both module formats, and each runtime's entry beside it.
  const started = performance.now();
  for (const format of ['esm', 'cjs'] as const) {
    await build({
      entryPoints: [fromRoot('test', 'runtimes', 'scenario.ts')],
      outfile: join(dir, format === 'esm' ? 'scenario.mjs' : 'scenario.cjs'),
      format,
      platform: 'neutral',
      target: 'es2022',
      logLevel: 'silent',
    });
  }
  for (const file of ['esm.mjs', 'cjs.cjs', 'worker.mjs', 'browser.mjs']) cpSync(entries(file), join(dir, file));
  mkdirSync(join(dir, 'jest'));
  cpSync(entries('scenario.test.js'), join(dir, 'jest', 'scenario.test.js'));

  // The worker and the page: one bundle each from the core entry, resolved from the consumer's
  // node_modules like a user's bundler would, with no Node built-in available.
  await build({
    entryPoints: [join(dir, 'worker.mjs')],
    outfile: join(dir, 'worker', 'worker.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker'],
    target: 'es2022',
    logLevel: 'silent',
  });
  await build({
    entryPoints: [join(dir, 'browser.mjs')],
    outfile: join(dir, 'browser', 'browser.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  cpSync(entries('index.html'), join(dir, 'browser', 'index.html'));
  timings.bundles = Math.round(performance.now() - started);

  return { work, dir, tarball, timings };
}
