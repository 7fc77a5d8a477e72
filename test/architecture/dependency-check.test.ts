/**
 * The dependency checks fail when they should: each rule broken once in a synthetic tree, then
 * one broken rule in a small repository on disk, read the way the real one is.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkDependencies, formatViolation, type DependencyCheck, type UnitRule } from '../../scripts/architecture/dependency-check';
import { readSourceTree } from '../../scripts/architecture/source-tree';
import { file, treeWith, wellFormedUnits } from './synthetic-tree';

/** The synthetic tree's rules: the same shape as the real table in dependency-rules.test.ts. */
const RULES: readonly UnitRule[] = [
  { unit: 'domain', mayImport: [], thirdParty: ['zod'] },
  { unit: 'chaincode', mayImport: ['domain'] },
  { unit: 'dev-ledger', mayImport: ['domain', 'chaincode'] },
  { unit: 'network', mayImport: ['domain'] },
  { unit: 'gateway-api', mayImport: ['domain', 'dev-ledger', 'network'] },
  { unit: 'scripts', mayImport: ['gateway-api', 'network'] },
];

function found(...extra: Parameters<typeof treeWith>): [DependencyCheck, string][] {
  return checkDependencies(treeWith(...extra), RULES).map((violation) => [violation.check, `${violation.file}:${violation.line}`]);
}

describe('checkDependencies', () => {
  it('finds nothing in a tree that keeps every rule (test/ may reach into package sources)', () => {
    expect(found()).toEqual([]);
  });

  it.each<[string, ReturnType<typeof file>, [DependencyCheck, string][]]>([
    [
      'a relative path into another workspace',
      file('gateway-api/src/a.ts', '../../network/src/layout'),
      [['relative-reach', 'gateway-api/src/a.ts:1']],
    ],
    [
      'a relative path out of every package',
      file('domain/src/a.ts', '../../package.json'),
      [['relative-reach', 'domain/src/a.ts:1']],
    ],
    [
      'a relative path from the root scripts into a workspace',
      file('scripts/a.ts', '../gateway-api/src/local-stack'),
      [['relative-reach', 'scripts/a.ts:1']],
    ],
    [
      "another package's dist/ and src/ by package name",
      file('gateway-api/src/a.ts', '@x/domain/dist/vocabulary', '@x/network/src/peer-node'),
      [
        ['dist-or-src-path', 'gateway-api/src/a.ts:1'],
        ['dist-or-src-path', 'gateway-api/src/a.ts:2'],
      ],
    ],
    [
      'its own dist/ by a relative path',
      file('domain/scripts/a.ts', '../dist/index'),
      [['dist-or-src-path', 'domain/scripts/a.ts:1']],
    ],
    [
      'a subpath the exports map does not offer',
      file('gateway-api/src/a.ts', '@x/network', '@x/dev-ledger/package.json'),
      [
        ['not-exported', 'gateway-api/src/a.ts:1'],
        ['not-exported', 'gateway-api/src/a.ts:2'],
      ],
    ],
    [
      'domain importing a third-party package other than zod',
      file('domain/src/a.ts', 'fabric-shim', 'zod', 'node:fs', 'path'),
      [['third-party-not-allowed', 'domain/src/a.ts:1']],
    ],
    [
      'domain importing another workspace',
      file('domain/src/a.ts', '@x/chaincode'),
      [
        ['workspace-not-allowed', 'domain/src/a.ts:1'],
        ['undeclared-workspace', 'domain/src/a.ts:1'],
      ],
    ],
    [
      'chaincode production code importing the dev ledger (a devDependency)',
      file('chaincode/src/contract/a.ts', '@x/dev-ledger'),
      [
        ['workspace-not-allowed', 'chaincode/src/contract/a.ts:1'],
        ['undeclared-workspace', 'chaincode/src/contract/a.ts:1'],
      ],
    ],
    [
      'chaincode importing the gateway and the network',
      file('chaincode/src/a.ts', '@x/gateway-api', '@x/network/layout'),
      [
        ['workspace-not-allowed', 'chaincode/src/a.ts:1'],
        ['undeclared-workspace', 'chaincode/src/a.ts:1'],
        ['workspace-not-allowed', 'chaincode/src/a.ts:2'],
        ['undeclared-workspace', 'chaincode/src/a.ts:2'],
      ],
    ],
    [
      'the dev ledger importing the gateway and the network',
      file('dev-ledger/src/a.ts', '@x/gateway-api', '@x/network/layout'),
      [
        ['workspace-not-allowed', 'dev-ledger/src/a.ts:1'],
        ['undeclared-workspace', 'dev-ledger/src/a.ts:1'],
        ['workspace-not-allowed', 'dev-ledger/src/a.ts:2'],
        ['undeclared-workspace', 'dev-ledger/src/a.ts:2'],
      ],
    ],
    [
      'the network importing the gateway, the dev ledger or the chaincode',
      file('network/src/a.ts', '@x/gateway-api', '@x/dev-ledger', '@x/chaincode'),
      [
        ['workspace-not-allowed', 'network/src/a.ts:1'],
        ['undeclared-workspace', 'network/src/a.ts:1'],
        ['workspace-not-allowed', 'network/src/a.ts:2'],
        ['undeclared-workspace', 'network/src/a.ts:2'],
        ['workspace-not-allowed', 'network/src/a.ts:3'],
        ['undeclared-workspace', 'network/src/a.ts:3'],
      ],
    ],
    [
      'a test importing a workspace its package.json lists nowhere',
      file('network/src/a.test.ts', '@x/dev-ledger'),
      [['undeclared-workspace', 'network/src/a.test.ts:1']],
    ],
    [
      'production code importing a test file, test-support and test/',
      file('gateway-api/src/a.ts', './b.test', './test-support/fake-ledger', '../../test/support/real-network'),
      [
        ['imports-test-code', 'gateway-api/src/a.ts:1'],
        ['imports-test-code', 'gateway-api/src/a.ts:2'],
        ['relative-reach', 'gateway-api/src/a.ts:3'],
        ['imports-test-code', 'gateway-api/src/a.ts:3'],
      ],
    ],
  ])('refuses %s', (_name, extra, expected) => {
    expect(found(extra)).toEqual(expected);
  });

  it('lets tests use devDependencies, and never checks test/', () => {
    expect(found(file('chaincode/src/a.test.ts', '@x/dev-ledger'), file('test/x.test.ts', '../chaincode/src/contract/case-contract', '../gateway-api/dist/main'))).toEqual([]);
  });

  it('refuses a unit without a row in the table', () => {
    const violations = checkDependencies({ units: wellFormedUnits(), files: [] }, RULES.filter((rule) => rule.unit !== 'network'));
    expect(violations.map(formatViolation)).toEqual(['network: no rule for network']);
  });

  it('says where and why in one line', () => {
    const [violation] = checkDependencies(treeWith(file('chaincode/src/a.ts', '@x/dev-ledger')), RULES);
    expect(violation && formatViolation(violation)).toBe("chaincode/src/a.ts:1 '@x/dev-ledger': chaincode may not import dev-ledger (allowed: domain)");
  });
});

describe('checkDependencies on a repository read from disk', () => {
  let repo: string;

  beforeAll(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'dependency-check-'));
    const write = (relative: string, text: string): void => {
      mkdirSync(path.dirname(path.join(repo, relative)), { recursive: true });
      writeFileSync(path.join(repo, relative), text);
    };
    write('package.json', JSON.stringify({ name: 'r', workspaces: ['domain', 'chaincode'] }));
    write('domain/package.json', JSON.stringify({ name: '@x/domain', exports: { '.': './dist/index.js' } }));
    write('chaincode/package.json', JSON.stringify({ name: '@x/chaincode', dependencies: { '@x/domain': '*' } }));
    write('domain/src/index.ts', "export * from './vocabulary';\n");
    write('domain/dist/index.d.ts', "import '../../chaincode/src/ignored';\n");
    write('chaincode/src/index.ts', "import { z } from 'zod';\nimport type { Role } from '@x/domain';\nexport { Role } from '../../domain/src/vocabulary';\n");
    write('chaincode/src/contract.test.ts', "import '../../domain/src/vocabulary';\n");
  });

  afterAll(() => {
    rmSync(repo, { recursive: true, force: true });
  });

  it('finds the re-export through a relative path into another workspace, on its line', () => {
    const rules: UnitRule[] = [
      { unit: 'domain', mayImport: [], thirdParty: ['zod'] },
      { unit: 'chaincode', mayImport: ['domain'] },
    ];
    expect(checkDependencies(readSourceTree(repo), rules).map(formatViolation)).toEqual([
      "chaincode/src/index.ts:3 '../../domain/src/vocabulary': reaches into domain/ by a relative path; import @x/domain instead",
    ]);
  });
});
