/**
 * Finds what examples no longer need now that the response types say what the API always sends
 * (scripts/spec-fixes.ts, `alwaysReturned`): a `!` on a value that cannot be null or undefined, a `??`
 * whose left side cannot be either, an `?.` on a value that is always there, and an `as` that casts a
 * value to the type it already has. Each would teach readers a habit the types no longer call for.
 *
 * Used by `npm run check:examples` (the README and examples/) and test/docs/api-docs.test.ts (the TSDoc
 * examples), on the program that type-checks them.
 */
import ts from 'typescript';

/** Types a `!`, `??` or `?.` is there for: null, undefined, and those that may hide them. */
const MAYBE_MISSING =
  ts.TypeFlags.Null |
  ts.TypeFlags.Undefined |
  ts.TypeFlags.Void |
  ts.TypeFlags.Any |
  ts.TypeFlags.Unknown |
  ts.TypeFlags.TypeParameter;

function nullable(checker: ts.TypeChecker, node: ts.Node): boolean {
  const type = checker.getTypeAtLocation(node);
  return (type.isUnion() ? type.types : [type]).some((t) => (t.flags & MAYBE_MISSING) !== 0);
}

/** `file:line: what` for each needless assertion in `files` (paths as the program knows them). */
export function needlessAssertions(program: ts.Program, files: readonly string[]): string[] {
  const checker = program.getTypeChecker();
  const found: string[] = [];
  for (const fileName of files) {
    const source = program.getSourceFile(fileName);
    if (!source) continue;
    const report = (node: ts.Node, what: string) => {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push(`${fileName}:${line + 1}: ${what}: ${node.getText(source).replace(/\s+/g, ' ').slice(0, 80)}`);
    };
    const visit = (node: ts.Node): void => {
      if (ts.isNonNullExpression(node) && !nullable(checker, node.expression)) {
        report(node, 'needless `!`');
      } else if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken &&
        !nullable(checker, node.left)
      ) {
        report(node, 'needless `??`');
      } else if (
        (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) &&
        node.questionDotToken &&
        !nullable(checker, node.expression)
      ) {
        report(node, 'needless `?.`');
      } else if (ts.isAsExpression(node) && !ts.isConstTypeReference(node.type)) {
        const from = checker.getTypeAtLocation(node.expression);
        const to = checker.getTypeFromTypeNode(node.type);
        if (from === to && (from.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) === 0) {
          report(node, 'needless `as`');
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
