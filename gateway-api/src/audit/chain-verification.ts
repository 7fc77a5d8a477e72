/**
 * Verification of a run of blocks for auditors (issue 19): every block's data hash recomputed, the
 * previous-hash chain, the endorsements of every valid transaction against the policy where it can
 * be recomputed, and the header hashes each other org's peer reports for the same blocks.
 */
import { LedgerError, type BlockProvenance, type LedgerPort, type TransactionProvenance } from '@asylum-ledger/domain';

/** Why a block fails verification. */
export type BlockBreak = 'DATA_HASH_MISMATCH' | 'PREVIOUS_HASH_MISMATCH' | 'ENDORSEMENT_POLICY_NOT_SATISFIED' | 'PEER_HASH_MISMATCH';

/** The report of a verification. */
export interface ChainReport {
  readonly ok: boolean;
  readonly fromBlock: bigint;
  readonly toBlock: bigint;
  readonly blocksChecked: number;
  readonly transactionsChecked: number;
  /** Valid endorser transactions whose endorsements were checked against the recomputable policy. */
  readonly endorsementsChecked: number;
  /** The orgs whose peers' header hashes were compared with the own peer's. */
  readonly peersCompared: readonly string[];
  /** Active authorities whose peer could not be asked (none known to the Fabric Gateway, or down): not compared, not a break. */
  readonly peersUnreachable: readonly { readonly mspId: string; readonly reason: string }[];
  /** The first broken block, or null when the run verifies. */
  readonly firstBroken: { readonly blockNumber: bigint; readonly reason: BlockBreak; readonly detail: string } | null;
  readonly elapsedMs: number;
}

/**
 * The endorsement rule that can be recomputed from a transaction alone: on the embedded ledger the
 * submitting org endorses alone; on Fabric the chaincode's policy is OutOf(n, every org's peer)
 * (network/config/network.json, casestatus `endorsement.outOf`). A case's state-based policy in
 * force at commit time is not recomputed (qscc does not answer it), so a stricter one is not checked.
 * A rule answers why the endorsements fall short, undefined when they satisfy it, or null when it
 * does not apply to the transaction (not counted as checked).
 */
export type EndorsementRule = (tx: TransactionProvenance) => string | undefined | null;

/** The embedded ledger's rule: exactly the submitting org. */
export const submitterEndorses: EndorsementRule = (tx) =>
  tx.endorsingOrgs.length === 1 && tx.endorsingOrgs[0] === tx.creatorMspId ? undefined : `endorsed by ${tx.endorsingOrgs.join(',') || 'nobody'}, not by ${tx.creatorMspId} alone`;

/**
 * Fabric's chaincode-level rule: at least `outOf` distinct orgs endorsed. It applies to the case
 * chaincode's transactions, which all carry a `role` attribute (the chaincode refuses a creator
 * without one); a valid transaction without one is a lifecycle transaction of a peer admin (e.g.
 * ApproveChaincodeDefinitionForMyOrg, endorsed by its own org alone under the lifecycle's policy).
 */
export function outOfEndorse(outOf: number): EndorsementRule {
  return (tx) => (tx.creatorRole === null ? null : new Set(tx.endorsingOrgs).size >= outOf ? undefined : `endorsed by ${tx.endorsingOrgs.length} org(s) (${tx.endorsingOrgs.join(',')}), the policy needs ${outOf}`);
}

/** The header hash another org's peer reports for a block. */
export type PeerBlockReader = (mspId: string, blockNumber: bigint) => Promise<BlockProvenance>;

/** How much one request may verify. */
export const MAX_VERIFY_BLOCKS = 2000;

type Broken = NonNullable<ChainReport['firstBroken']>;

function assertRange(fromBlock: bigint, toBlock: bigint, height: bigint): void {
  if (fromBlock < 0n || toBlock < fromBlock || toBlock >= height) {
    throw new LedgerError('VALIDATION_FAILED', `the range must lie within blocks 0..${height - 1n} with fromBlock <= toBlock`, {
      details: { issues: [{ path: 'query.toBlock', code: 'out_of_range', message: `the chain's height is ${height}` }] },
    });
  }
  if (toBlock - fromBlock + 1n > BigInt(MAX_VERIFY_BLOCKS)) {
    throw new LedgerError('VALIDATION_FAILED', `verify at most ${MAX_VERIFY_BLOCKS} blocks per request`, {
      details: { issues: [{ path: 'query.toBlock', code: 'too_big', message: `at most ${MAX_VERIFY_BLOCKS} blocks` }] },
    });
  }
}

function hashBreak(block: BlockProvenance, previous: BlockProvenance | undefined): Broken | undefined {
  if (!block.dataHashValid) {
    return { blockNumber: block.blockNumber, reason: 'DATA_HASH_MISMATCH', detail: "the data hash recomputed from the block's transactions differs from its header's" };
  }
  if (previous && block.previousHash !== previous.headerHash) {
    const detail = `previousHash ${block.previousHash} is not the header hash of block ${previous.blockNumber} (${previous.headerHash})`;
    return { blockNumber: block.blockNumber, reason: 'PREVIOUS_HASH_MISMATCH', detail };
  }
  return undefined;
}

interface Counts {
  transactions: number;
  endorsements: number;
}

async function endorsementBreak(ledger: LedgerPort, block: BlockProvenance, rule: EndorsementRule | undefined, counts: Counts): Promise<Broken | undefined> {
  for (const txId of block.txIds) {
    if (txId === '') continue;
    const tx = await ledger.transaction(txId);
    counts.transactions += 1;
    // invalid transactions changed nothing; config and lifecycle transactions carry no chaincode endorsements
    if (tx.validationCode !== 'VALID' || tx.endorsingOrgs.length === 0 || !rule) continue;
    const broken = rule(tx);
    if (broken === null) continue;
    counts.endorsements += 1;
    if (broken !== undefined) return { blockNumber: block.blockNumber, reason: 'ENDORSEMENT_POLICY_NOT_SATISFIED', detail: `transaction ${txId}: ${broken}` };
  }
  return undefined;
}

async function peerBreak(
  block: BlockProvenance,
  peers: readonly string[],
  peerBlock: PeerBlockReader | undefined,
  unreachable: Map<string, string>,
): Promise<Broken | undefined> {
  if (!peerBlock) return undefined;
  for (const mspId of peers) {
    if (unreachable.has(mspId)) continue;
    let theirs: BlockProvenance;
    try {
      theirs = await peerBlock(mspId, block.blockNumber);
    } catch (error) {
      unreachable.set(mspId, error instanceof LedgerError ? `${error.code}: ${error.message}` : String(error));
      continue;
    }
    if (theirs.headerHash !== block.headerHash || !theirs.dataHashValid) {
      const detail = `${mspId}'s peer reports header hash ${theirs.headerHash}, the own peer ${block.headerHash}`;
      return { blockNumber: block.blockNumber, reason: 'PEER_HASH_MISMATCH', detail };
    }
  }
  return undefined;
}

/** Verifies blocks [from, to] of the own peer; stops at the first broken block. */
export async function verifyChain(
  options: Readonly<{
    ledger: LedgerPort;
    fromBlock: bigint;
    toBlock: bigint;
    rule: EndorsementRule | undefined;
    peers: readonly string[];
    peerBlock: PeerBlockReader | undefined;
    now?: () => number;
  }>,
): Promise<ChainReport> {
  const now = options.now ?? ((): number => performance.now());
  const started = now();
  const { ledger, fromBlock, toBlock, rule, peerBlock } = options;
  assertRange(fromBlock, toBlock, await ledger.blockHeight());
  const peers = peerBlock ? options.peers : [];
  const counts: Counts = { transactions: 0, endorsements: 0 };
  const unreachable = new Map<string, string>();
  let blocksChecked = 0;
  const report = (firstBroken: Broken | null): ChainReport => ({
    ok: firstBroken === null,
    fromBlock,
    toBlock,
    blocksChecked,
    transactionsChecked: counts.transactions,
    endorsementsChecked: counts.endorsements,
    peersCompared: peers.filter((mspId) => !unreachable.has(mspId)),
    peersUnreachable: [...unreachable].map(([mspId, reason]) => ({ mspId, reason })),
    firstBroken,
    elapsedMs: Math.round(now() - started),
  });
  let previous = fromBlock > 0n ? await ledger.block(fromBlock - 1n) : undefined;
  for (let number = fromBlock; number <= toBlock; number += 1n) {
    const block = await ledger.block(number);
    blocksChecked += 1;
    const broken = hashBreak(block, previous) ?? (await endorsementBreak(ledger, block, rule, counts)) ?? (await peerBreak(block, peers, peerBlock, unreachable));
    if (broken) return report(broken);
    previous = block;
  }
  return report(null);
}
