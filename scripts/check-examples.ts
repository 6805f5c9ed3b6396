/**
 * `npm run check:examples`: type-checks every TypeScript example of the README and of `examples/`.
 * Each ```ts block of README.md becomes a module under a scratch folder inside the repository (so
 * `soracom-batch` resolves to this package through its own `exports`), with declarations for the
 * free variables examples use (`batch`, `batch_group_id`, ...) from `examples/readme-context.d.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from './lib/paths.js';
import { SOURCE_PATHS } from './lib/source-paths.js';

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
  for (const name of readdirSync(examplesDir)) if (name.endsWith('.ts')) files.push(join(examplesDir, name));
}

writeFileSync(
  join(scratch, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2022', 'DOM'],
      types: ['node'],
      typeRoots: [fromRoot('node_modules/@types')],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      paths: SOURCE_PATHS,
    },
    files: [...files, fromRoot('examples/readme-context.d.ts')],
  }),
);
const result = spawnSync(
  process.execPath,
  [fromRoot('node_modules/typescript/bin/tsc'), '-p', join(scratch, 'tsconfig.json')],
  {
    encoding: 'utf8',
  },
);
process.stdout.write(result.stdout);
if (result.status !== 0) {
  console.error(
    `\n${blocks.length} README example(s) and examples/*.ts: type errors above (file names give the README line).`,
  );
  process.exitCode = 1;
} else {
  console.log(
    `type-checked ${blocks.length} README example(s) and ${files.length - blocks.length} file(s) in examples/`,
  );
}
