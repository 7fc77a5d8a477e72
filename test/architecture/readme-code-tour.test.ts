/** The README's code tour names paths that exist, and every workspace has a line in it. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const repoDir = path.resolve(__dirname, '..', '..');

/** The first-column paths of the table under "## Code tour". */
function codeTourPaths(readme: string): string[] {
  const section = readme.slice(readme.indexOf('## Code tour'));
  const end = section.indexOf('\n## ', 1);
  const rows = (end < 0 ? section : section.slice(0, end)).split('\n').filter((line) => line.startsWith('| `'));
  return rows.map((row) => /^\| `([^`]+)`/.exec(row)?.[1] ?? '');
}

describe("README's code tour", () => {
  const paths = codeTourPaths(readFileSync(path.join(repoDir, 'README.md'), 'utf8'));
  const workspaces = (JSON.parse(readFileSync(path.join(repoDir, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;

  it('has rows', () => {
    expect(paths.length).toBeGreaterThan(workspaces.length);
  });

  it.each(paths)('names %s, which exists', (tourPath) => {
    expect(existsSync(path.join(repoDir, tourPath))).toBe(true);
  });

  it.each(workspaces)('has a line for the %s workspace', (workspace) => {
    expect(paths.some((tourPath) => tourPath.startsWith(`${workspace}/`))).toBe(true);
  });
});
