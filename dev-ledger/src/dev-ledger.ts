/**
 * The dev ledger: one shared object per process that runs a chaincode package through
 * fabric-contract-api's own dispatch on the simulated stub, over a SQLite store (a file, or
 * `:memory:` for tests), with a single sequencer that cuts one hash-chained block per transaction.
 * Each authority's gateway gets a {@link LedgerPort} with `forOrg(mspId)`, signing with that org's
 * role identities; the chaincode's own unit tests drive the same ledger with identities of their
 * choosing through {@link DevLedger.simulate}.
 *
 * One transaction per block: the stub's MVCC check compares read versions with committed state
 * only, so batching would need intra-block conflict checks it does not have, and a dev ledger gains
 * nothing from batching but latency.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  LedgerError,
  type Authority,
  type BlockProvenance,
  type EvaluateRequest,
  type EventCheckpoint,
  type EventStream,
  type LedgerPort,
  type LedgerReadiness,
  type Role,
  type SubmitRequest,
  type SubmitResult,
  type TransactionProvenance,
} from '@asylum-ledger/domain';
import { sha256Hex } from './block-chain';
import { BlockSequencer, type SequencedTransaction } from './block-sequencer';
import { loadContractChaincode, type ChaincodeInvoker } from './chaincode-dispatch';
import { DEV_LEDGER_DETAIL } from './dev-ledger-banner';
import { toChaincodeFailure, toInvalidation, toLedgerError } from './dev-ledger-errors';
import { DEFAULT_IDENTITY_DIR, IN_MEMORY_IDENTITIES, loadDevIdentities, type DevIdentityStore } from './dev-identity-store';
import { DevEventStream } from './event-stream';
import { toLedgerTimestamp } from './ledger-store';
import { SqliteLedgerStore } from './sqlite-ledger-store';
import { TransactionSimulator, type SimulationResult } from './transaction-simulator';

/** The default SQLite file (under the ignored `.run/`). */
export const DEFAULT_LEDGER_PATH = '.run/embedded/ledger.sqlite';

/** The authority directory the dev ledger bootstraps on first start. */
export const DEFAULT_DEV_AUTHORITIES: readonly Authority[] = [
  { mspId: 'BAMFMSP', kind: 'FEDERAL', landCode: 'DE', active: true },
  { mspId: 'LDSMSP', kind: 'LAND', landCode: 'DE-SN', active: true },
  { mspId: 'ABHMSP', kind: 'ABH', landCode: 'DE-SN', active: true },
];

/** Options of {@link DevLedger.open}. */
export interface DevLedgerOptions {
  /** SQLite file; {@link DEFAULT_LEDGER_PATH} when omitted, `:memory:` for a throwaway ledger. */
  readonly databasePath?: string;
  /** Identity folder; {@link DEFAULT_IDENTITY_DIR} when omitted, {@link IN_MEMORY_IDENTITIES} to keep them in memory. */
  readonly identityDir?: string;
  /** Authorities to bootstrap the directory with (and to hold identities for). */
  readonly authorities?: readonly Authority[];
  /** Whether to bootstrap the directory on first open; default true. */
  readonly bootstrap?: boolean;
  /** The chaincode; the `@asylum-ledger/chaincode` package, loaded as fabric-chaincode-node does, when omitted. */
  readonly chaincode?: ChaincodeInvoker;
  /** Channel name the chaincode sees; `asylum` when omitted. */
  readonly channelId?: string;
  /** Source of proposal timestamps; the system clock when omitted. */
  readonly clock?: () => Date;
  /** The endorsing peer's clock the chaincode may compare with; the proposal's own time when omitted. */
  readonly endorserClock?: () => Date;
  /** SQLite durability; FULL when omitted. */
  readonly synchronous?: 'FULL' | 'NORMAL';
}

/** Who submits a proposal: an org's certificate, and the role it names (for the transaction index). */
export interface Submitter {
  readonly mspId: string;
  readonly certificatePem: string;
  readonly role: string | null;
}

/** A proposal to simulate with a submitter of the caller's choosing. */
export interface Proposal {
  readonly submitter: Submitter;
  /** `contract:function`, or a function of the default contract. */
  readonly fn: string;
  readonly args: readonly string[];
  readonly transient?: Readonly<Record<string, Uint8Array>>;
  /** The proposal's timestamp; the ledger's clock when omitted. */
  readonly timestamp?: Date;
}

/** A simulated proposal: the chaincode's response, and a way to order and commit it. */
export interface SimulatedProposal {
  readonly txId: string;
  readonly simulation: SimulationResult;
  /**
   * Orders and commits it in the next block (an invalid one too, with its validation code).
   * @throws {@link LedgerError} the chaincode's code when its endorsement failed; `TRANSACTION_INVALID` on a second commit.
   */
  commit(): Promise<SequencedTransaction>;
}

/** The shared dev ledger of one process. */
export class DevLedger {
  readonly #store: SqliteLedgerStore;
  readonly #identities: DevIdentityStore;
  readonly #simulator: TransactionSimulator;
  readonly #sequencer: BlockSequencer;
  readonly #streams = new Set<EventStream>();
  readonly #endorserClock: (() => Date) | undefined;
  #clock: () => Date;
  #closed = false;

  private constructor(store: SqliteLedgerStore, identities: DevIdentityStore, chaincode: ChaincodeInvoker, options: Readonly<DevLedgerOptions>) {
    this.#store = store;
    this.#identities = identities;
    this.#clock = options.clock ?? ((): Date => new Date());
    this.#endorserClock = options.endorserClock;
    this.#sequencer = new BlockSequencer(store);
    this.#simulator = new TransactionSimulator({ store, chaincode, channelId: options.channelId ?? 'asylum' });
  }

  /**
   * Opens the store and identities, loads the chaincode and bootstraps the directory once.
   *
   * @param options - Paths, authorities, chaincode, channel, clocks and durability.
   * @returns The open ledger.
   * @throws {@link LedgerError} `LEDGER_UNAVAILABLE` when another process holds the file;
   * `LEDGER_INTERNAL` when the store is newer than this code or the bootstrap fails.
   */
  static async open(options: Readonly<DevLedgerOptions> = {}): Promise<DevLedger> {
    const databasePath = options.databasePath ?? DEFAULT_LEDGER_PATH;
    if (databasePath !== ':memory:') mkdirSync(dirname(databasePath), { recursive: true, mode: 0o700 });
    const authorities = options.authorities ?? DEFAULT_DEV_AUTHORITIES;
    const identities = await loadDevIdentities({
      dir: options.identityDir ?? DEFAULT_IDENTITY_DIR,
      mspIds: authorities.map((authority) => authority.mspId),
    });
    const chaincode = options.chaincode ?? (await loadContractChaincode(dirname(require.resolve('@asylum-ledger/chaincode/package.json'))));
    const store = new SqliteLedgerStore({ path: databasePath, ...(options.synchronous ? { synchronous: options.synchronous } : {}) });
    const ledger = new DevLedger(store, identities, chaincode, options);
    try {
      if (options.bootstrap !== false) await ledger.#bootstrapDirectory(authorities);
    } catch (error) {
      await ledger.close();
      throw error;
    }
    return ledger;
  }

  /** The store, for audits and tests (verifyChain, raw blocks, state). */
  get store(): SqliteLedgerStore {
    return this.#store;
  }

  /**
   * Sets the clock later proposals are dated with (tests move time with it).
   * @param clock - The new clock.
   */
  setClock(clock: () => Date): void {
    this.#clock = clock;
  }

  /**
   * The embedded identity (certificate and private key) of one role of an org, for what an org signs
   * off the ledger with its own key (an audit export is signed with its AUDITOR identity).
   * @throws {@link LedgerError} `NOT_FOUND` when the org has no identities here.
   */
  signingIdentity(mspId: string, role: Role): { readonly certificatePem: string; readonly privateKeyPem: string } {
    if (!this.#identities.mspIds.includes(mspId)) {
      throw new LedgerError('NOT_FOUND', `the dev ledger has no identities for ${mspId}`, { details: { mspId } });
    }
    const identity = this.#identities.identity(mspId, role);
    return { certificatePem: identity.certificatePem, privateKeyPem: identity.privateKeyPem };
  }

  /**
   * The port of one authority's gateway: submits and evaluates with that org's role identities,
   * and closes only its own event streams.
   *
   * @param mspId - The gateway's org.
   * @returns A port sharing this ledger.
   * @throws {@link LedgerError} `NOT_FOUND` when the org has no identities here.
   */
  forOrg(mspId: string): LedgerPort {
    if (!this.#identities.mspIds.includes(mspId)) {
      throw new LedgerError('NOT_FOUND', `the dev ledger has no identities for ${mspId}`, { details: { mspId } });
    }
    const streams = new Set<EventStream>();
    return {
      mode: 'embedded',
      submit: (request) => this.#submit(mspId, request),
      evaluate: (request) => this.#evaluate(mspId, request),
      events: (from) => {
        const stream = this.#events(from, (closed) => streams.delete(closed));
        streams.add(stream);
        return stream;
      },
      transaction: (txId) => this.#transaction(txId),
      block: (blockNumber) => this.#block(blockNumber),
      blockHeight: async () => BigInt(this.#guard(() => this.#store.blockHeight())),
      // one ledger: its height is the network's
      networkHeight: async () => ({ height: BigInt(this.#guard(() => this.#store.blockHeight())), everyPeerAnswered: true }),
      ready: async () => this.#ready(),
      close: async () => {
        [...streams].forEach((stream) => {
          stream.close();
        });
      },
    };
  }

  /**
   * Simulates a proposal of a submitter of the caller's choosing; `commit()` orders it. For the
   * chaincode's own tests, which need identities the directory does not know, raw responses, and
   * two simulations against the same state.
   *
   * @param proposal - Submitter, function, arguments, transient data, optional timestamp.
   * @returns The simulation and its commit.
   * @throws {@link LedgerError} `LEDGER_UNAVAILABLE` when closed; `LEDGER_INTERNAL` when the simulator breaks.
   */
  async simulate(proposal: Readonly<Proposal>): Promise<SimulatedProposal> {
    const simulation = await this.#simulateRaw(proposal);
    let committed = false;
    return {
      txId: simulation.txId,
      simulation,
      commit: async () => {
        // a client never submits a failed endorsement, nor the same transaction twice
        if (simulation.response.status >= 400) throw toChaincodeFailure(simulation.response.message, simulation.txId);
        if (committed) throw new LedgerError('TRANSACTION_INVALID', `transaction ${simulation.txId} was already submitted`, { txId: simulation.txId, details: { validationCode: 'DUPLICATE_TXID' } });
        committed = true;
        return this.#commit(simulation, proposal.submitter);
      },
    };
  }

  /** Ends every event stream, waits for queued commits, and closes the store. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    [...this.#streams].forEach((stream) => {
      stream.close();
    });
    await this.#sequencer.drain(() => {
      this.#store.close();
    });
  }

  async #submit(mspId: string, request: Readonly<SubmitRequest>): Promise<SubmitResult> {
    const submitter = this.#submitter(mspId, request.role);
    const simulation = await this.#simulateRaw({ submitter, fn: request.transaction, args: request.args, ...(request.transient ? { transient: request.transient } : {}) });
    if (simulation.response.status >= 400) throw toChaincodeFailure(simulation.response.message, simulation.txId);
    const outcome = await this.#commit(simulation, submitter);
    if (outcome.validationCode !== 'VALID') throw toInvalidation(outcome.validationCode, simulation.txId, outcome.blockNumber);
    return { txId: simulation.txId, blockNumber: BigInt(outcome.blockNumber), payload: new Uint8Array(simulation.response.payload) };
  }

  async #evaluate(mspId: string, request: Readonly<EvaluateRequest>): Promise<Uint8Array> {
    const simulation = await this.#simulateRaw({ submitter: this.#submitter(mspId, request.role), fn: request.transaction, args: request.args });
    if (simulation.response.status >= 400) throw toChaincodeFailure(simulation.response.message, simulation.txId);
    return new Uint8Array(simulation.response.payload);
  }

  /** A commit queued before close() still completes: close() drains the sequencer first. */
  async #commit(simulation: SimulationResult, submitter: Submitter): Promise<SequencedTransaction> {
    return this.#sequencer.commit(simulation, { mspId: submitter.mspId, role: submitter.role ?? '' }).catch((error: unknown) => {
      throw toLedgerError(error, this.#closed);
    });
  }

  #events(from: EventCheckpoint | undefined, onClose?: (stream: EventStream) => void): EventStream {
    this.#assertOpen();
    const blockNumber = Number(from?.blockNumber ?? 0n);
    const after = from?.afterTxId === undefined ? undefined : this.#store.transaction(from.afterTxId);
    const txNum = after?.blockNumber === blockNumber ? after.txNum : -1;
    const stream: DevEventStream = new DevEventStream({
      read: (cursor, limit) => this.#store.eventsAfter(cursor.blockNumber, cursor.txNum, limit),
      signal: this.#sequencer.signal,
      start: { blockNumber, txNum },
      onClose: () => {
        this.#streams.delete(stream);
        onClose?.(stream);
      },
    });
    this.#streams.add(stream);
    return stream;
  }

  async #transaction(txId: string): Promise<TransactionProvenance> {
    const tx = this.#guard(() => this.#store.transaction(txId));
    if (!tx) throw new LedgerError('NOT_FOUND', `no transaction ${txId}`, { txId });
    return {
      txId,
      blockNumber: BigInt(tx.blockNumber),
      validationCode: tx.validationCode,
      creatorMspId: tx.creatorMspId,
      creatorRole: tx.creatorRole,
      endorsingOrgs: [tx.creatorMspId],
      timestamp: tx.timestamp,
    };
  }

  async #block(blockNumber: bigint): Promise<BlockProvenance> {
    const block = blockNumber < 0n || blockNumber > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : this.#guard(() => this.#store.block(Number(blockNumber)));
    if (!block) throw new LedgerError('NOT_FOUND', `no block ${blockNumber}`, { details: { blockNumber: blockNumber.toString() } });
    return {
      blockNumber,
      previousHash: block.previousHash,
      dataHash: block.dataHash,
      dataHashValid: block.dataHashValid,
      headerHash: block.headerHash,
      txIds: block.transactions.map((tx) => tx.txId),
    };
  }

  #ready(): LedgerReadiness {
    return this.#closed
      ? { ready: false, mode: 'embedded', detail: 'dev ledger is closed' }
      : { ready: true, mode: 'embedded', detail: DEV_LEDGER_DETAIL };
  }

  async #simulateRaw(proposal: Readonly<Proposal>): Promise<SimulationResult> {
    this.#assertOpen();
    const { submitter } = proposal;
    const txId = sha256Hex(Buffer.concat([randomBytes(24), Buffer.from(submitter.certificatePem)]));
    const timestamp = proposal.timestamp ?? this.#clock();
    let simulation: SimulationResult;
    try {
      simulation = await this.#simulator.simulate({
        txId,
        fn: proposal.fn,
        args: proposal.args,
        creator: { mspid: submitter.mspId, idBytes: Buffer.from(submitter.certificatePem) },
        timestamp: toLedgerTimestamp(timestamp),
        endorserTime: this.#endorserClock?.() ?? timestamp,
        ...(proposal.transient ? { transient: new Map(Object.entries(proposal.transient)) } : {}),
      });
    } catch (error) {
      throw toLedgerError(error, this.#closed);
    }
    // A store closed mid-simulation surfaces as an uncoded chaincode failure; report it as what it is.
    if (simulation.response.status >= 400 && this.#closed) throw toLedgerError(new Error(simulation.response.message), true);
    return simulation;
  }

  async #bootstrapDirectory(authorities: readonly Authority[]): Promise<void> {
    const admin = authorities.find((authority) => authority.kind === 'FEDERAL') ?? authorities[0];
    if (!admin) throw new LedgerError('LEDGER_INTERNAL', 'the dev ledger needs at least one authority');
    const request = { role: 'ADMIN' as const, transaction: 'directory:getDirectory', args: [] };
    try {
      await this.#evaluate(admin.mspId, request);
      return;
    } catch (error) {
      if (!(error instanceof LedgerError) || error.code !== 'DIRECTORY_ERROR') throw error;
    }
    await this.#submit(admin.mspId, { ...request, transaction: 'directory:bootstrap', args: [JSON.stringify({ authorities })] });
  }

  #submitter(mspId: string, role: Role): Submitter {
    this.#assertOpen();
    const identity = this.#identities.identity(mspId, role);
    return { mspId, certificatePem: identity.certificatePem, role };
  }

  #assertOpen(): void {
    if (this.#closed) throw new LedgerError('LEDGER_UNAVAILABLE', 'the dev ledger is closed');
  }

  #guard<T>(body: () => T): T {
    this.#assertOpen();
    try {
      return body();
    } catch (error) {
      throw toLedgerError(error, this.#closed);
    }
  }
}

export { IN_MEMORY_IDENTITIES };
