/**
 * The repository as the dependency checks and the workspace diagram see it: the units (each npm
 * workspace, the root `scripts/` and the cross-package `test/` folder), what each workspace's
 * package.json declares and exports, and every TypeScript file with its role and its imports.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readImportReferences, type ImportReference } from './import-references';

/**
 * What a unit is: an npm workspace, the root `scripts/` folder (the root package's own tools,
 * among them `npm start`), or `test/` (cross-package tests and benchmarks).
 */
export type UnitKind = 'workspace' | 'root-scripts' | 'cross-package-tests';

/** One unit of the repository and, for a workspace, what its package.json says. */
export interface SourceUnit {
  /** The folder name, which is also how the rules name the unit: `domain`, `scripts`, `test`. */
  readonly name: string;
  readonly kind: UnitKind;
  /** The package name (`@asylum-ledger/domain`); undefined for the root folders. */
  readonly packageName?: string;
  /** Names under `dependencies`. For the root folders: every workspace (the root links them all). */
  readonly dependencies: readonly string[];
  /** Names under `devDependencies`. */
  readonly devDependencies: readonly string[];
  /** The subpaths of the exports map (`.`, `./layout`); undefined when there is no exports map. */
  readonly exportPaths?: readonly string[];
}

/** Production code, or a test: a `*.test.ts` file, anything under `test-support/`, all of `test/`. */
export type FileRole = 'production' | 'test';

/** One TypeScript source file. */
export interface SourceFile {
  /** Repository-relative path with forward slashes, e.g. `chaincode/src/index.ts`. */
  readonly path: string;
  /** The name of the unit the file belongs to. */
  readonly unit: string;
  readonly role: FileRole;
  readonly imports: readonly ImportReference[];
}

/** The units and their files. */
export interface SourceTree {
  readonly units: readonly SourceUnit[];
  readonly files: readonly SourceFile[];
}

/** Folders of a workspace that hold its TypeScript sources (the rest is config, Go, shell). */
const WORKSPACE_SOURCE_FOLDERS = ['src', 'scripts'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'coverage']);

/** The root folders that are units of their own, besides the workspaces. */
const ROOT_FOLDERS: readonly { readonly name: string; readonly kind: UnitKind }[] = [
  { name: 'scripts', kind: 'root-scripts' },
  { name: 'test', kind: 'cross-package-tests' },
];

interface PackageJson {
  readonly name?: string;
  readonly workspaces?: readonly string[];
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly exports?: unknown;
}

function readPackageJson(file: string): PackageJson {
  return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
}

/**
 * The subpaths an exports map offers: its `./…` keys, or just `.` for a string or conditions.
 * @returns undefined when the package has no exports map.
 */
export function exportPathsOf(exportsField: unknown): string[] | undefined {
  if (exportsField === undefined || exportsField === null) return undefined;
  if (typeof exportsField !== 'object' || Array.isArray(exportsField)) return ['.'];
  const keys = Object.keys(exportsField);
  return keys.some((key) => key.startsWith('.')) ? keys.filter((key) => key.startsWith('.')).sort() : ['.'];
}

/** Lists the `.ts` files under a folder (not declaration files), skipping build and install output. */
function listTypeScriptFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : listTypeScriptFiles(full);
    return entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Whether a repository-relative path is test code. */
export function isTestPath(relativePath: string): boolean {
  const segments = relativePath.split('/');
  return segments[0] === 'test' || segments.includes('test-support') || /\.test(\.ts)?$/.test(relativePath);
}

function readWorkspace(repoDir: string, folder: string): SourceUnit {
  if (folder.includes('*')) throw new Error(`workspace pattern "${folder}" is not supported: list workspace folders by name`);
  const manifest = readPackageJson(path.join(repoDir, folder, 'package.json'));
  const exportPaths = exportPathsOf(manifest.exports);
  return {
    name: folder,
    kind: 'workspace',
    ...(manifest.name === undefined ? {} : { packageName: manifest.name }),
    dependencies: Object.keys(manifest.dependencies ?? {}).sort(),
    devDependencies: Object.keys(manifest.devDependencies ?? {}).sort(),
    ...(exportPaths === undefined ? {} : { exportPaths }),
  };
}

function readFiles(repoDir: string, unit: SourceUnit): SourceFile[] {
  const roots = unit.kind === 'workspace' ? WORKSPACE_SOURCE_FOLDERS.map((folder) => path.join(repoDir, unit.name, folder)) : [path.join(repoDir, unit.name)];
  return roots.flatMap(listTypeScriptFiles).map((file) => {
    const relative = path.relative(repoDir, file).split(path.sep).join('/');
    return {
      path: relative,
      unit: unit.name,
      role: isTestPath(relative) ? 'test' : 'production',
      imports: readImportReferences(readFileSync(file, 'utf8'), file),
    };
  });
}

/**
 * Reads the repository: the workspaces listed in the root package.json, then `scripts/` and
 * `test/` at the root when they exist, and every TypeScript file of each.
 * @param repoDir the repository root (the folder of the root package.json).
 * @throws {Error} when a workspace is given as a glob pattern rather than a folder.
 */
export function readSourceTree(repoDir: string): SourceTree {
  const root = readPackageJson(path.join(repoDir, 'package.json'));
  const workspaces = (root.workspaces ?? []).map((folder) => readWorkspace(repoDir, folder));
  const linked = workspaces.flatMap((unit) => (unit.packageName === undefined ? [] : [unit.packageName]));
  const devDependencies = Object.keys(root.devDependencies ?? {}).sort();
  const rootUnits = ROOT_FOLDERS.filter(({ name }) => existsSync(path.join(repoDir, name))).map(
    ({ name, kind }): SourceUnit => ({ name, kind, dependencies: linked, devDependencies }),
  );
  const units = [...workspaces, ...rootUnits];
  return { units, files: units.flatMap((unit) => readFiles(repoDir, unit)) };
}
