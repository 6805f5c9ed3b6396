/**
 * The SDK the benchmarks time: the built `dist/index.js`, what users run (bench/run.ts builds it before
 * the first case), or the source through tsx. tsx compiles with esbuild's `keepNames`, whose `__name`
 * calls cost a few µs per call that the built package does not have, so timings use the build; the CPU
 * profiles load the source instead, so their tables name source files rather than bundle chunks.
 * `BENCH_SDK=src` makes every side load the source (the bench's smoke test, which runs without a build).
 */
import { pathToFileURL } from 'node:url';
import { fromRoot } from './paths.js';

export type Sdk = typeof import('../../src/index.js');
export type SdkBuild = 'dist' | 'src';

const loaded = new Map<SdkBuild, Promise<Sdk>>();

export function loadSdk(build: SdkBuild = 'dist'): Promise<Sdk> {
  const which: SdkBuild = process.env.BENCH_SDK === 'src' ? 'src' : build;
  let sdk = loaded.get(which);
  if (!sdk) {
    sdk =
      which === 'src'
        ? import('../../src/index.js')
        : (import(pathToFileURL(fromRoot('dist', 'index.js')).href) as Promise<Sdk>);
    loaded.set(which, sdk);
  }
  return sdk;
}

export type Runner = typeof import('../../src/runner/index.js');
const runners = new Map<SdkBuild, Promise<Runner>>();

/** The job runner (`soracom-batch/jobs`) of the same build as `loadSdk`. */
export function loadRunner(build: SdkBuild = 'dist'): Promise<Runner> {
  const which: SdkBuild = process.env.BENCH_SDK === 'src' ? 'src' : build;
  let runner = runners.get(which);
  if (!runner) {
    runner =
      which === 'src'
        ? import('../../src/runner/index.js')
        : (import(pathToFileURL(fromRoot('dist', 'jobs.js')).href) as Promise<Runner>);
    runners.set(which, runner);
  }
  return runner;
}
