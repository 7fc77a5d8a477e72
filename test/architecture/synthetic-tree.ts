/**
 * Synthetic source trees for the tests of the dependency checks and the diagram: the five
 * workspaces as they are meant to be (package `@x/<folder>`), to which a test adds the files it
 * needs. Nothing is read from disk.
 */
import { isTestPath, type SourceFile, type SourceTree, type SourceUnit } from '../../scripts/architecture/source-tree';

/** The package name of a synthetic workspace. */
export function pkg(folder: string): string {
  return `@x/${folder}`;
}

function workspace(name: string, dependencies: string[], devDependencies: string[] = [], exportPaths: string[] = ['.']): SourceUnit {
  return { name, kind: 'workspace', packageName: pkg(name), dependencies: dependencies.map(pkg), devDependencies: devDependencies.map(pkg), exportPaths };
}

/** The units of a well-formed tree: the five workspaces, root scripts/ and test/. */
export function wellFormedUnits(): SourceUnit[] {
  const all = ['domain', 'chaincode', 'dev-ledger', 'network', 'gateway-api'];
  return [
    workspace('domain', []),
    workspace('chaincode', ['domain'], ['dev-ledger']),
    workspace('dev-ledger', ['domain', 'chaincode']),
    workspace('network', ['domain'], [], ['./layout']),
    workspace('gateway-api', ['domain', 'dev-ledger', 'network'], [], ['.', './local-stack']),
    { name: 'scripts', kind: 'root-scripts', dependencies: all.map(pkg), devDependencies: [] },
    { name: 'test', kind: 'cross-package-tests', dependencies: all.map(pkg), devDependencies: [] },
  ];
}

/** A file with one import per specifier, each on its own line; its unit and role follow from the path. */
export function file(path: string, ...specifiers: string[]): SourceFile {
  return {
    path,
    unit: path.split('/')[0] ?? '',
    role: isTestPath(path) ? 'test' : 'production',
    imports: specifiers.map((specifier, index) => ({ specifier, line: index + 1 })),
  };
}

/** Imports that keep every rule: each workspace uses what it may, by package name. */
export function wellFormedFiles(): SourceFile[] {
  return [
    file('domain/src/index.ts', 'zod', 'node:crypto', './vocabulary'),
    file('domain/scripts/generate.ts', '../src', 'node:path'),
    file('chaincode/src/index.ts', '@x/domain', 'fabric-contract-api'),
    file('chaincode/src/contract/test-support/harness.ts', '@x/dev-ledger', '../case-contract'),
    file('dev-ledger/src/index.ts', '@x/domain', '@x/chaincode', 'better-sqlite3'),
    file('network/src/cli.ts', '@x/domain', './layout'),
    file('gateway-api/src/app.ts', '@x/domain', '@x/dev-ledger', '@x/network/layout', 'express'),
    file('gateway-api/src/app.test.ts', './test-support/fake-ledger', 'supertest'),
    file('scripts/start.ts', '@x/gateway-api/local-stack', '@x/network/layout', './quiet-logs'),
    file('test/e2e/network.test.ts', '../../network/src/peer-node', '../../gateway-api/src/fabric', '../support/real-network'),
  ];
}

/** A synthetic tree: the well-formed units and files, plus `extra` files. */
export function treeWith(...extra: SourceFile[]): SourceTree {
  return { units: wellFormedUnits(), files: [...wellFormedFiles(), ...extra] };
}
