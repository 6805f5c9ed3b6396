/**
 * The API reference (`npm run docs`, typedoc.json) documents every public export of the four entries
 * (`soracom-batch`, `soracom-batch/jobs`, `soracom-batch/node`, `soracom-batch/testing`): each export, each member of an exported
 * namespace (the `tasks` builders) and each method typedoc lists (client, job helpers, emulator state...) has a
 * summary opening with a one-line sentence, an `@example` with a ```ts block, and (exports) a `@category`. Every
 * such block type-checks against the sources, each as a module of its own, with the free names of
 * examples/readme-context.d.ts (`batch`, `batch_group_id`, `emulator`, ...), as scripts/check-examples.ts does
 * for the README. `npm run docs` itself fails on any other undocumented
 * declaration or broken link (typedoc.json: treatWarningsAsErrors, validation).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  Application,
  type Comment,
  type DeclarationReflection,
  type ProjectReflection,
  ReflectionKind,
  ReflectionType,
  type SomeType,
  TSConfigReader,
  TypeDocReader,
} from 'typedoc';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchOperationDocs } from '../../generated/batch-operations.js';
import { needlessAssertions } from '../../scripts/lib/needless-assertions.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import { EXAMPLE_COMPILER_OPTIONS } from '../../scripts/lib/source-paths.js';

const ENTRY_MODULES = ['soracom-batch', 'soracom-batch/jobs', 'soracom-batch/node', 'soracom-batch/testing'];

/** One documented item: an export, a namespace member or a method, with the comment typedoc shows for it. */
type Documented = { name: string; comment: Comment | undefined };

async function convertProject(): Promise<ProjectReflection> {
  const app = await Application.bootstrapWithPlugins(
    {
      options: fromRoot('typedoc.json'),
      tsconfig: fromRoot('tsconfig.json'),
      // Type errors are tsc's business (and `npm run docs` reports them); this only reads the comments.
      skipErrorChecking: true,
      logLevel: 'Error',
    },
    [new TypeDocReader(), new TSConfigReader()],
  );
  const project = await app.convert();
  if (!project) throw new Error('typedoc could not convert the project (run `npm run docs` to see why)');
  return project;
}

/** The comment typedoc shows: a function's is on its signature, a function-typed variable's on itself. */
function commentOf(reflection: DeclarationReflection): Comment | undefined {
  return reflection.comment ?? reflection.signatures?.[0]?.comment ?? reflection.getSignature?.comment;
}

/** Object types a declaration is made of: its own type literal, or those of an intersection (BatchClient). */
function literalsOf(type: SomeType | undefined): DeclarationReflection[] {
  if (type instanceof ReflectionType) return [type.declaration];
  if (type?.type === 'intersection') return type.types.flatMap(literalsOf);
  return [];
}

/** Methods listed on an exported class, interface or object type, except those inherited from outside. */
function methodsOf(reflection: DeclarationReflection): DeclarationReflection[] {
  const members = [...(reflection.children ?? []), ...literalsOf(reflection.type).flatMap((d) => d.children ?? [])];
  return members.filter((m) => m.kindOf(ReflectionKind.Method) && !m.flags.isExternal && !m.inheritedFrom);
}

function documentedItems(project: ProjectReflection): Documented[] {
  const items: Documented[] = [];
  const visit = (reflection: DeclarationReflection) => {
    items.push({ name: reflection.getFriendlyFullName(), comment: commentOf(reflection) });
    for (const method of methodsOf(reflection)) {
      items.push({ name: method.getFriendlyFullName(), comment: commentOf(method) });
    }
    if (reflection.kindOf(ReflectionKind.Namespace)) for (const child of reflection.children ?? []) visit(child);
  };
  for (const module of entryModules(project)) for (const child of module.children ?? []) visit(child);
  return items;
}

function entryModules(project: ProjectReflection): DeclarationReflection[] {
  const modules = project.children ?? [];
  expect(modules.map((m) => m.name)).toEqual(ENTRY_MODULES);
  return modules;
}

/** The summary's first sentence (up to the first `.`, `:` or `;` followed by a space), whitespace collapsed. */
function firstSentence(comment: Comment | undefined): string {
  const text = (comment?.summary ?? []).map((part) => part.text).join('');
  const paragraph = (text.trim().split(/\n\s*\n/)[0] ?? '').replace(/\s+/g, ' ');
  return /^.*?[.:;](?=\s|$)/.exec(paragraph)?.[0] ?? paragraph;
}

/** "A one-line description": the first sentence says what it is in at most this many characters. */
const MAX_FIRST_SENTENCE = 160;

/** The ```ts blocks of a comment's `@example` tags. */
function exampleBlocks(comment: Comment | undefined): string[] {
  const blocks: string[] = [];
  for (const tag of comment?.blockTags ?? []) {
    if (tag.tag !== '@example') continue;
    const text = tag.content.map((part) => part.text).join('');
    for (const match of text.matchAll(/```ts\n([\s\S]*?)```/g)) blocks.push(match[1] as string);
  }
  return blocks;
}

/** Type-checks every example as a module of its own; returns the diagnostics, named after the item. */
function typeCheckExamples(items: Documented[]): { count: number; errors: string[]; needless: string[] } {
  const scratch = fromRoot('node_modules', '.cache', 'api-doc-examples');
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const owners = new Map<string, string>();
  for (const item of items) {
    exampleBlocks(item.comment).forEach((code, i) => {
      const file = join(scratch, `${item.name.replace(/[^\w.-]+/g, '_')}-${i + 1}.ts`);
      // `export {}` makes each block a module, so top-level await and local names do not collide.
      writeFileSync(file, `${code}\nexport {};\n`);
      owners.set(file, `${item.name} @example ${i + 1}`);
    });
  }
  const program = ts.createProgram({
    rootNames: [...owners.keys(), fromRoot('examples/readme-context.d.ts')],
    options: EXAMPLE_COMPILER_OPTIONS,
  });
  // The examples' own errors: the sources are tsc's business, with the project's settings.
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file || owners.has(d.file.fileName))
    .map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file) return message;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
      const owner = owners.get(d.file.fileName) ?? relative(fromRoot(), d.file.fileName);
      return `${owner}, line ${line + 1}: ${message}`;
    });
  const needless = needlessAssertions(program, [...owners.keys()]).map((line) => {
    const [file, ...rest] = line.split(':');
    return `${owners.get(file as string)}, line ${rest.join(':')}`;
  });
  return { count: owners.size, errors, needless };
}

describe('npm run docs', () => {
  it('builds the reference without a warning (typedoc.json treats every warning as an error)', () => {
    const result = spawnSync(process.execPath, [fromRoot('node_modules/typedoc/bin/typedoc'), '--emit', 'none'], {
      cwd: fromRoot(),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(output).not.toContain('[warning]');
    expect(result.status, output).toBe(0);
  }, 120_000);
});

describe('API reference', () => {
  let project: ProjectReflection;
  let items: Documented[];

  beforeAll(async () => {
    project = await convertProject();
    items = documentedItems(project);
  }, 60_000);

  it('gives every export, namespace member and method a one-line summary and a ```ts @example', () => {
    // A floor, so that a broken walk (listing nothing) cannot pass.
    expect(items.length).toBeGreaterThan(100);
    const missing = items.flatMap(({ name, comment }) => {
      const sentence = firstSentence(comment);
      return [
        ...(sentence === '' ? [`${name}: no summary`] : []),
        ...(sentence.length > MAX_FIRST_SENTENCE
          ? [`${name}: first sentence longer than ${MAX_FIRST_SENTENCE} characters (${sentence.length})`]
          : []),
        ...(exampleBlocks(comment).length > 0 ? [] : [`${name}: no @example with a \`\`\`ts block`]),
      ];
    });
    expect(missing, `undocumented (add a TSDoc comment at the declaration):\n${missing.join('\n')}`).toEqual([]);
  });

  it('files every export under a category (`@category`), not the default one', () => {
    const uncategorized = entryModules(project).flatMap((module) =>
      (module.categories ?? [])
        .filter((category) => category.title === 'Other')
        .flatMap((category) => category.children.map((child) => child.getFriendlyFullName())),
    );
    expect(uncategorized, `exports without @category:\n${uncategorized.join('\n')}`).toEqual([]);
  });

  it('gives each Batch operation its own method entry, with the spec summary and an example, on BatchMethods and BatchClient', () => {
    const module = entryModules(project)[0] as DeclarationReflection;
    const client = module.getChildByName('BatchClient') as DeclarationReflection;
    const methods = module.getChildByName('BatchMethods') as DeclarationReflection;
    for (const [operationId, docs] of Object.entries(batchOperationDocs)) {
      const item = items.find((i) => i.name.endsWith(`.BatchMethods.${operationId}`));
      expect(item, operationId).toBeDefined();
      expect(firstSentence(item?.comment), operationId).toBe(docs.summary);
      expect(exampleBlocks(item?.comment).join('\n'), operationId).toContain(`batch.${operationId}(`);
      for (const owner of [client, methods]) {
        const member = owner.getChildByName(operationId) as DeclarationReflection | undefined;
        expect(member?.kindOf(ReflectionKind.Method), `${owner.name}.${operationId}`).toBe(true);
        expect(firstSentence(commentOf(member as DeclarationReflection)), `${owner.name}.${operationId}`).toBe(
          docs.summary,
        );
      }
    }
  });

  it('has @example snippets that type-check under strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess, with no needless `!`, `??`, `?.` or `as`', () => {
    const { count, errors, needless } = typeCheckExamples(items);
    expect(count).toBeGreaterThan(100);
    expect(errors, `@example type errors:\n${errors.join('\n')}`).toEqual([]);
    expect(needless, `@example assertions the types no longer need:\n${needless.join('\n')}`).toEqual([]);
  }, 60_000);
});
