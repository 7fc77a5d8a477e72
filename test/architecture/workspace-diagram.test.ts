/**
 * The workspace diagram in docs/architecture.md is the one the package.json files and the imports
 * give (regenerate with `npm run docs:architecture`), and the renderer shows what it should.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readSourceTree } from '../../scripts/architecture/source-tree';
import { ARCHITECTURE_DOC, DIAGRAM_BEGIN, DIAGRAM_END, isDiagramCurrent, REGENERATE_DIAGRAM_COMMAND, renderWorkspaceDiagram, spliceDiagram } from '../../scripts/architecture/workspace-diagram';
import { file, treeWith } from './synthetic-tree';

function arrows(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('  ') && line.includes('->'));
}

describe('docs/architecture.md', () => {
  it('has the current workspace diagram', () => {
    const tree = readSourceTree(path.resolve(__dirname, '..', '..'));
    if (!isDiagramCurrent(readFileSync(ARCHITECTURE_DOC, 'utf8'), tree)) {
      throw new Error(`the workspace diagram in docs/architecture.md is stale: run ${REGENERATE_DIAGRAM_COMMAND}`);
    }
  });
});

describe('renderWorkspaceDiagram', () => {
  it('draws production imports solid, test-only imports dotted, and labels what the rules refuse', () => {
    const rendered = renderWorkspaceDiagram(
      treeWith(file('network/src/a.ts', '@x/dev-ledger'), file('domain/src/a.ts', '../../chaincode/src/index'), file('network/src/b.test.ts', '@x/gateway-api')),
    );
    expect(arrows(rendered)).toEqual([
      '  domain -->|into its sources| chaincode',
      '  chaincode --> domain',
      '  chaincode -.->|tests| dev_ledger',
      '  dev_ledger --> domain',
      '  dev_ledger --> chaincode',
      '  network --> domain',
      '  network -->|not declared| dev_ledger',
      '  network -.->|tests, not declared| gateway_api',
      '  gateway_api --> domain',
      '  gateway_api --> dev_ledger',
      '  gateway_api --> network',
      '  scripts --> network',
      '  scripts --> gateway_api',
      '  test -.->|tests| network',
      '  test -.->|tests| gateway_api',
    ]);
  });

  it('shows a declared dependency nothing imports, and each workspace with its exports map', () => {
    const tree = treeWith();
    const units = tree.units.map((unit) => (unit.name === 'dev-ledger' ? { ...unit, dependencies: [...unit.dependencies, '@x/network'] } : unit));
    const rendered = renderWorkspaceDiagram({ ...tree, units });
    expect(arrows(rendered)).toContain('  dev_ledger -.->|dependency, not imported| network');
    expect(rendered).toContain('  network["network<br/>exports ./layout"]');
    expect(rendered).toContain('  gateway_api["gateway-api<br/>exports . ./local-stack"]');
  });

  it('renders the same text for the same tree', () => {
    expect(renderWorkspaceDiagram(treeWith())).toBe(renderWorkspaceDiagram(treeWith()));
  });
});

describe('spliceDiagram', () => {
  it('replaces only what lies between the markers', () => {
    const markdown = `# A\n\nbefore\n${DIAGRAM_BEGIN}\nold\n${DIAGRAM_END}\nafter\n`;
    expect(spliceDiagram(markdown, 'new')).toBe(`# A\n\nbefore\n${DIAGRAM_BEGIN}\nnew\n${DIAGRAM_END}\nafter\n`);
  });

  it('refuses a document without the markers', () => {
    expect(() => spliceDiagram('# A\n', 'new')).toThrow(/needs the markers/);
  });
});
