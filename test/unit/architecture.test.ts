/**
 * ARCHITECTURE.md, read and enforced: the rules are the document's own tables (Layers, Node-only
 * entries), parsed here, never a copy of them. Every import in `src/` and `generated/` (type-only ones
 * included) must be allowed by its row's "may import" cell; every file must be in a row's folder; every
 * file a row names must exist; the core and the runner use no Node built-in; nothing loads a module
 * with `import()`. Edit a table and this test enforces the edit.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../scripts/lib/paths.js';

/** One row of a table: its folder (root-relative, `/`-ended) or file, and what it may import. */
type Row = {
  name: string;
  folder: string;
  /** Backticked file names of the "holds" cell (Layers only), as written. */
  named: string[];
  /** Folders and files it may import (its own folder included). */
  targets: string[];
  packages: string[];
  builtins: boolean;
  /** `**types only** from X [for F]`: type-only imports of X, by the row's file F when given. */
  typesOnly: { target: string; by: string | undefined }[];
};

const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
const unquote = (text: string): string => text.replace(/^`|`$/g, '');
const isPath = (text: string): boolean => existsSync(fromRoot(text));

/** The first markdown table under `## <heading>`, as records keyed by the header row's cells. */
function tableUnder(markdown: string, heading: string): Record<string, string>[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`ARCHITECTURE.md has no "## ${heading}" section`);
  const first = lines.findIndex((line, i) => i > start && line.startsWith('|'));
  const end = lines.findIndex((line, i) => i > first && !line.startsWith('|'));
  const [header, , ...body] = lines.slice(first, end < 0 ? undefined : end).map(cells);
  return body.map((row) => Object.fromEntries((header ?? []).map((key, i) => [key, row[i] ?? ''])));
}

/** Reads one "may import" cell (the grammar is stated in ARCHITECTURE.md, under Layers). */
function readMayImport(row: Row, cell: string, above: readonly Row[], byName: (name: string) => Row | undefined) {
  let text = cell;
  while (/\([^()]*\)/.test(text)) text = text.replace(/\s*\([^()]*\)/g, ''); // explanations are not read
  for (const clause of text.split(';').map((c) => c.trim())) {
    const typesOnly = /^\*\*types only\*\* from (.+?)(?: for `([^`]+)`)?$/.exec(clause);
    if (typesOnly) {
      for (const target of [...(typesOnly[1] as string).matchAll(/`([^`]+)`/g)].map((m) => m[1] as string)) {
        if (!isPath(target)) throw new Error(`ARCHITECTURE.md, row ${row.name}: no such path ${target}`);
        row.typesOnly.push({ target, by: typesOnly[2] && join(dirname(`${row.folder}x`), typesOnly[2]) });
      }
      continue;
    }
    for (const item of clause.split(/,|\band\b/).map((i) => i.trim())) {
      const named = byName(item);
      if (item === '' || item === 'nothing') continue;
      if (item === 'everything above') row.targets.push(...above.map((r) => r.folder));
      else if (item === 'Node built-ins') row.builtins = true;
      else if (named) row.targets.push(named.folder);
      else if (/^`[^`]+`$/.test(item)) (isPath(unquote(item)) ? row.targets : row.packages).push(unquote(item));
      else throw new Error(`ARCHITECTURE.md, row ${row.name}: cannot read "${item}" in its "may import" cell`);
    }
  }
}

function readRules(): Row[] {
  const markdown = readFileSync(fromRoot('ARCHITECTURE.md'), 'utf8');
  const records = [...tableUnder(markdown, 'Layers'), ...tableUnder(markdown, 'Node-only entries')];
  const rows: Row[] = records.map((record) => {
    const folder = unquote(record.folder ?? '');
    const named = [...(record.holds ?? '').matchAll(/`([\w./-]+\.(?:ts|md))`/g)].map((m) => m[1] as string);
    const name = unquote(record.layer ?? record.entry ?? '');
    return { name, folder, named, targets: [folder], packages: [], builtins: false, typesOnly: [] };
  });
  const byName = (name: string) => rows.find((row) => row.name === name);
  for (const [i, record] of records.entries())
    readMayImport(rows[i] as Row, record['may import'] ?? '', rows.slice(0, i), byName);
  return rows;
}

const within = (path: string, target: string): boolean =>
  target.endsWith('/') ? path.startsWith(target) : path === target;

/** The row a root-relative file belongs to: the one whose folder (or file) holds it most closely. */
function rowOf(rows: readonly Row[], path: string): Row | undefined {
  return rows.filter((row) => within(path, row.folder)).sort((a, b) => b.folder.length - a.folder.length)[0];
}

type Import = { specifier: string; typeOnly: boolean; dynamic: boolean };

const allTypes = (elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>): boolean =>
  elements.length > 0 && elements.every((element) => element.isTypeOnly);

/** Every import of a file, from its syntax tree (TSDoc examples are comments, so not imports). */
function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name && !!bindings && ts.isNamedImports(bindings) && allTypes(bindings.elements)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly, dynamic: false });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const typeOnly = node.isTypeOnly || (!!clause && ts.isNamedExports(clause) && allTypes(clause.elements));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly, dynamic: false });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true, dynamic: false }); // typeof import('...')
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      found.push({
        specifier: argument && ts.isStringLiteral(argument) ? argument.text : '?',
        typeOnly: false,
        dynamic: true,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The root-relative file a relative specifier names (a `.js` name is its `.ts` file; a folder its index.ts). */
function resolveImport(file: string, specifier: string): string {
  const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
  const path = existsSync(target) && statSync(target).isDirectory() ? join(target, 'index.ts') : target;
  return relative(fromRoot(), path);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** What breaks the rules: one line per import (or file) they do not allow. */
function brokenImports(rows: readonly Row[], files: readonly string[]): string[] {
  const broken: string[] = [];
  for (const file of files) {
    const path = relative(fromRoot(), file);
    const row = rowOf(rows, path);
    if (!row) {
      broken.push(`${path}: in a folder no row of ARCHITECTURE.md lists`);
      continue;
    }
    for (const imp of importsOf(file)) {
      if (imp.specifier.startsWith('.')) {
        const target = resolveImport(file, imp.specifier);
        if (row.targets.some((allowed) => within(target, allowed))) continue;
        const exception = row.typesOnly.some((t) => within(target, t.target) && (t.by === undefined || t.by === path));
        if (imp.typeOnly && exception) continue;
        const to = rowOf(rows, target)?.name ?? 'no row';
        broken.push(`${path} (${row.name}) imports ${imp.specifier}${imp.typeOnly ? ' (types)' : ''} (${to})`);
      } else if (
        isBuiltin(imp.specifier) ? !row.builtins : !row.packages.some((p) => within(`${imp.specifier}/`, `${p}/`))
      ) {
        broken.push(`${path} (${row.name}) imports ${imp.specifier}`);
      }
    }
  }
  return broken;
}

/** Every file reached from `entry` through relative imports (type-only ones included). */
function reach(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of importsOf(file))
      if (imp.specifier.startsWith('.')) visit(fromRoot(resolveImport(file, imp.specifier)));
  };
  visit(fromRoot(entry));
  return seen;
}

const rules = readRules();
const files = [...sources(fromRoot('src')), ...sources(fromRoot('generated'))];

describe('ARCHITECTURE.md', () => {
  it('its tables name existing folders, and every file a row holds exists', () => {
    expect(rules.map((row) => row.name)).toEqual(
      expect.arrayContaining(['generated', 'client', 'runner', 'the CLI (bin)']),
    );
    const missing = rules.flatMap((row) => {
      const folder = row.folder.endsWith('/') ? row.folder : dirname(row.folder);
      const named = row.named.map((name) => (name.includes('/') ? name : join(folder, name)));
      return [row.folder, ...named].filter((path) => !existsSync(fromRoot(path))).map((p) => `${row.name}: ${p}`);
    });
    expect(missing).toEqual([]);
  });

  it('every import in src/ and generated/ is one its row allows, and every file is in a row', () => {
    expect(brokenImports(rules, files)).toEqual([]);
  });

  it('the core (src/index.ts and what it reaches) and the runner use no Node built-in', () => {
    const reached = new Set([...reach('src/index.ts'), ...reach('src/runner/index.ts')]);
    expect(reached.size).toBeGreaterThan(20);
    const builtins = [...reached].flatMap((file) =>
      importsOf(file)
        .filter((imp) => isBuiltin(imp.specifier))
        .map((imp) => `${relative(fromRoot(), file)} imports ${imp.specifier}`),
    );
    expect(builtins).toEqual([]);
  });

  it('nothing in src/ loads a module with import(), but the one exception ARCHITECTURE.md names', () => {
    const doc = readFileSync(fromRoot('ARCHITECTURE.md'), 'utf8');
    const named = /The one exception is in the CLI's bin[^`]*`([^`]+)` imports `([^`]+)` with `import\(\)`/.exec(doc);
    const exception = named ? `${named[1]}: import(${named[2]})` : undefined;
    // Each dynamic import named by the file it loads, from the repository's root.
    const dynamic = files.flatMap((file) =>
      importsOf(file)
        .filter((imp) => imp.dynamic)
        .map((imp) => {
          const target = relative(fromRoot(), resolve(dirname(file), imp.specifier)).replace(/\.js$/, '.ts');
          return `${relative(fromRoot(), file)}: import(${target})`;
        }),
    );
    expect(dynamic.filter((d) => d !== exception)).toEqual([]);
  });
});
