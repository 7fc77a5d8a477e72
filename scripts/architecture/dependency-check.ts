/**
 * Checks the imports of a source tree against the dependency rules of its units. The checks are
 * the same for every unit; what differs per unit (which workspaces it may import, and for some
 * which third-party packages) comes from a table of {@link UnitRule}s that the caller owns.
 * `test/` is never checked: cross-package tests may reach into package sources.
 */
import { resolveImportTarget, type ImportTarget, type UnitTarget } from './import-target';
import type { SourceFile, SourceTree, SourceUnit } from './source-tree';

/** The checks, each with the sentence a failure report shows. */
export const DEPENDENCY_CHECKS = {
  'missing-rule': 'every workspace and the root scripts/ folder have a row in the rules table',
  'relative-reach': 'production code reaches another package by its package name, never by a relative path',
  'dist-or-src-path': 'no production import names a dist/ folder, or the src/ folder of another package',
  'not-exported': "an import by package name uses a subpath of that package's exports map",
  'workspace-not-allowed': 'production code imports only the workspaces its rule allows',
  'third-party-not-allowed': 'a unit with a third-party allow-list imports only those packages and Node built-ins',
  'undeclared-workspace': 'a workspace import is declared in package.json (devDependencies count only for tests)',
  'imports-test-code': 'production code imports no test file and no test-support module',
} as const;

/** The name of one check. */
export type DependencyCheck = keyof typeof DEPENDENCY_CHECKS;

/** What one unit may depend on. */
export interface UnitRule {
  /** The unit's folder name: a workspace, or `scripts` for the root scripts/ folder. */
  readonly unit: string;
  /** The workspaces (by folder name) its production code may import. */
  readonly mayImport: readonly string[];
  /** When given, the only third-party packages its production code may import (Node built-ins are always allowed). */
  readonly thirdParty?: readonly string[];
}

/** One broken rule, at one import. */
export interface Violation {
  readonly check: DependencyCheck;
  /** Repository-relative path of the importing file (the unit name for `missing-rule`). */
  readonly file: string;
  /** 1-based line; 0 for `missing-rule`. */
  readonly line: number;
  readonly specifier: string;
  /** What is wrong, in one sentence. */
  readonly message: string;
}

interface ImportSite {
  readonly file: SourceFile;
  readonly unit: SourceUnit;
  readonly rule: UnitRule;
  readonly specifier: string;
  readonly line: number;
}

type Finding = readonly [DependencyCheck, string];

function isExported(target: UnitTarget): boolean {
  const wanted = target.subpath === '' ? '.' : `./${target.subpath}`;
  return target.unit.exportPaths?.includes(wanted) ?? false;
}

function crossUnitFindings(site: ImportSite, target: UnitTarget): Finding[] {
  const findings: Finding[] = [];
  const other = target.unit.name;
  const instead = target.unit.packageName === undefined ? `${other}/ is no package` : `import ${target.unit.packageName} instead`;
  if (target.relative) findings.push(['relative-reach', `reaches into ${other}/ by a relative path; ${instead}`]);
  else if (target.intoDist || target.intoSrc) findings.push(['dist-or-src-path', `names a ${target.intoDist ? 'dist/' : 'src/'} path of ${other}; use a subpath of its exports map`]);
  else if (!isExported(target)) findings.push(['not-exported', `${target.unit.packageName ?? other} exports no "${target.subpath === '' ? '.' : `./${target.subpath}`}"`]);
  if (target.unit.kind === 'workspace' && !site.rule.mayImport.includes(other)) {
    findings.push(['workspace-not-allowed', `${site.unit.name} may not import ${other} (allowed: ${site.rule.mayImport.join(', ') || 'no workspace'})`]);
  }
  return findings;
}

function productionFindings(site: ImportSite, target: ImportTarget): Finding[] {
  const findings: Finding[] = [];
  if (target.kind === 'outside') findings.push(['relative-reach', `resolves to ${target.resolved}, outside ${site.unit.name}/`]);
  if (target.kind === 'third-party' && site.rule.thirdParty !== undefined && !site.rule.thirdParty.includes(target.packageName)) {
    findings.push(['third-party-not-allowed', `${site.unit.name} may import only ${site.rule.thirdParty.join(', ')} and Node built-ins`]);
  }
  if (target.kind !== 'unit') return findings;
  if (target.unit !== site.unit) findings.push(...crossUnitFindings(site, target));
  else if (target.intoDist) findings.push(['dist-or-src-path', 'names a dist/ path of its own package']);
  if (target.intoTests) findings.push(['imports-test-code', 'production code imports test code']);
  return findings;
}

function declarationFindings(site: ImportSite, target: ImportTarget): Finding[] {
  if (target.kind !== 'unit' || target.unit === site.unit || target.unit.packageName === undefined) return [];
  const name = target.unit.packageName;
  if (site.unit.dependencies.includes(name)) return [];
  const isTest = site.file.role === 'test';
  if (isTest && site.unit.devDependencies.includes(name)) return [];
  const where = isTest ? 'dependencies or devDependencies' : 'dependencies';
  const hint = !isTest && site.unit.devDependencies.includes(name) ? ' (it is only a devDependency, which counts for tests)' : '';
  return [['undeclared-workspace', `${name} is not in the ${where} of ${site.unit.name}/package.json${hint}`]];
}

function checkSite(tree: SourceTree, site: ImportSite): Violation[] {
  const target = resolveImportTarget(tree, site.file, site.specifier);
  const findings = [...(site.file.role === 'production' ? productionFindings(site, target) : []), ...declarationFindings(site, target)];
  return findings.map(([check, message]) => ({ check, file: site.file.path, line: site.line, specifier: site.specifier, message }));
}

/**
 * Checks every import of every file outside `test/` against the rules.
 * @param tree the repository (see `readSourceTree`) or a synthetic one.
 * @param rules one row per workspace and for the root `scripts/` folder.
 * @returns the violations in file and line order; empty when the tree keeps every rule.
 */
export function checkDependencies(tree: SourceTree, rules: readonly UnitRule[]): Violation[] {
  const checked = tree.units.filter((unit) => unit.kind !== 'cross-package-tests');
  const missing: Violation[] = checked
    .filter((unit) => !rules.some((rule) => rule.unit === unit.name))
    .map((unit) => ({ check: 'missing-rule', file: unit.name, line: 0, specifier: '', message: `no rule for ${unit.name}` }));
  const sites = tree.files.flatMap((file): ImportSite[] => {
    const unit = checked.find((candidate) => candidate.name === file.unit);
    const rule = rules.find((candidate) => candidate.unit === file.unit);
    if (unit === undefined || rule === undefined) return [];
    return file.imports.map((reference) => ({ file, unit, rule, ...reference }));
  });
  return [...missing, ...sites.flatMap((site) => checkSite(tree, site))];
}

/** One line per violation, as a failing test prints it: `path:line 'specifier': message`. */
export function formatViolation(violation: Violation): string {
  return violation.line === 0 ? `${violation.file}: ${violation.message}` : `${violation.file}:${violation.line} '${violation.specifier}': ${violation.message}`;
}
