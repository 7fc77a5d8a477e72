/**
 * Reads the module specifiers a TypeScript file refers to, with TypeScript's own parser: static
 * imports and re-exports (type-only ones too), `import x = require()`, `require()`,
 * `require.resolve()`, dynamic `import()` and `import('…')` types. A specifier that is not a
 * string literal cannot be checked and is not reported.
 */
import ts from 'typescript';

/** One module specifier in a file, with the line it is on. */
export interface ImportReference {
  /** The specifier exactly as written, e.g. `@asylum-ledger/domain` or `../ledger/case-store`. */
  readonly specifier: string;
  /** 1-based line of the statement or call. */
  readonly line: number;
}

function literalText(node: ts.Node | undefined): string | undefined {
  return node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

function isRequireCall(callee: ts.Expression): boolean {
  if (ts.isIdentifier(callee)) return callee.text === 'require';
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'require' && callee.name.text === 'resolve';
}

/** The specifier a node refers to, if it is one of the forms this module reads. */
function specifierOf(node: ts.Node): string | undefined {
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return literalText(node.moduleSpecifier);
  if (ts.isExternalModuleReference(node)) return literalText(node.expression);
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) return literalText(node.argument.literal);
  if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || isRequireCall(node.expression))) {
    return literalText(node.arguments[0]);
  }
  return undefined;
}

/**
 * Lists every module specifier of one source file, in source order.
 * @param text the file's contents.
 * @param fileName used only to pick the parser's language variant (`.ts`, `.tsx`).
 * @returns the references, without duplicates removed (one per statement or call).
 */
export function readImportReferences(text: string, fileName: string): ImportReference[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found: ImportReference[] = [];
  const visit = (node: ts.Node): void => {
    const specifier = specifierOf(node);
    if (specifier !== undefined) found.push({ specifier, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
