/**
 * The hash-chain facts of one block, decoded from the block qscc returns and checked by
 * recomputing its data hash and its header hash (see block-hashes.ts).
 */
import { common } from '@hyperledger/fabric-protos';
import type { BlockProvenance } from '@asylum-ledger/domain';
import { blockDataHash, blockHeaderHash } from './block-hashes';
import { transactionIdOfEnvelope } from './envelope-fields';

/** What a verification of consecutive blocks found. */
export interface HashChainCheck {
  /** True when every block's data hash verifies and every link to the previous block holds. */
  readonly valid: boolean;
  /** One line per problem, e.g. `block 7: previous hash does not match block 6`. */
  readonly problems: readonly string[];
}

/**
 * Decodes a serialized block and recomputes its hashes.
 * @param blockBytes a `common.Block` as qscc's GetBlockByNumber returns it.
 * @throws {Error} when the bytes are not a block with a header.
 */
export function decodeBlockProvenance(blockBytes: Uint8Array): BlockProvenance {
  const block = common.Block.deserializeBinary(blockBytes);
  const header = block.getHeader();
  if (!header) throw new Error('block has no header');
  const envelopes = block.getData()?.getDataList_asU8() ?? [];
  const fields = { number: BigInt(header.getNumber()), previousHash: header.getPreviousHash_asU8(), dataHash: header.getDataHash_asU8() };
  return {
    blockNumber: fields.number,
    previousHash: Buffer.from(fields.previousHash).toString('hex'),
    dataHash: Buffer.from(fields.dataHash).toString('hex'),
    dataHashValid: blockDataHash(envelopes).equals(fields.dataHash),
    headerHash: blockHeaderHash(fields).toString('hex'),
    txIds: envelopes.map(transactionIdOfEnvelope).filter((txId) => txId !== ''),
  };
}

/**
 * Checks a run of consecutive blocks: each data hash verifies and each block records the header
 * hash of the one before it.
 * @param blocks provenance of consecutive blocks, in ascending order.
 */
export function verifyHashChain(blocks: readonly BlockProvenance[]): HashChainCheck {
  const problems: string[] = [];
  blocks.forEach((block, index) => {
    if (!block.dataHashValid) problems.push(`block ${block.blockNumber}: data hash does not match its content`);
    const previous = index > 0 ? blocks[index - 1] : undefined;
    if (!previous) return;
    if (block.blockNumber !== previous.blockNumber + 1n) {
      problems.push(`block ${block.blockNumber}: does not follow block ${previous.blockNumber}`);
    } else if (block.previousHash !== previous.headerHash) {
      problems.push(`block ${block.blockNumber}: previous hash does not match block ${previous.blockNumber}`);
    }
  });
  return { valid: problems.length === 0, problems };
}
