/**
 * The oldest TypeScript the package supports: 5.4. A strict consumer (minimum-typescript/consumer.ts) of the
 * built declarations (`dist/*.d.ts`, built here into a folder of its own) compiles with TypeScript 5.4.5, with
 * strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess and the libraries' own declarations checked; with
 * 5.3.3 it does not, inside openapi-fetch's types (and openapi-typescript-helpers'), which 5.4 is the first to
 * accept. Both compilers are dev dependencies under aliases (`typescript-5.4`, `typescript-5.3`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';

// Under the repository's node_modules, so the declarations find openapi-fetch as a user's would.
const work = fromRoot('node_modules', '.cache', 'minimum-typescript');

function compileWith(compiler: 'typescript-5.4' | 'typescript-5.3'): { status: number | null; out: string } {
  const result = spawnSync(process.execPath, [fromRoot('node_modules', compiler, 'bin', 'tsc'), '-p', work], {
    encoding: 'utf8',
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}`.trim() };
}

beforeAll(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  // The declarations as `npm run build` writes them, into a folder of this test's own (dist/ is the package test's).
  execFileSync(
    process.execPath,
    [fromRoot('node_modules/tsup/dist/cli-default.js'), '--dts-only', '--out-dir', join(work, 'dist')],
    {
      cwd: fromRoot(),
      stdio: 'pipe',
    },
  );
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'esnext',
        moduleResolution: 'bundler',
        target: 'es2022',
        lib: ['es2022', 'dom'],
        types: [],
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        noEmit: true,
        skipLibCheck: false,
        paths: { 'soracom-batch': ['./dist/index.d.ts'], 'soracom-batch/jobs': ['./dist/jobs.d.ts'] },
      },
      files: [fromRoot('test/types/minimum-typescript/consumer.ts')],
    }),
  );
}, 180_000);

describe('the minimum TypeScript version', () => {
  it('the aliases are the versions they are named after', () => {
    for (const [alias, version] of [
      ['typescript-5.4', '5.4.5'],
      ['typescript-5.3', '5.3.3'],
    ]) {
      const pkg = JSON.parse(readFileSync(fromRoot('node_modules', alias as string, 'package.json'), 'utf8'));
      expect(pkg.version, alias).toBe(version);
    }
  });

  it("the aliases' own tsc does not stand in for the project's (npm links the first package's bin of a name)", () => {
    expect(realpathSync(fromRoot('node_modules/.bin/tsc'))).toBe(
      realpathSync(fromRoot('node_modules/typescript/bin/tsc')),
    );
  });

  it('TypeScript 5.4 compiles a strict consumer of the built types', () => {
    expect(compileWith('typescript-5.4')).toEqual({ status: 0, out: '' });
  });

  it('TypeScript 5.3 does not, inside openapi-fetch', () => {
    const { status, out } = compileWith('typescript-5.3');
    expect(status).not.toBe(0);
    expect(out).toContain('node_modules/openapi-fetch/dist/index.d.mts');
    // Every error is in the libraries' declarations: ours and the consumer compile.
    for (const line of out.split('\n').filter((l) => /error TS/.test(l))) {
      expect(line).toMatch(/node_modules\/openapi-(fetch|typescript-helpers)\//);
    }
  });
});
