import { createHash } from 'node:crypto';
import { BlockCommitter, type CommitResult, type TxValidationCode } from './block-committer';
import type { ChaincodeInvoker } from './chaincode-dispatch';
import type { CommittedEvent, LedgerStore, LedgerTimestamp } from './ledger-store';
import { MemoryLedgerStore } from './memory-ledger-store';
import type { ReadWriteSet } from './read-write-set';
import type { ChaincodeEventRecord } from './simulated-stub';
import { SimulatorError } from './simulator-errors';
import { TransactionSimulator, type ChaincodeResponse } from './transaction-simulator';

/** Who submits: an MSP id and a PEM certificate (a `DevIdentity` fits). */
export interface SubmitterIdentity {
  /** MSP id of the submitter's organization. */
  readonly mspId: string;
  /** The submitter's X.509 certificate, PEM. */
  readonly certificatePem: string;
}

/** Transient data as a map or a plain object; string values are UTF-8 encoded. */
export type TransientInput = ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array | string>>;

/** Per-call options of {@link SimulatedLedger.submit} and {@link SimulatedLedger.evaluate}. */
export interface ProposalOptions {
  /** The submitter. */
  readonly identity: SubmitterIdentity;
  /** Transient data; none when omitted. */
  readonly transient?: TransientInput;
  /** Proposal time; defaults to the ledger's clock. */
  readonly timestamp?: Date;
}

/** A simulated transaction not yet committed; `commit()` orders and validates it. */
export interface PendingTransaction {
  /** Transaction id. */
  readonly txId: string;
  /** The chaincode's response. */
  readonly response: ChaincodeResponse;
  /** Reads and pending writes. */
  readonly readWriteSet: ReadWriteSet;
  /** The transaction's event, if any. */
  readonly event?: ChaincodeEventRecord;
  /**
   * Commits the transaction in the next block, with MVCC validation.
   *
   * @throws {@link SimulatorError} `ENDORSEMENT_FAILED` when the response is an error (a client
   * would not submit it), `ALREADY_COMMITTED` on a second call.
   */
  commit(): CommitResult;
}

/** Outcome of {@link SimulatedLedger.submit}. */
export interface SubmitResult {
  /** Transaction id. */
  readonly txId: string;
  /** The chaincode's response. */
  readonly response: ChaincodeResponse;
  /** Validation code; undefined when endorsement failed and nothing was ordered. */
  readonly validationCode: TxValidationCode | undefined;
  /** Block holding the transaction; undefined when nothing was ordered. */
  readonly blockNumber: number | undefined;
  /** The committed event, for a valid transaction that set one. */
  readonly event?: CommittedEvent;
}

/** Options of {@link SimulatedLedger}. */
export interface SimulatedLedgerOptions {
  /** The chaincode, e.g. from `createContractChaincode`. */
  readonly chaincode: ChaincodeInvoker;
  /** The store; a fresh {@link MemoryLedgerStore} when omitted. */
  readonly store?: LedgerStore;
  /** Channel name; defaults to `mychannel`. */
  readonly channelId?: string;
  /** The endorsing peer's MSP id for `getMspID()`. */
  readonly peerMspId?: string;
  /** Source of proposal times; defaults to a fixed 2026-01-01T00:00:00Z until `setTime`. */
  readonly clock?: () => Date;
}

const DEFAULT_TIME = new Date('2026-01-01T00:00:00.000Z');

/**
 * A one-process ledger for tests: `submit` simulates and commits (one block per transaction),
 * `evaluate` only simulates. Transaction ids are SHA-256 over the channel, a proposal counter,
 * the function and arguments: deterministic and unique per ledger.
 */
export class SimulatedLedger {
  readonly #store: LedgerStore;
  readonly #simulator: TransactionSimulator;
  readonly #committer: BlockCommitter;
  readonly #channelId: string;
  #clock: () => Date;
  #proposalCount = 0;

  /**
   * Creates the ledger.
   *
   * @param options - Chaincode and optional store, channel, peer MSP id and clock.
   */
  constructor(options: Readonly<SimulatedLedgerOptions>) {
    this.#store = options.store ?? new MemoryLedgerStore();
    this.#channelId = options.channelId ?? 'mychannel';
    this.#clock = options.clock ?? ((): Date => DEFAULT_TIME);
    this.#committer = new BlockCommitter(this.#store);
    this.#simulator = new TransactionSimulator({
      store: this.#store,
      chaincode: options.chaincode,
      channelId: this.#channelId,
      ...(options.peerMspId === undefined ? {} : { peerMspId: options.peerMspId }),
    });
  }

  /** The store the ledger runs on (for inspection in tests). */
  get store(): LedgerStore {
    return this.#store;
  }

  /**
   * Fixes the time later proposals get (until the next call).
   *
   * @param now - The new "now".
   */
  setTime(now: Date): void {
    const fixed = new Date(now.getTime());
    this.#clock = (): Date => fixed;
  }

  /**
   * Simulates a proposal without committing it; call `commit()` on the result to order it.
   *
   * @param fn - `contract:function`, or a function of the default contract.
   * @param args - Arguments after the function name.
   * @param options - Identity, transient data, timestamp.
   * @returns The pending transaction.
   */
  async simulate(fn: string, args: readonly (string | Uint8Array)[], options: Readonly<ProposalOptions>): Promise<PendingTransaction> {
    const result = await this.#simulator.simulate({
      txId: this.#nextTxId(fn, args),
      fn,
      args,
      creator: { mspid: options.identity.mspId, idBytes: Buffer.from(options.identity.certificatePem) },
      timestamp: toLedgerTimestamp(options.timestamp ?? this.#clock()),
      endorserTime: this.#clock(),
      ...(options.transient ? { transient: toTransientMap(options.transient) } : {}),
    });
    let committed = false;
    return {
      ...result,
      commit: (): CommitResult => {
        if (result.response.status >= 400) {
          throw new SimulatorError({ code: 'ENDORSEMENT_FAILED', message: result.response.message, txId: result.txId });
        }
        if (committed) {
          throw new SimulatorError({ code: 'ALREADY_COMMITTED', message: `transaction ${result.txId} was already committed`, txId: result.txId });
        }
        committed = true;
        return this.#committer.commit(result);
      },
    };
  }

  /**
   * Simulates and, when the chaincode succeeded, commits a transaction in the next block.
   *
   * @param fn - `contract:function`, or a function of the default contract.
   * @param args - Arguments after the function name.
   * @param options - Identity, transient data, timestamp.
   * @returns Response, validation code, block number and committed event.
   */
  async submit(fn: string, args: readonly (string | Uint8Array)[], options: Readonly<ProposalOptions>): Promise<SubmitResult> {
    const pending = await this.simulate(fn, args, options);
    if (pending.response.status >= 400) {
      return { txId: pending.txId, response: pending.response, validationCode: undefined, blockNumber: undefined };
    }
    const { blockNumber, validationCode, event } = pending.commit();
    return { txId: pending.txId, response: pending.response, validationCode, blockNumber, ...(event ? { event } : {}) };
  }

  /**
   * Simulates a query; nothing is committed.
   *
   * @param fn - `contract:function`, or a function of the default contract.
   * @param args - Arguments after the function name.
   * @param options - Identity, transient data, timestamp.
   * @returns The chaincode's response.
   */
  async evaluate(fn: string, args: readonly (string | Uint8Array)[], options: Readonly<ProposalOptions>): Promise<ChaincodeResponse> {
    return (await this.simulate(fn, args, options)).response;
  }

  /**
   * Events of valid committed transactions, in commit order.
   *
   * @param fromBlock - First block to include; 0 when omitted.
   */
  events(fromBlock = 0): CommittedEvent[] {
    return this.#store.getEvents(fromBlock);
  }

  /** Number of blocks committed so far. */
  blockHeight(): number {
    return this.#store.blockHeight();
  }

  #nextTxId(fn: string, args: readonly (string | Uint8Array)[]): string {
    this.#proposalCount += 1;
    const hash = createHash('sha256').update(`${this.#channelId}\u0000${this.#proposalCount}\u0000${fn}`);
    args.forEach((arg) => hash.update('\u0000').update(arg));
    return hash.digest('hex');
  }
}

/**
 * Converts a Date to the `{seconds, nanos}` of a proposal header.
 *
 * @param date - The time.
 * @returns Seconds and nanoseconds since the epoch.
 */
export function toLedgerTimestamp(date: Date): LedgerTimestamp {
  const millis = date.getTime();
  const seconds = Math.floor(millis / 1000);
  return { seconds, nanos: (millis - seconds * 1000) * 1_000_000 };
}

function toTransientMap(input: TransientInput): Map<string, Uint8Array> {
  const entries = input instanceof Map ? [...(input as ReadonlyMap<string, Uint8Array>)] : Object.entries(input);
  return new Map(entries.map(([key, value]) => [key, Buffer.from(value as Uint8Array | string)]));
}
