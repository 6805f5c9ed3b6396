/**
 * Under `exactOptionalPropertyTypes`, an optional property `x?: T` refuses an explicit `undefined` unless it
 * is written `x?: T | undefined`; code that forwards a maybe-value (`{ signal: options.signal }`) then fails to
 * compile. Every optional property of every public input type must accept it. The flag changes what the
 * check sees, so the types are compiled here with the strict options users copy (scripts/lib/source-paths.ts),
 * not with the repository's tsconfig.
 *
 * To cover more types, add them to `INPUT_TYPES`: an entry's module, and type expressions over its exports
 * (`api.X`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { batchOperations } from '../../generated/batch-operations.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import { EXAMPLE_COMPILER_OPTIONS } from '../../scripts/lib/source-paths.js';

const operationIds = Object.keys(batchOperations);
const bodies = Object.values(batchOperations).filter((op) => op.hasBody);

/** The public input types of each entry: everything a caller builds and passes in. */
const INPUT_TYPES: Record<string, { module: string; types: string[] }> = {
  core: {
    module: 'soracom-batch',
    types: [
      'api.BatchClientOptions',
      'api.AuthKeyCredentials',
      'api.RootCredentials',
      'api.SamUserCredentials',
      'api.ApiKeyCredentials',
      'api.LoginOptions',
      'api.CallOptions',
      'api.PageCallOptions',
      'api.WaitOptions',
      'api.JobRef',
      'Parameters<typeof api.failedTasks>[1]',
      ...operationIds.map((id) => `api.OperationParams<'${id}'>`),
      ...bodies.map((op) => `NonNullable<api.OperationParams<'${op.operationId}'>['body']>`),
    ],
  },
};

/** The optional keys of `T` that refuse an explicit `undefined`. */
const PROBE_HEADER = `
type RefusesUndefined<T> = {
  [K in keyof T]-?: {} extends Pick<T, K> ? ({ [P in K]: undefined } extends Pick<T, K> ? never : K) : never;
}[keyof T];
type Check<T> = [RefusesUndefined<T>] extends [never] ? 'ok' : RefusesUndefined<T>;
`;

/** The probe: a property that refuses `undefined`, one written `| undefined`, and a required one. */
const PROBE = { module: 'soracom-batch', types: ['{ a?: number; b?: string | undefined; c: number }'] };

/**
 * Compiles the checks of every entry (and the probe) as one program: per entry, the diagnostics, one line each,
 * naming the type and the first key that refuses `undefined`.
 */
function compileChecks(entries: Record<string, { module: string; types: string[] }>): Record<string, string[]> {
  const dir = fromRoot('node_modules', '.cache', 'exact-optional-inputs');
  mkdirSync(dir, { recursive: true });
  const files = Object.entries(entries).map(([name, { module, types }]) => {
    const file = join(dir, `${name}.ts`);
    const lines = types.map(
      (type, i) => `export const check${i}: 'ok' = null as unknown as Check<${type}>; // ${type}`,
    );
    writeFileSync(file, `import type * as api from '${module}';\n${PROBE_HEADER}\n${lines.join('\n')}\n`);
    return [name, file] as const;
  });
  const program = ts.createProgram(
    files.map(([, file]) => file),
    EXAMPLE_COMPILER_OPTIONS,
  );
  return Object.fromEntries(
    files.map(([name, file]) => [
      name,
      ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => {
        const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
        const source = d.file ? (d.file.text.split('\n')[line] ?? '') : '';
        return `${source.replace(/^.*\/\/ /, '')}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      }),
    ]),
  );
}

const diagnostics = compileChecks({ probe: PROBE, ...INPUT_TYPES });

describe('optional input properties accept an explicit undefined (exactOptionalPropertyTypes)', () => {
  it('the check finds a property that refuses it, and passes one written `| undefined`', () => {
    expect(EXAMPLE_COMPILER_OPTIONS.exactOptionalPropertyTypes).toBe(true);
    expect(diagnostics.probe).toHaveLength(1);
    expect(diagnostics.probe?.[0]).toContain('"a"');
  });

  for (const [name, { module, types }] of Object.entries(INPUT_TYPES)) {
    it(`in every public input type of ${module} (${types.length} types)`, () => {
      expect(diagnostics[name]).toEqual([]);
    });
  }
});
