/**
 * Renders the workspace diagram of docs/architecture.md (a mermaid flowchart) from the source
 * tree, and splices it between two markers in that file. Pure: the same tree gives the same text.
 */
import path from 'node:path';
import type { SourceTree, SourceUnit } from './source-tree';
import { workspaceEdges, type WorkspaceEdge } from './workspace-graph';

/** The file the diagram lives in. */
export const ARCHITECTURE_DOC = path.resolve(__dirname, '..', '..', 'docs', 'architecture.md');

/** The command that regenerates it, as the stale-check message names it. */
export const REGENERATE_DIAGRAM_COMMAND = 'npm run docs:architecture';

/** The marker before the generated part; everything outside the markers is written by hand. */
export const DIAGRAM_BEGIN = '<!-- workspace-diagram:begin -->';

/** The marker after the generated part. */
export const DIAGRAM_END = '<!-- workspace-diagram:end -->';

function nodeId(unit: string): string {
  return unit.replace(/[^A-Za-z0-9]/g, '_');
}

function nodeLabel(unit: SourceUnit): string {
  if (unit.kind === 'root-scripts') return `${unit.name}/ at the root`;
  if (unit.kind === 'cross-package-tests') return `${unit.name}/ cross-package tests`;
  const exportsLine = unit.exportPaths === undefined ? 'no exports map' : `exports ${unit.exportPaths.join(' ')}`;
  return `${unit.name}<br/>${exportsLine}`;
}

/**
 * The arrow for one edge: solid when production code imports, dotted otherwise, and labelled
 * whenever it is not the plain case (a label on a solid arrow is something the rule test refuses).
 */
function edgeLine(edge: WorkspaceEdge): string {
  const from = nodeId(edge.from);
  const to = nodeId(edge.to);
  if (edge.intoSources) return `  ${from} -->|into its sources| ${to}`;
  if (edge.production) return edge.declared === 'dependency' ? `  ${from} --> ${to}` : `  ${from} -->|not declared| ${to}`;
  if (edge.tests) return edge.declared === 'none' ? `  ${from} -.->|tests, not declared| ${to}` : `  ${from} -.->|tests| ${to}`;
  return `  ${from} -.->|${edge.declared}, not imported| ${to}`;
}

/**
 * The generated block: the mermaid diagram and its legend, without the markers.
 * @param tree the repository (see `readSourceTree`).
 */
export function renderWorkspaceDiagram(tree: SourceTree): string {
  const nodes = tree.units.map((unit) => `  ${nodeId(unit.name)}["${nodeLabel(unit)}"]`);
  return [
    `<!-- Generated from the package.json files and the imports by ${REGENERATE_DIAGRAM_COMMAND}; a test fails when it is stale. -->`,
    '```mermaid',
    'flowchart TD',
    ...nodes,
    ...workspaceEdges(tree).map(edgeLine),
    '```',
    '',
    'A solid arrow: production code imports the workspace by package name, and package.json lists it under',
    '`dependencies`. A dotted arrow labelled `tests`: only tests import it (for a workspace, it is a',
    '`devDependency`). `test/` holds the cross-package suites, which may also reach into package sources.',
  ].join('\n');
}

/**
 * Replaces the text between the markers with `block`.
 * @throws {Error} when the markers are missing or out of order.
 */
export function spliceDiagram(markdown: string, block: string): string {
  const begin = markdown.indexOf(DIAGRAM_BEGIN);
  const end = markdown.indexOf(DIAGRAM_END);
  if (begin < 0 || end < begin) throw new Error(`docs/architecture.md needs the markers ${DIAGRAM_BEGIN} and ${DIAGRAM_END}, in that order`);
  return `${markdown.slice(0, begin + DIAGRAM_BEGIN.length)}\n${block}\n${markdown.slice(end)}`;
}

/** True when the diagram in `markdown` is the one `tree` renders. */
export function isDiagramCurrent(markdown: string, tree: SourceTree): boolean {
  return spliceDiagram(markdown, renderWorkspaceDiagram(tree)) === markdown;
}
