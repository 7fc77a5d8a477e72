/**
 * What one import refers to, seen from the file that makes it: a Node built-in, a third-party
 * package, a unit of this repository (by package name or by a relative path), or a relative path
 * outside every unit.
 */
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { isTestPath, type SourceFile, type SourceTree, type SourceUnit } from './source-tree';

/** A Node built-in (`node:fs`, `path`). */
export interface BuiltinTarget {
  readonly kind: 'builtin';
}

/** A package that is not one of our workspaces. */
export interface ThirdPartyTarget {
  readonly kind: 'third-party';
  /** The package name, without a subpath (`@hyperledger/fabric-gateway`, `zod`). */
  readonly packageName: string;
}

/** A unit of this repository. */
export interface UnitTarget {
  readonly kind: 'unit';
  readonly unit: SourceUnit;
  /** Reached by a relative path rather than by package name. */
  readonly relative: boolean;
  /** For an import by package name: the subpath after the name (`layout`), `''` for the name alone. */
  readonly subpath: string;
  /** The target is inside a `dist/` folder. */
  readonly intoDist: boolean;
  /** The target is inside the unit's `src/` folder, named as such (`…/src/…`). */
  readonly intoSrc: boolean;
  /** The target is test code (a `*.test` file, `test-support/`, or `test/`). */
  readonly intoTests: boolean;
}

/** A relative path that leaves every unit (e.g. a file at the repository root). */
export interface OutsideTarget {
  readonly kind: 'outside';
  /** The repository-relative path it resolves to. */
  readonly resolved: string;
}

/** What an import refers to. */
export type ImportTarget = BuiltinTarget | ThirdPartyTarget | UnitTarget | OutsideTarget;

function splitPackageSpecifier(specifier: string): { packageName: string; subpath: string } {
  const segments = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  return { packageName: segments.slice(0, nameLength).join('/'), subpath: segments.slice(nameLength).join('/') };
}

function resolveRelative(tree: SourceTree, from: SourceFile, specifier: string): UnitTarget | OutsideTarget {
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(from.path), specifier));
  const segments = resolved.split('/');
  const unit = tree.units.find((candidate) => candidate.name === segments[0]);
  if (unit === undefined || segments.length < 2) return { kind: 'outside', resolved };
  return {
    kind: 'unit',
    unit,
    relative: true,
    subpath: '',
    intoDist: segments.includes('dist'),
    intoSrc: segments[1] === 'src',
    intoTests: isTestPath(resolved),
  };
}

function resolvePackage(tree: SourceTree, specifier: string): UnitTarget | ThirdPartyTarget {
  const { packageName, subpath } = splitPackageSpecifier(specifier);
  const unit = tree.units.find((candidate) => candidate.packageName === packageName);
  if (unit === undefined) return { kind: 'third-party', packageName };
  const segments = subpath.split('/');
  return {
    kind: 'unit',
    unit,
    relative: false,
    subpath,
    intoDist: segments.includes('dist'),
    intoSrc: segments[0] === 'src',
    intoTests: isTestPath(`${unit.name}/${subpath}`),
  };
}

/**
 * Classifies one import of a file.
 * @param tree the repository, for its units and their package names.
 * @param from the importing file.
 * @param specifier the specifier as written.
 */
export function resolveImportTarget(tree: SourceTree, from: SourceFile, specifier: string): ImportTarget {
  if (specifier.startsWith('.')) return resolveRelative(tree, from, specifier);
  if (isBuiltin(specifier)) return { kind: 'builtin' };
  return resolvePackage(tree, specifier);
}
