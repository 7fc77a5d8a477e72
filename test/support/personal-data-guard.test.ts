/** The personal-data guard's search, on block files made here (the real run uses the channel's). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { blockFilesUnder, guardBlocks, readSentValues } from './personal-data-guard';

function networkWith(blocks: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'guard-'));
  for (const [name, content] of Object.entries(blocks)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), Buffer.concat([Buffer.from([0x0a, 0x8f, 0x02]), Buffer.from(content, 'utf8'), Buffer.from([0x12, 0x00])]));
  }
  return root;
}

describe('the personal-data guard', () => {
  const CASE = 'c0ffee'.repeat(5) + 'aa';

  it('reads only block files, in every folder of the network', () => {
    const root = networkWith({
      'orderer/chains/chains/casestatus/blockfile_000000': 'x',
      'peer-bamf/ledgersData/chains/chains/casestatus/blockfile_000001': 'y',
      'peer-bamf/logs/peer.log': 'z',
    });
    expect(blockFilesUnder(root).map((file) => path.relative(root, file)).sort()).toEqual([
      'orderer/chains/chains/casestatus/blockfile_000000',
      'peer-bamf/ledgersData/chains/chains/casestatus/blockfile_000001',
    ]);
  });

  it('finds no hit when the blocks hold only the pseudonym', () => {
    const root = networkWith({ 'orderer/blockfile_000000': `{"caseRef":"${CASE}","state":"REGISTERED"}` });
    const report = guardBlocks(blockFilesUnder(root), [{ kind: 'secret', value: 'LDS-AZ-0815' }, { kind: 'onLedger', value: CASE }]);
    expect(report).toEqual({ blockFiles: 1, secrets: 1, hits: [], unseenControls: [] });
  });

  it('reports a single local reference in a single block of a peer', () => {
    const root = networkWith({ 'orderer/blockfile_000000': `{"caseRef":"${CASE}"}`, 'peer-lds/blockfile_000003': `{"caseRef":"${CASE}","note":"LDS-AZ-0815"}` });
    const report = guardBlocks(blockFilesUnder(root), [{ kind: 'secret', value: 'LDS-AZ-0815' }, { kind: 'onLedger', value: CASE }]);
    expect(report.hits).toEqual([`"LDS-AZ-0815" in ${path.join(root, 'peer-lds/blockfile_000003')}`]);
  });

  it('finds a value as JSON writes it (a quote escaped)', () => {
    const root = networkWith({ 'orderer/blockfile_000000': String.raw`{"args":["{\"responsible\":\"Jonas \\\"JM\\\" Mueller\"}"]}` });
    const plainInJson = guardBlocks(blockFilesUnder(root), [{ kind: 'secret', value: 'Jonas \\"JM\\" Mueller' }]);
    expect(plainInJson.hits).toHaveLength(1);
  });

  it('says when it cannot see the blocks: a pseudonym that must be there is not found', () => {
    const root = networkWith({ 'orderer/blockfile_000000': 'nothing of the run' });
    expect(guardBlocks(blockFilesUnder(root), [{ kind: 'onLedger', value: CASE }]).unseenControls).toEqual([CASE]);
  });

  it('reads the recorded values once each', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'guard-values-')), 'sent.jsonl');
    writeFileSync(file, '{"kind":"secret","value":"A"}\n{"kind":"secret","value":"A"}\n{"kind":"onLedger","value":"B"}\n');
    expect(readSentValues(file)).toEqual([{ kind: 'secret', value: 'A' }, { kind: 'onLedger', value: 'B' }]);
  });
});
