import { common } from '@hyperledger/fabric-protos';
import { blockHeaderHash } from './block-hashes';
import { decodeBlockProvenance, verifyHashChain } from './block-provenance';
import { CERTIFICATE_WITH_ROLE } from './test-support/certificates';
import { buildBlock, buildEnvelope } from './test-support/ledger-builders';

const tx = (txId: string) => buildEnvelope({ txId, creatorMspId: 'LDSMSP', creatorCertificate: CERTIFICATE_WITH_ROLE, endorserMspIds: ['LDSMSP', 'BAMFMSP'] });

function chainOfThree(): ReturnType<typeof decodeBlockProvenance>[] {
  const blocks = [];
  let previousHash: Uint8Array = Buffer.alloc(0);
  for (const [number, txIds] of [[0, ['t0']], [1, ['t1', 't2']], [2, ['t3']]] as const) {
    const block = decodeBlockProvenance(buildBlock(number, previousHash, txIds.map(tx)));
    blocks.push(block);
    previousHash = Buffer.from(block.headerHash, 'hex');
  }
  return blocks;
}

describe('block provenance', () => {
  it('decodes number, hashes and txIds, and recomputes data hash and header hash', () => {
    const block = decodeBlockProvenance(buildBlock(1, Buffer.from('ab', 'hex'), [tx('t1'), tx('t2')]));
    const recorded = common.Block.deserializeBinary(buildBlock(1, Buffer.from('ab', 'hex'), [tx('t1'), tx('t2')])).getHeader()!;
    expect(block).toEqual({
      blockNumber: 1n,
      previousHash: 'ab',
      dataHash: Buffer.from(recorded.getDataHash_asU8()).toString('hex'),
      dataHashValid: true,
      headerHash: blockHeaderHash({ number: 1n, previousHash: Buffer.from('ab', 'hex'), dataHash: recorded.getDataHash_asU8() }).toString('hex'),
      txIds: ['t1', 't2'],
    });
  });

  it('notices content that does not match the recorded data hash', () => {
    const block = common.Block.deserializeBinary(buildBlock(4, Buffer.alloc(0), [tx('t1')]));
    block.getData()!.setDataList([tx('forged').serializeBinary()]);
    expect(decodeBlockProvenance(block.serializeBinary())).toMatchObject({ dataHashValid: false, txIds: ['forged'] });
  });

  it('verifies a chain whose blocks record their predecessor\'s header hash', () => {
    expect(verifyHashChain(chainOfThree())).toEqual({ valid: true, problems: [] });
  });

  it('reports a broken link, a gap and a bad data hash', () => {
    const [first, second, third] = chainOfThree();
    expect(verifyHashChain([first!, { ...second!, previousHash: '00' }, third!]).problems).toEqual(['block 1: previous hash does not match block 0']);
    expect(verifyHashChain([first!, third!]).problems).toEqual(['block 2: does not follow block 0']);
    expect(verifyHashChain([{ ...first!, dataHashValid: false }]).problems).toEqual(['block 0: data hash does not match its content']);
  });

  it('refuses bytes that are not a block with a header', () => {
    expect(() => decodeBlockProvenance(new common.Block().serializeBinary())).toThrow('no header');
  });
});
