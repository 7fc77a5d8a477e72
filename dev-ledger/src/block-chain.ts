/**
 * The embedded ledger's own block format: what a block's data hash covers and how headers chain.
 * This is NOT Fabric's protobuf block; it keeps the same facts (number, previous header hash, data
 * hash, transactions with validation codes and creators) in canonical JSON hashed with SHA-256.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@asylum-ledger/domain';
import type { PublicWrite, Version } from './ledger-store';
import type { ReadWriteSet } from './read-write-set';

/** A public write as a block records it: key, delete flag and SHA-256 of the value (hex). */
export type WriteDigest = readonly [key: string, isDelete: boolean, valueHash: string | null];

/** A chaincode event as a block records it: name and SHA-256 of the payload (hex). */
export type EventDigest = readonly [eventName: string, payloadHash: string];

/**
 * The parts of a read-write set a block keeps besides its public writes: keys and versions read,
 * range queries, private keys and value hashes (never private values), key-level policy hashes.
 */
export interface ReadWriteSummary {
  /** Public keys read, with the version seen (`block:tx`, null when absent). */
  readonly reads: readonly (readonly [key: string, version: string | null])[];
  /** Range queries: start key, end key, whether exhausted, number of keys read. */
  readonly rangeQueries: readonly (readonly [startKey: string, endKey: string, exhausted: boolean, count: number])[];
  /** Private keys read: collection, SHA-256 of the key, version seen. */
  readonly privateReads: readonly (readonly [collection: string, keyHash: string, version: string | null])[];
  /** Private writes: collection, SHA-256 of the key, kind, SHA-256 of the value (puts only). */
  readonly privateWrites: readonly (readonly [collection: string, keyHash: string, kind: string, valueHash: string | null])[];
  /** Key-level validation parameter writes: key and SHA-256 of the serialized policy. */
  readonly validationParameterWrites: readonly (readonly [key: string, parameterHash: string])[];
}

/** One transaction as a block's data hash covers it. */
export interface BlockTransactionRecord {
  readonly txId: string;
  /** Position in the block. */
  readonly txNum: number;
  /** `VALID` or the invalidation code. */
  readonly validationCode: string;
  readonly creatorMspId: string;
  /** The `role` attribute of the creator's certificate, null when unknown. */
  readonly creatorRole: string | null;
  /** Proposal timestamp, ISO 8601. */
  readonly timestamp: string;
  readonly summary: ReadWriteSummary;
  /** Public writes applied (empty for an invalid transaction), sorted by key bytes. */
  readonly writes: readonly WriteDigest[];
  /** The committed event, null when none (always null for an invalid transaction). */
  readonly event: EventDigest | null;
}

/** The header facts that chain blocks. */
export interface BlockHeaderFacts {
  readonly blockNumber: number;
  /** Hex header hash of the previous block; `''` for block 0. */
  readonly previousHash: string;
  /** Hex data hash of this block. */
  readonly dataHash: string;
}

/**
 * Hex SHA-256 of bytes or UTF-8 text.
 *
 * @param data - What to hash.
 * @returns The lowercase hex digest.
 */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The data hash of a block: SHA-256 over the canonical JSON of its transaction records in order.
 *
 * @param transactions - The block's transactions, in block order.
 * @returns Hex digest.
 */
export function computeDataHash(transactions: readonly BlockTransactionRecord[]): string {
  return sha256Hex(canonicalJson(transactions));
}

/**
 * The header hash of a block: SHA-256 over the canonical JSON of number, previous hash and data hash.
 *
 * @param header - The header facts.
 * @returns Hex digest; the next block's previousHash must equal it.
 */
export function computeHeaderHash(header: Readonly<BlockHeaderFacts>): string {
  return sha256Hex(
    canonicalJson({ number: header.blockNumber, previousHash: header.previousHash, dataHash: header.dataHash }),
  );
}

/**
 * The summary of a simulation's read-write set that a block keeps (no values, no private keys).
 *
 * @param rwSet - The read-write set.
 * @returns The summary.
 */
export function summarizeReadWriteSet(rwSet: ReadWriteSet): ReadWriteSummary {
  return {
    reads: rwSet.reads.map((read) => [read.key, versionText(read.version)] as const),
    rangeQueries: rwSet.rangeQueries.map((query) => [query.startKey, query.endKey, query.itrExhausted, query.reads.length] as const),
    privateReads: rwSet.privateReads.map((read) => [read.collection, sha256Hex(read.key), versionText(read.version)] as const),
    privateWrites: rwSet.privateWrites.map(
      (write) => [write.collection, sha256Hex(write.key), write.kind, write.kind === 'put' ? sha256Hex(write.value) : null] as const,
    ),
    validationParameterWrites: rwSet.validationParameterWrites.map((write) => [write.key, sha256Hex(write.parameter)] as const),
  };
}

/**
 * Digests of public writes, sorted by key bytes as the store returns them.
 *
 * @param writes - The writes.
 * @returns One digest per write.
 */
export function digestWrites(writes: readonly PublicWrite[]): WriteDigest[] {
  return writes
    .map((write): WriteDigest => (write.isDelete ? [write.key, true, null] : [write.key, false, sha256Hex(write.value)]))
    .sort((a, b) => Buffer.compare(Buffer.from(a[0]), Buffer.from(b[0])));
}

/**
 * The digest of a chaincode event.
 *
 * @param eventName - Event name.
 * @param payload - Event payload.
 * @returns Name and payload hash.
 */
export function digestEvent(eventName: string, payload: Uint8Array): EventDigest {
  return [eventName, sha256Hex(payload)];
}

function versionText(version: Version | undefined): string | null {
  return version ? `${version.blockNum}:${version.txNum}` : null;
}
