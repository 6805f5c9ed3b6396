/**
 * ARCHITECTURE.md, checked: every import in `src/` respects the layer table, the core uses no Node
 * built-in and no package but openapi-fetch, the emulator shares no code with the SDK, and nothing in
 * `src/` loads a module with `import()` (only `typeof import(...)` type positions are allowed).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';

type Layer =
  | 'generated'
  | 'errors'
  | 'logging'
  | 'transport'
  | 'auth'
  | 'pagination'
  | 'tasks'
  | 'jobs'
  | 'client'
  | 'runner'
  | 'root'
  | 'node'
  | 'testing'
  | 'cli';

/** What each layer may import (besides itself), as ARCHITECTURE.md's table says. */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  generated: [],
  errors: ['generated'],
  logging: [],
  transport: ['errors', 'logging'],
  auth: ['transport', 'errors', 'logging', 'generated'],
  pagination: ['transport', 'errors'],
  tasks: ['errors', 'generated'],
  jobs: ['tasks', 'pagination', 'transport', 'errors', 'generated'],
  client: ['errors', 'logging', 'transport', 'auth', 'pagination', 'tasks', 'jobs', 'generated', 'root'],
  root: ['errors', 'logging', 'transport', 'auth', 'pagination', 'tasks', 'jobs', 'client', 'generated'],
  runner: ['errors', 'logging', 'transport', 'auth', 'pagination', 'tasks', 'jobs', 'client', 'generated', 'root'],
  node: [],
  testing: ['generated'],
  cli: [
    'generated',
    'errors',
    'logging',
    'transport',
    'auth',
    'pagination',
    'tasks',
    'jobs',
    'client',
    'root',
    'runner',
    'node',
    'testing',
  ],
};
const CORE: ReadonlySet<Layer> = new Set([
  'errors',
  'logging',
  'transport',
  'auth',
  'pagination',
  'tasks',
  'jobs',
  'client',
  'root',
]);

function layerOf(file: string): Layer {
  const rel = relative(fromRoot(), file);
  if (rel.startsWith('generated/')) return 'generated';
  const folder = rel.split('/')[1] ?? '';
  if (rel.split('/').length === 2) return 'root'; // src/index.ts, src/version.ts
  return folder as Layer;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

type Import = { from: string; specifier: string; typeOnly: boolean };

/** Every static import and re-export of a file (comments are skipped: examples in TSDoc import freely). */
function importsOf(file: string): Import[] {
  const code = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const found: Import[] = [];
  for (const match of code.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)) {
    found.push({ from: file, specifier: match[2] as string, typeOnly: match[1] !== undefined });
  }
  return found;
}

const files = sources(fromRoot('src'));

describe('ARCHITECTURE.md', () => {
  it('finds the layers it describes', () => {
    const layers = new Set(files.map(layerOf));
    for (const layer of [
      'errors',
      'transport',
      'auth',
      'client',
      'jobs',
      'runner',
      'tasks',
      'node',
      'testing',
      'cli',
    ] as const) {
      expect(layers, layer).toContain(layer);
    }
  });

  it('every import in src/ goes to a layer below (or the same one)', () => {
    const broken: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const imp of importsOf(file)) {
        if (!imp.specifier.startsWith('.')) continue;
        const target = resolve(dirname(file), imp.specifier).replace(/\.js$/, '.ts');
        const to = layerOf(target);
        if (to === from) continue;
        // The one exception: the job helpers take the types of the client's operation methods.
        if (from === 'jobs' && imp.typeOnly && target.endsWith('client/operation-types.ts')) continue;
        if (!ALLOWED[from].includes(to))
          broken.push(`${relative(fromRoot(), file)} (${from}) imports ${imp.specifier} (${to})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('generated/ imports nothing of ours, but batch-methods.ts takes types from client/operation-types.ts', () => {
    const broken: string[] = [];
    for (const file of sources(fromRoot('generated'))) {
      for (const imp of importsOf(file)) {
        const target = resolve(dirname(file), imp.specifier).replace(/\.js$/, '.ts');
        if (layerOf(target) === 'generated') continue;
        const allowed =
          file.endsWith('generated/batch-methods.ts') &&
          imp.typeOnly &&
          target === fromRoot('src', 'client', 'operation-types.ts');
        if (!allowed) broken.push(`${relative(fromRoot(), file)} imports ${imp.specifier}`);
      }
    }
    expect(broken).toEqual([]);
    // The check does read generated/: the one exception is there.
    expect(importsOf(fromRoot('generated', 'batch-methods.ts')).map((i) => i.specifier)).toContain(
      '../src/client/operation-types.js',
    );
  });

  it('the core imports no Node built-in and no package but openapi-fetch; node/ reaches the core by its package name', () => {
    const broken: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const imp of importsOf(file)) {
        if (imp.specifier.startsWith('.')) continue;
        const rel = relative(fromRoot(), file);
        if (CORE.has(from) && imp.specifier !== 'openapi-fetch') broken.push(`${rel} imports ${imp.specifier}`);
        if (from === 'testing' && !imp.specifier.startsWith('node:')) broken.push(`${rel} imports ${imp.specifier}`);
      }
      if (from === 'node') {
        for (const imp of importsOf(file)) {
          if (imp.specifier.startsWith('..')) broken.push(`${relative(fromRoot(), file)} imports ${imp.specifier}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('nothing in src/ loads a module with import()', () => {
    const dynamic = files.flatMap((file) => {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      return [...code.matchAll(/(?<!typeof\s)\bimport\(/g)].map(() => relative(fromRoot(), file));
    });
    expect(dynamic).toEqual([]);
  });
});
