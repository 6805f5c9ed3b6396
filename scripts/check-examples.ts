/**
 * `npm run check:examples`: type-checks every TypeScript example of the README and of `examples/`.
 * Each ```ts block of README.md becomes a module under a scratch folder inside the repository (so
 * `soracom-batch` resolves to this package through its own `exports`), with declarations for the
 * free variables examples use (`batch`, `batch_group_id`, ...) from `examples/readme-context.d.ts`.
 *
 * They are checked under the strictest settings users copy them into (`strict`,
 * `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`), and must not assert what the types already
 * say: no needless `!`, `??`, `?.` or `as` (scripts/lib/needless-assertions.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { needlessAssertions } from './lib/needless-assertions.js';
import { fromRoot } from './lib/paths.js';
import { EXAMPLE_COMPILER_OPTIONS } from './lib/source-paths.js';

function main(): void {
  const scratch = fromRoot('node_modules', '.cache', 'readme-examples');
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });

  const readme = readFileSync(fromRoot('README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const files: string[] = [];
  blocks.forEach((code, i) => {
    const line = readme.slice(0, readme.indexOf(code)).split('\n').length;
    const file = join(scratch, `readme-${String(i + 1).padStart(2, '0')}-line-${line}.ts`);
    // `export {}` makes each block a module, so top-level await and local names do not collide.
    writeFileSync(file, `${code}\nexport {};\n`);
    files.push(file);
  });
  const examplesDir = fromRoot('examples');
  if (existsSync(examplesDir)) {
    for (const name of readdirSync(examplesDir)) {
      if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(join(examplesDir, name));
    }
  }

  const program = ts.createProgram({
    rootNames: [...files, fromRoot('examples/readme-context.d.ts')],
    options: EXAMPLE_COMPILER_OPTIONS,
  });
  // Only the examples' own errors: the sources they import are type-checked by tsc with the project's
  // settings, and users get their declarations (test/package/ checks those under these flags).
  const own = new Set(files);
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => !d.file || own.has(d.file.fileName));
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => fromRoot(),
    getNewLine: () => '\n',
  };
  if (diagnostics.length > 0) process.stdout.write(ts.formatDiagnostics(diagnostics, host));
  const needless = needlessAssertions(program, files).map((line) => relative(fromRoot(), line));
  for (const line of needless) console.log(line);

  if (diagnostics.length > 0 || needless.length > 0) {
    console.error(
      `\n${blocks.length} README example(s) and examples/*.ts: ${diagnostics.length} type error(s) and ` +
        `${needless.length} needless assertion(s) above (file names give the README line).`,
    );
    process.exitCode = 1;
  } else {
    console.log(
      `type-checked ${blocks.length} README example(s) and ${files.length - blocks.length} file(s) in examples/ ` +
        '(strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess; no needless assertions)',
    );
  }
}

main();
