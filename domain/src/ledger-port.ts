/**
 * The one port through which a gateway reaches the ledger. Two adapters implement it: `fabric`
 * (the real network through @hyperledger/fabric-gateway) and `embedded` (the dev ledger in this
 * process). Everything above this port is the same for both.
 */
import type { Role } from './authorities';

/** Which ledger is behind the port. */
export type LedgerMode = 'fabric' | 'embedded';

/** A transaction to endorse, order and commit, signed with the gateway org's identity for a role. */
export interface SubmitRequest {
  /** Which of the org's role identities signs (its certificate carries the `role` attribute). */
  readonly role: Role;
  /** Fully qualified transaction name, e.g. `case:recordDecision` or `directory:bootstrap`. */
  readonly transaction: string;
  /** String arguments (our chaincode takes one JSON argument). */
  readonly args: readonly string[];
  /** Transient data (private fields), never written to the ledger as such. */
  readonly transient?: Readonly<Record<string, Uint8Array>>;
  /** MSP IDs whose peers must endorse (e.g. for private data); discovery decides when omitted. */
  readonly endorsingOrgs?: readonly string[];
}

/** What a committed transaction returns. */
export interface SubmitResult {
  readonly txId: string;
  readonly blockNumber: bigint;
  /** The chaincode's return value. */
  readonly payload: Uint8Array;
}

/** A query evaluated on one peer, nothing ordered. */
export interface EvaluateRequest {
  readonly role: Role;
  readonly transaction: string;
  readonly args: readonly string[];
  /**
   * The org whose peer answers instead of the own org's (an Ausländerbehörde's private reads go to
   * a member of its Land's collection, ADR 0009); its coded answer counts as the own peer's would.
   * A ledger with one store for every org (the embedded one) answers the same either way.
   */
  readonly at?: string;
}

/** A chaincode event of a committed, valid transaction. */
export interface LedgerEvent {
  readonly blockNumber: bigint;
  readonly txId: string;
  readonly eventName: string;
  readonly payload: Uint8Array;
}

/**
 * Where to resume an event stream: events of `blockNumber` after `afterTxId` (all of the block's
 * events when `afterTxId` is omitted), then every later block.
 */
export interface EventCheckpoint {
  readonly blockNumber: bigint;
  readonly afterTxId?: string;
}

/** An open stream of chaincode events, in commit order. Close it when done. */
export interface EventStream extends AsyncIterable<LedgerEvent> {
  close(): void;
}

/** Provenance of one transaction, for auditors. */
export interface TransactionProvenance {
  readonly txId: string;
  readonly blockNumber: bigint;
  /** Fabric validation code name, e.g. `VALID`, `MVCC_READ_CONFLICT`, `ENDORSEMENT_POLICY_FAILURE`. */
  readonly validationCode: string;
  readonly creatorMspId: string;
  /** The `role` attribute of the creator's certificate, if any. */
  readonly creatorRole: string | null;
  /** MSP IDs of the endorsers (the embedded ledger has exactly one: the submitting org). */
  readonly endorsingOrgs: readonly string[];
  /** Transaction timestamp (ISO 8601). */
  readonly timestamp: string;
}

/** The hash-chain facts of one block. */
export interface BlockProvenance {
  readonly blockNumber: bigint;
  /** Hex SHA-256 of the previous block's header (empty for block 0). */
  readonly previousHash: string;
  /** Hex hash of the block's data, as recorded in its header. */
  readonly dataHash: string;
  /** Whether the data hash recomputed from the block's content equals the recorded one. */
  readonly dataHashValid: boolean;
  /** Hex hash of this block's header (what the next block's previousHash must equal). */
  readonly headerHash: string;
  readonly txIds: readonly string[];
}

/** Readiness of the ledger behind the port. */
export interface LedgerReadiness {
  readonly ready: boolean;
  readonly mode: LedgerMode;
  /** One line for /readyz, e.g. why it is not ready. */
  readonly detail: string;
}

/**
 * How far the channel has come, as far as this org can see: the highest block height reported by the
 * peers of every org on the channel, and whether each of them answered. A client's Ledger-Min-Block at
 * or beyond a complete network height names a block no peer holds: the own peer is not behind.
 */
export interface NetworkHeight {
  readonly height: bigint;
  readonly everyPeerAnswered: boolean;
}

/** The ledger port. Every method rejects with a {@link LedgerError}. */
export interface LedgerPort {
  readonly mode: LedgerMode;
  submit(request: SubmitRequest): Promise<SubmitResult>;
  evaluate(request: EvaluateRequest): Promise<Uint8Array>;
  /** Chaincode events of the case chaincode from a checkpoint (block 0 when omitted). */
  events(from?: EventCheckpoint): EventStream;
  transaction(txId: string): Promise<TransactionProvenance>;
  block(blockNumber: bigint): Promise<BlockProvenance>;
  blockHeight(): Promise<bigint>;
  /** The highest height any peer of the channel reports, and whether every peer answered. */
  networkHeight(): Promise<NetworkHeight>;
  ready(): Promise<LedgerReadiness>;
  close(): Promise<void>;
}

/** Failure codes of the port itself (chaincode failures carry the chaincode's codes). */
export const LEDGER_ERROR_CODES = [
  /** The peer (or the embedded store) cannot be reached; retry later. */
  'LEDGER_UNAVAILABLE',
  /** The commit status did not arrive within its deadline; the transaction may still commit. */
  'COMMIT_TIMEOUT',
  /** The transaction was ordered but invalidated by a read conflict; a fresh transaction may succeed. */
  'MVCC_READ_CONFLICT',
  /** The transaction was ordered but its endorsements did not satisfy the policy. */
  'ENDORSEMENT_POLICY_FAILURE',
  /** The transaction was ordered but invalid for another reason (details name the code). */
  'TRANSACTION_INVALID',
  /**
   * Another org's peer refused with a chaincode code that the gateway's own org's peer did not give
   * (it accepted, was not asked, or failed without a code). Only the own peer speaks for the ledger,
   * so this is never a final outcome; retry later. Details name the orgs and codes, nothing else.
   */
  'ENDORSERS_DISAGREE',
  /** The chaincode failed without a coded error (a bug), or the ledger answered nonsense. */
  'LEDGER_INTERNAL',
  /** No transaction or block with that id/number. */
  'NOT_FOUND',
] as const;
export type LedgerErrorCode = (typeof LEDGER_ERROR_CODES)[number];

/**
 * A coded failure. At the ledger port: a port code, or a chaincode error code decoded from the own
 * org's peer. Above it, a gateway raises its own refusals (codes of its problem table, such as
 * `IDEMPOTENCY_KEY_REUSED`) as the same type, so a refusal keeps one form: a gateway stores it in its
 * serialised form and maps it to a problem by its code.
 */
export class LedgerError extends Error {
  /** A {@link LedgerErrorCode}, a chaincode ErrorCode such as `INVALID_TRANSITION`, or a gateway's own code. */
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** The transaction id, when one was created. */
  readonly txId: string | undefined;

  constructor(code: string, message: string, options: { details?: Record<string, unknown>; txId?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'LedgerError';
    this.code = code;
    this.details = options.details ?? {};
    this.txId = options.txId;
  }
}
