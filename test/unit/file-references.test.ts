/**
 * Every repository file a comment or a document names exists. Read: the comments (TSDoc included) of
 * every TypeScript file, and the documents README.md, ARCHITECTURE.md and docs/*.md. A reference is
 * - a path that starts with one of the repository's top-level folders (`src/`, `test/`, `bench/`, ...),
 *   resolved from the root;
 * - a path that starts with one of `src/`'s folders (`client/options.ts`), resolved from `src/`, as the
 *   comments in `src/` and ARCHITECTURE.md name files;
 * - a path that starts with `./` or `../`, resolved from the folder of the file that names it (and
 *   failing when it leaves the repository: a path outside it is named in words, not as a path);
 * - a bare `*.ts` name (`plan.ts`): a file of the naming file's folder, or of the repository by that
 *   name. Other bare names (`app.js`, `state.json`) are mostly the reader's own files, and not read.
 * A path with `*` is a glob and must match a file. Not repository files, so not checked: what
 * .gitignore's folders hold (build output: `dist/`, the TypeDoc site) and a file a script writes when
 * it runs (its path is a string in `scripts/`, e.g. the report of `spec:update`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';

/** .gitignore's folder entries: `name/` at any depth, `a/b/` from the root. */
const ignoredFolders = readFileSync(fromRoot('.gitignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.endsWith('/') && !line.startsWith('#'));
const isIgnored = (path: string): boolean =>
  ignoredFolders.some((folder) =>
    folder.slice(0, -1).includes('/') ? `${path}/`.startsWith(folder) : `/${path}/`.includes(`/${folder}`),
  );

/** Every file of the repository (root-relative), hidden folders and ignored ones left out. */
function walk(dir = ''): string[] {
  return readdirSync(fromRoot(dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.name.startsWith('.') || isIgnored(path)) return [];
    return entry.isDirectory() ? walk(path) : [path];
  });
}

const files = walk();
const fileSet = new Set(files);
const folders = new Set(
  files.flatMap((f) =>
    f
      .split('/')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
  ),
);
const names = new Set(files.map((f) => basename(f)));
const topFolders = new Set(files.filter((f) => f.includes('/')).map((f) => f.split('/')[0] as string));
const srcFolders = new Set(files.filter((f) => /^src\/[^/]+\//.test(f)).map((f) => f.split('/')[1] as string));

/** Each comment of a TypeScript file, with its offset (every token's leading trivia, JSDoc included). */
function commentsOf(path: string): { text: string; at: number }[] {
  const text = readFileSync(fromRoot(path), 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found = new Map<number, string>();
  const visit = (node: ts.Node): void => {
    if (ts.isJSDoc(node)) return; // JSDoc nodes repeat the comment text, read below as trivia
    for (const range of ts.getLeadingCommentRanges(text, node.pos) ?? [])
      found.set(range.pos, text.slice(range.pos, range.end));
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...found].map(([at, comment]) => ({ text: comment, at }));
}

/** The paths string literals in `scripts/` name: the files scripts read and write. */
function scriptPaths(): Set<string> {
  const found = new Set<string>();
  for (const path of files.filter((f) => f.startsWith('scripts/') && f.endsWith('.ts'))) {
    const source = ts.createSourceFile(path, readFileSync(fromRoot(path), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.add(node.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
const writtenByScripts = scriptPaths();

/** Whether a glob (`**` any folders, `*` any name part) matches a file; a bare one matches file names. */
const globMatches = (pattern: string): boolean => {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*\//g, '(?:.*/)?')
      .replace(/\*/g, '[^/]*')}$`,
  );
  return files.some((file) => regex.test(pattern.includes('/') ? file : basename(file)));
};

/** A path-like token: not inside a word, a URL or another path (`dist/x`, `~/.x`, `@scope/x`). */
const TOKEN = /(?<![\w.@/~$%-])(?:\.\.?\/)*[\w*][\w.*/-]*/g;

/** What is wrong with one reference (`undefined` when it is fine or not a reference). */
function problemOf(token: string, from: string): string | undefined {
  const ref = token.replace(/[.]+$/, '');
  const first = ref.split('/')[0] as string;
  let path: string;
  if (ref.startsWith('.')) {
    path = relative(fromRoot(), resolve(fromRoot(dirname(from)), ref));
    if (path.startsWith('..')) return `${ref}: outside the repository`;
  } else if (ref.includes('/') && topFolders.has(first)) path = ref;
  else if (ref.includes('/') && srcFolders.has(first)) path = `src/${ref}`;
  else if (!ref.includes('/') && /\.ts$/.test(ref)) {
    if (ref.includes('*')) return globMatches(ref) ? undefined : `${ref}: matches no file`;
    return fileSet.has(join(dirname(from), ref)) || names.has(ref) ? undefined : `${ref}: no file of that name`;
  } else return undefined;
  path = path.replace(/\/$/, '');
  if (isIgnored(path) || writtenByScripts.has(path)) return undefined;
  if (path.includes('*')) return globMatches(path) ? undefined : `${ref}: matches no file`;
  const exists = fileSet.has(path) || folders.has(path) || fileSet.has(path.replace(/\.js$/, '.ts'));
  return exists ? undefined : `${ref}: does not exist`;
}

/** `file:line: problem` for every reference in `text` (found at offset `at` of `path`) that is wrong. */
function problemsIn(path: string, text: string, at: number, whole: string): string[] {
  return [...text.matchAll(TOKEN)].flatMap((match) => {
    const problem = problemOf(match[0], path);
    if (!problem) return [];
    const line = whole.slice(0, at + (match.index ?? 0)).split('\n').length;
    return [`${path}:${line}: ${problem}`];
  });
}

const DOCS = files.filter((f) => ['README.md', 'ARCHITECTURE.md'].includes(f) || /^docs\/[^/]+\.md$/.test(f));
const SOURCES = files.filter((f) => f.endsWith('.ts'));

describe('file references in comments and documents', () => {
  it('reads the sources and documents it is meant to', () => {
    expect(DOCS).toEqual(expect.arrayContaining(['README.md', 'ARCHITECTURE.md', 'docs/regenerating.md']));
    for (const folder of ['src', 'test', 'bench', 'scripts', 'examples', 'generated'])
      expect(
        SOURCES.some((f) => f.startsWith(`${folder}/`)),
        folder,
      ).toBe(true);
    // A glob, a path under a folder of src/ and a bare name: each is read as a reference.
    expect(problemOf('src/*.nope', 'README.md')).toMatch(/matches no file/);
    expect(problemOf('client/nope.ts', 'src/index.ts')).toMatch(/does not exist/);
    expect(problemOf('nope-at-all.ts', 'src/index.ts')).toMatch(/no file of that name/);
  });

  it('every file a comment names exists', () => {
    const problems = SOURCES.flatMap((path) => {
      const whole = readFileSync(fromRoot(path), 'utf8');
      return commentsOf(path).flatMap((comment) => problemsIn(path, comment.text, comment.at, whole));
    });
    expect(problems).toEqual([]);
  });

  it('every file README.md, ARCHITECTURE.md and docs/*.md name exists', () => {
    const problems = DOCS.flatMap((path) => {
      const whole = readFileSync(fromRoot(path), 'utf8');
      return problemsIn(path, whole, 0, whole);
    });
    expect(problems).toEqual([]);
  });
});
