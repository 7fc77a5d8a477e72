/**
 * The architecture as a test (in the spirit of fabric-gateway's dependency.test.ts): every import
 * of every workspace's production code, and of the root scripts/, is checked against the table
 * below. A failure names the file, the line, the import and the rule. Tests may also use their
 * package's devDependencies, and test/ (cross-package suites and benchmarks) may reach into any
 * package's sources; production code reaches another package only by name, through its exports map.
 * That the checks fail when they should: dependency-check.test.ts.
 */
import path from 'node:path';
import { checkDependencies, DEPENDENCY_CHECKS, formatViolation, type DependencyCheck, type UnitRule } from '../../scripts/architecture/dependency-check';
import { readSourceTree } from '../../scripts/architecture/source-tree';

/**
 * Who may import whom. Each unit depends only on units above it; nothing depends on the gateway
 * but the root scripts/ (`npm start`).
 */
const RULES: readonly UnitRule[] = [
  // unit             workspaces its production code may import       third-party packages allowed
  { unit: 'domain',      mayImport: [],                                  thirdParty: ['zod'] }, // the process model: pure
  { unit: 'chaincode',   mayImport: ['domain'] },                        // contracts and their Fabric glue
  { unit: 'network',     mayImport: ['domain'] },                        // the network CLI and its layout module
  { unit: 'dev-ledger',  mayImport: ['domain', 'chaincode'] },           // runs the chaincode without Fabric
  { unit: 'gateway-api', mayImport: ['domain', 'dev-ledger', 'network'] }, // one REST gateway per org
  { unit: 'scripts',     mayImport: ['gateway-api', 'network'] },        // root scripts/: npm start, doc generators
];

const tree = readSourceTree(path.resolve(__dirname, '..', '..'));
const violations = checkDependencies(tree, RULES);

describe('the workspace dependency rules', () => {
  it('cover every workspace of the root package.json and the root scripts/ folder', () => {
    const checked = tree.units.filter((unit) => unit.kind !== 'cross-package-tests').map((unit) => unit.name);
    expect(RULES.map((rule) => rule.unit).sort()).toEqual([...checked].sort());
  });

  it.each(RULES.map((rule) => rule.unit))('see production code in %s', (unit) => {
    const files = tree.files.filter((file) => file.unit === unit && file.role === 'production');
    expect(files.flatMap((file) => file.imports).length).toBeGreaterThan(0);
  });

  it.each(Object.entries(DEPENDENCY_CHECKS) as [DependencyCheck, string][])('hold: %s (%s)', (check) => {
    expect(violations.filter((violation) => violation.check === check).map(formatViolation)).toEqual([]);
  });
});
