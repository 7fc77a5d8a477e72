import { createHash } from 'node:crypto';
import { blockDataHash, blockHeaderBytes, blockHeaderHash } from './block-hashes';

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();
const previous = sha256('previous');
const data = sha256('data');

/** Expected values printed by Go's encoding/asn1 with the struct of Fabric's protoutil.BlockHeaderBytes. */
const goVectors: [string, bigint, Uint8Array, Uint8Array, string, string][] = [
  ['block 0, no previous hash', 0n, Buffer.alloc(0), data,
    '3027020100040004203a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7',
    'ca0f510a0966e4a18bc60b9425322fd8a582dcf255942c6742151db219b17f61'],
  ['a number with the high bit set (leading zero byte)', 128n, previous, data,
    '30480202008004206da0633528deaa0144e7b058315f0b753ec0b945163a72bf96a0d18180f9de0d04203a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7',
    'c477e57ea2b334ba0ce574d4bf5cbf4cae1fb20bce16edced118f8ebb011849b'],
  ['a number of six bytes', 1n << 40n, previous, data,
    '304c020601000000000004206da0633528deaa0144e7b058315f0b753ec0b945163a72bf96a0d18180f9de0d04203a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7',
    'f7fcd36c1bdebebb3ef5cb169b1d0c1d160101f341ec56a825e834d33bf4baca'],
  ['empty hashes', 255n, Buffer.alloc(0), Buffer.alloc(0), '3008020200ff04000400',
    'cf5ce161ac375224a9858c49095993d6f01bbd54fad0643571421c38512c91ef'],
];

describe('block hashes as Fabric computes them', () => {
  it.each(goVectors)('header bytes and hash: %s', (_what, number, previousHash, dataHash, der, hash) => {
    const header = { number, previousHash, dataHash };
    expect(blockHeaderBytes(header).toString('hex')).toBe(der);
    expect(blockHeaderHash(header).toString('hex')).toBe(hash);
  });

  it('uses the long length form for long contents', () => {
    const long = Buffer.alloc(200, 1);
    const bytes = blockHeaderBytes({ number: 1n, previousHash: long, dataHash: long });
    expect(bytes.subarray(0, 4).toString('hex')).toBe('30820199'); // SEQUENCE, 2 length bytes: 409
    expect(bytes.subarray(7, 10).toString('hex')).toBe('0481c8'); // OCTET STRING, 1 length byte: 200
  });

  it('hashes the envelopes laid end to end', () => {
    expect(blockDataHash([Buffer.from('ab'), Buffer.from('c')])).toEqual(sha256('abc'));
    expect(blockDataHash([])).toEqual(sha256(''));
  });

  it('refuses a negative block number', () => {
    expect(() => blockHeaderBytes({ number: -1n, previousHash: previous, dataHash: data })).toThrow(RangeError);
  });
});
