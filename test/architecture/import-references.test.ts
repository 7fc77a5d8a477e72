/** Every way a TypeScript file can name a module is seen, on its line; look-alikes are not. */
import { readImportReferences } from '../../scripts/architecture/import-references';

const SOURCE = `import { a } from 'static';
import type { B } from 'type-only';
export * from 're-export';
export { c } from 're-export-named';
import d = require('import-equals');
const e = require('require-call');
const f = require.resolve('require-resolve/package.json');
const g = import('dynamic');
type H = typeof import('import-type');
import 'side-effect';
const notAnImport = "import x from 'in-a-string'";
// import y from 'in-a-comment';
const dynamicName = require(variable);
`;

describe('readImportReferences', () => {
  it('lists each static, type-only, re-export, require, require.resolve and dynamic import with its line', () => {
    expect(readImportReferences(SOURCE, 'a.ts')).toEqual([
      { specifier: 'static', line: 1 },
      { specifier: 'type-only', line: 2 },
      { specifier: 're-export', line: 3 },
      { specifier: 're-export-named', line: 4 },
      { specifier: 'import-equals', line: 5 },
      { specifier: 'require-call', line: 6 },
      { specifier: 'require-resolve/package.json', line: 7 },
      { specifier: 'dynamic', line: 8 },
      { specifier: 'import-type', line: 9 },
      { specifier: 'side-effect', line: 10 },
    ]);
  });
});
