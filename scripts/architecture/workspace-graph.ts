/**
 * The dependency graph between the units of a source tree, as the diagram shows it: for each pair
 * (unit → workspace), whether package.json declares it and whether production code or only tests
 * import it. Built from what is there, never from a list of what should be.
 */
import { resolveImportTarget } from './import-target';
import type { SourceTree, SourceUnit } from './source-tree';

/** How the importing unit's package.json lists the target. */
export type Declaration = 'dependency' | 'devDependency' | 'none';

/** One edge of the graph: a unit that declares or imports a workspace. */
export interface WorkspaceEdge {
  /** The importing unit's name. */
  readonly from: string;
  /** The imported workspace's name. */
  readonly to: string;
  /** For a root folder (`scripts/`, `test/`) always `dependency`: the root links every workspace. */
  readonly declared: Declaration;
  /** Some production file of `from` imports `to`. */
  readonly production: boolean;
  /** Some test file of `from` imports `to`. */
  readonly tests: boolean;
  /** Some production file of `from` reaches into `to` by a relative path or a dist/ or src/ path. */
  readonly intoSources: boolean;
}

function declarationOf(from: SourceUnit, to: SourceUnit): Declaration {
  const name = to.packageName;
  if (name === undefined) return 'none';
  if (from.dependencies.includes(name)) return 'dependency';
  return from.devDependencies.includes(name) ? 'devDependency' : 'none';
}

/** The workspaces each unit imports, split by the importing file's role. */
function importedWorkspaces(tree: SourceTree): Map<string, Readonly<Record<'production' | 'tests' | 'intoSources', Set<string>>>> {
  const found = new Map(tree.units.map((unit) => [unit.name, { production: new Set<string>(), tests: new Set<string>(), intoSources: new Set<string>() }]));
  for (const file of tree.files) {
    const sets = found.get(file.unit);
    if (sets === undefined) continue;
    for (const reference of file.imports) {
      const target = resolveImportTarget(tree, file, reference.specifier);
      if (target.kind !== 'unit' || target.unit.kind !== 'workspace' || target.unit.name === file.unit) continue;
      (file.role === 'production' ? sets.production : sets.tests).add(target.unit.name);
      if (file.role === 'production' && (target.relative || target.intoDist || target.intoSrc)) sets.intoSources.add(target.unit.name);
    }
  }
  return found;
}

/**
 * The edges of the graph, in the tree's unit order (from, then to). A workspace's declared
 * dependencies on other workspaces are edges even when nothing imports them.
 * @param tree the repository (see `readSourceTree`) or a synthetic one.
 */
export function workspaceEdges(tree: SourceTree): WorkspaceEdge[] {
  const imported = importedWorkspaces(tree);
  const workspaces = tree.units.filter((unit) => unit.kind === 'workspace');
  return tree.units.flatMap((from) =>
    workspaces.flatMap((to): WorkspaceEdge[] => {
      if (to === from) return [];
      const sets = imported.get(from.name);
      const production = sets?.production.has(to.name) ?? false;
      const tests = sets?.tests.has(to.name) ?? false;
      const intoSources = sets?.intoSources.has(to.name) ?? false;
      const declared = declarationOf(from, to);
      const listedOnly = from.kind === 'workspace' && declared !== 'none';
      return production || tests || listedOnly ? [{ from: from.name, to: to.name, declared, production, tests, intoSources }] : [];
    }),
  );
}
