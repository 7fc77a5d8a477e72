/**
 * Writes the workspace diagram into docs/architecture.md (between its markers), or with --check
 * exits 1 when the committed diagram is stale.
 * Usage: npm run docs:architecture [-- --check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readSourceTree } from './source-tree';
import { ARCHITECTURE_DOC, isDiagramCurrent, REGENERATE_DIAGRAM_COMMAND, renderWorkspaceDiagram, spliceDiagram } from './workspace-diagram';

function main(args: readonly string[]): number {
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    console.error(`unknown argument(s): ${unknown.join(' ')}; usage: generate-workspace-diagram [--check]`);
    return 2;
  }
  const tree = readSourceTree(path.resolve(__dirname, '..', '..'));
  const markdown = readFileSync(ARCHITECTURE_DOC, 'utf8');
  const shown = path.relative(process.cwd(), ARCHITECTURE_DOC);
  if (args.includes('--check')) {
    const current = isDiagramCurrent(markdown, tree);
    console.log(current ? `the workspace diagram in ${shown} is up to date` : `the workspace diagram in ${shown} is stale: run ${REGENERATE_DIAGRAM_COMMAND}`);
    return current ? 0 : 1;
  }
  writeFileSync(ARCHITECTURE_DOC, spliceDiagram(markdown, renderWorkspaceDiagram(tree)), 'utf8');
  console.log(`wrote the workspace diagram into ${shown}`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
