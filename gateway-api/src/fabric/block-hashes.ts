/**
 * The hashes that chain Fabric's blocks, recomputed as Fabric's protoutil computes them: a block's
 * data hash is SHA-256 over its envelopes laid end to end, and its header hash is SHA-256 over the
 * ASN.1 DER encoding of SEQUENCE { INTEGER number, OCTET STRING previousHash, OCTET STRING dataHash }.
 * The next block's header records that header hash as its previous hash.
 */
import { createHash } from 'node:crypto';

/** The three fields of a block header that are hashed. */
export interface BlockHeaderFields {
  readonly number: bigint;
  readonly previousHash: Uint8Array;
  readonly dataHash: Uint8Array;
}

const DER_INTEGER = 0x02;
const DER_OCTET_STRING = 0x04;
const DER_SEQUENCE = 0x30;

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  const bytes = bigEndian(BigInt(length));
  return Buffer.concat([Buffer.of(0x80 | bytes.length), bytes]);
}

function bigEndian(value: bigint): Buffer {
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex');
}

function derElement(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.of(tag), derLength(content.length), content]);
}

/** A non-negative INTEGER in its shortest two's-complement form (a leading zero byte keeps it positive). */
function derUnsignedInteger(value: bigint): Buffer {
  if (value < 0n) throw new RangeError(`a block number cannot be negative: ${value}`);
  const bytes = bigEndian(value);
  const positive = (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.of(0), bytes]) : bytes;
  return derElement(DER_INTEGER, positive);
}

/**
 * The bytes Fabric hashes for a block header (its `protoutil.BlockHeaderBytes`).
 * @param header number, previous hash and data hash as recorded in the block.
 */
export function blockHeaderBytes(header: BlockHeaderFields): Buffer {
  return derElement(
    DER_SEQUENCE,
    Buffer.concat([
      derUnsignedInteger(header.number),
      derElement(DER_OCTET_STRING, header.previousHash),
      derElement(DER_OCTET_STRING, header.dataHash),
    ]),
  );
}

/**
 * The hash of a block header: what the next block must record as its previous hash.
 * @param header number, previous hash and data hash as recorded in the block.
 */
export function blockHeaderHash(header: BlockHeaderFields): Buffer {
  return createHash('sha256').update(blockHeaderBytes(header)).digest();
}

/**
 * The data hash of a block recomputed from its content (its `protoutil.BlockDataHash`).
 * @param envelopes the serialized envelopes of the block's data, in order.
 */
export function blockDataHash(envelopes: readonly Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const envelope of envelopes) hash.update(envelope);
  return hash.digest();
}
