import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compactionArguments, findLevelDbFolders, parseCompactionReport } from './compact-ledger';
import { runCommand } from './run-command';
import { leveldbCompactModuleDir, leveldbCompactVersion } from './leveldb-compact-install';
import { NetworkError } from './network-error';

describe('the compaction step', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'compact-ledger-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds every LevelDB database under a peer's ledger folder, and nothing else", () => {
    for (const db of ['ledgersData/stateLeveldb', 'ledgersData/pvtdataStore', 'ledgersData/chains/index', 'transientstore']) {
      mkdirSync(path.join(dir, db), { recursive: true });
      writeFileSync(path.join(dir, db, 'CURRENT'), 'MANIFEST-000001\n');
    }
    mkdirSync(path.join(dir, 'ledgersData/chains/chains/asylum'), { recursive: true });
    writeFileSync(path.join(dir, 'ledgersData/chains/chains/asylum/blockfile_000000'), '');
    expect(findLevelDbFolders(dir).map((folder) => path.relative(dir, folder))).toEqual([
      'ledgersData/chains/index',
      'ledgersData/pvtdataStore',
      'ledgersData/stateLeveldb',
      'transientstore',
    ]);
    expect(findLevelDbFolders(path.join(dir, 'missing'))).toEqual([]);
  });

  it("reads the program's report, one JSON line per database, and refuses anything else", () => {
    const line = { path: '/x/pvtdataStore', filesBefore: 6, bytesBefore: 6456, filesAfter: 7, bytesAfter: 4863, millis: 28, pendingPurges: 1 };
    expect(parseCompactionReport(`${JSON.stringify(line)}\n\n`)).toEqual([line]);
    const wrong = (): unknown => parseCompactionReport('{"path":"/x","surprise":true}\n');
    expect(wrong).toThrow(NetworkError);
    expect(wrong).toThrow(expect.objectContaining({ code: 'COMMAND_FAILED' }) as Error);
    expect(() => parseCompactionReport('panic: runtime error\n')).toThrow(/unexpected line: panic/);
  });

  it("hands the program the peer's block index, so the transient store loses the write sets of committed transactions", () => {
    const folders = findLevelDbFolders(dir);
    expect(compactionArguments(folders)).toEqual(['-block-index', path.join(dir, 'ledgersData/chains/index'), ...folders]);
    expect(compactionArguments([path.join(dir, 'transientstore')])).toEqual([path.join(dir, 'transientstore')]);
    const line = { path: '/x/transientstore', filesBefore: 4, bytesBefore: 900, filesAfter: 3, bytesAfter: 300, millis: 3, transientWriteSets: 0, transientDropped: 3 };
    expect(parseCompactionReport(JSON.stringify(line))).toEqual([line]);
  });

  it("passes the Go program's own tests (committed transaction ids read from a block index, their write sets deleted, in-flight ones kept)", async () => {
    const { stdout } = await runCommand('go', ['test', '-count=1', './...'], { cwd: leveldbCompactModuleDir, env: { ...process.env, GOFLAGS: '-mod=readonly' }, timeoutMs: 300_000 });
    expect(stdout).toMatch(/^ok\s/m);
  }, 300_000);

  it('checks the same program version as the Go source declares, built against the goleveldb commit Fabric 2.5 uses', () => {
    const source = readFileSync(path.join(leveldbCompactModuleDir, 'main.go'), 'utf8');
    expect(source).toContain(`const toolVersion = "${leveldbCompactVersion}"`);
    const goMod = readFileSync(path.join(leveldbCompactModuleDir, 'go.mod'), 'utf8');
    expect(goMod).toContain(`require github.com/syndtr/goleveldb ${leveldbCompactVersion.split(' goleveldb ')[1] ?? '?'}`);
  });
});
