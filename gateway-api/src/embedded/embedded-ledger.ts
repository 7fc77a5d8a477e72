/**
 * The embedded dev ledger: one shared object per process that runs the chaincode package through
 * fabric-contract-api's own dispatch on the simulator's stub, over a durable SQLite store, with a
 * single sequencer that cuts one hash-chained block per transaction. Each authority's gateway gets
 * a {@link LedgerPort} view with `forOrg(mspId)`, signing with that org's role identities.
 *
 * One transaction per block: the simulator's MVCC check compares read versions with committed
 * state only, so batching would need intra-block conflict checks it does not have, and a dev ledger
 * gains nothing from batching but latency.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Authority, Role } from '@asylum-ledger/chaincode/dist/domain';
import {
  loadContractChaincode,
  toLedgerTimestamp,
  TransactionSimulator,
  type ChaincodeInvoker,
  type SimulationResult,
} from '@asylum-ledger/chaincode/dist/simulator';
import type {
  BlockProvenance,
  EvaluateRequest,
  EventCheckpoint,
  EventStream,
  LedgerPort,
  LedgerReadiness,
  SubmitRequest,
  SubmitResult,
  TransactionProvenance,
} from '../ports/ledger-port';
import { LedgerError } from '../ports/ledger-port';
import { sha256Hex } from './block-chain';
import { BlockSequencer } from './block-sequencer';
import { DEFAULT_IDENTITY_DIR, loadDevIdentities, type DevIdentityStore, type EmbeddedIdentity } from './dev-identity-store';
import { EMBEDDED_LEDGER_DETAIL } from './embedded-banner';
import { toChaincodeFailure, toInvalidation, toLedgerError } from './embedded-errors';
import { EmbeddedEventStream } from './embedded-event-stream';
import { EmbeddedLedgerPort } from './embedded-ledger-port';
import { SqliteLedgerStore } from './sqlite-ledger-store';

/** The default SQLite file (under the ignored `.run/`). */
export const DEFAULT_LEDGER_PATH = '.run/embedded/ledger.sqlite';

/** The authority directory the embedded ledger bootstraps on first start. */
export const DEFAULT_EMBEDDED_AUTHORITIES: readonly Authority[] = [
  { mspId: 'BAMFMSP', kind: 'FEDERAL', landCode: 'DE', active: true },
  { mspId: 'LDSMSP', kind: 'LAND', landCode: 'DE-SN', active: true },
  { mspId: 'ABHMSP', kind: 'ABH', landCode: 'DE-SN', active: true },
];

/** Options of {@link EmbeddedLedger.open}. */
export interface EmbeddedLedgerOptions {
  /** SQLite file; {@link DEFAULT_LEDGER_PATH} when omitted, `:memory:` for a throwaway ledger. */
  readonly databasePath?: string;
  /** Identity folder; {@link DEFAULT_IDENTITY_DIR} when omitted. */
  readonly identityDir?: string;
  /** Authorities to bootstrap the directory with (and to hold identities for). */
  readonly authorities?: readonly Authority[];
  /** The chaincode; the `@asylum-ledger/chaincode` package loaded as fabric-chaincode-node does when omitted. */
  readonly chaincode?: ChaincodeInvoker;
  /** Channel name the chaincode sees; `asylum` when omitted. */
  readonly channelId?: string;
  /** Source of transaction timestamps; the system clock when omitted. */
  readonly clock?: () => Date;
  /** SQLite durability; FULL when omitted. */
  readonly synchronous?: 'FULL' | 'NORMAL';
}

/** The shared embedded ledger of one process. */
export class EmbeddedLedger {
  readonly #store: SqliteLedgerStore;
  readonly #identities: DevIdentityStore;
  readonly #simulator: TransactionSimulator;
  readonly #sequencer: BlockSequencer;
  readonly #streams = new Set<EventStream>();
  readonly #clock: () => Date;
  #closed = false;

  private constructor(store: SqliteLedgerStore, identities: DevIdentityStore, chaincode: ChaincodeInvoker, options: Readonly<EmbeddedLedgerOptions>) {
    this.#store = store;
    this.#identities = identities;
    this.#clock = options.clock ?? ((): Date => new Date());
    this.#sequencer = new BlockSequencer(store);
    this.#simulator = new TransactionSimulator({ store, chaincode, channelId: options.channelId ?? 'asylum' });
  }

  /**
   * Opens the store and identities, loads the chaincode and bootstraps the directory once.
   *
   * @param options - Paths, authorities, chaincode, channel, clock and durability.
   * @returns The open ledger.
   * @throws {@link LedgerError} `LEDGER_INTERNAL` when the store is newer than this code or the
   * bootstrap fails.
   */
  static async open(options: Readonly<EmbeddedLedgerOptions> = {}): Promise<EmbeddedLedger> {
    const databasePath = options.databasePath ?? DEFAULT_LEDGER_PATH;
    if (databasePath !== ':memory:') mkdirSync(dirname(databasePath), { recursive: true, mode: 0o700 });
    const authorities = options.authorities ?? DEFAULT_EMBEDDED_AUTHORITIES;
    const identities = await loadDevIdentities({
      dir: options.identityDir ?? DEFAULT_IDENTITY_DIR,
      mspIds: authorities.map((authority) => authority.mspId),
    });
    const chaincode = options.chaincode ?? (await loadContractChaincode(dirname(require.resolve('@asylum-ledger/chaincode/package.json'))));
    const store = new SqliteLedgerStore({ path: databasePath, ...(options.synchronous ? { synchronous: options.synchronous } : {}) });
    const ledger = new EmbeddedLedger(store, identities, chaincode, options);
    try {
      await ledger.#bootstrapDirectory(authorities);
    } catch (error) {
      await ledger.close();
      throw error;
    }
    return ledger;
  }

  /** The store, for audits and tests (verifyChain, raw blocks). */
  get store(): SqliteLedgerStore {
    return this.#store;
  }

  /**
   * The port of one authority's gateway: submits and evaluates with that org's role identities.
   *
   * @param mspId - The gateway's org.
   * @returns A view sharing this ledger.
   * @throws {@link LedgerError} `NOT_FOUND` when the org has no identities here.
   */
  forOrg(mspId: string): LedgerPort {
    if (!this.#identities.mspIds.includes(mspId)) {
      throw new LedgerError('NOT_FOUND', `the embedded ledger has no identities for ${mspId}`, { details: { mspId } });
    }
    return new EmbeddedLedgerPort(this, mspId);
  }

  /**
   * Endorses (simulates) and, when the chaincode succeeded, orders and commits a transaction.
   *
   * @param mspId - The submitting org.
   * @param request - Role, transaction, arguments and transient data; `endorsingOrgs` is ignored.
   * @returns Transaction id, block number and the chaincode's payload.
   * @throws {@link LedgerError} with the chaincode's code (nothing ordered), `MVCC_READ_CONFLICT`,
   * `TRANSACTION_INVALID`, `NOT_FOUND` (no identity for the role), `LEDGER_UNAVAILABLE`.
   */
  async submit(mspId: string, request: Readonly<SubmitRequest>): Promise<SubmitResult> {
    const identity = this.#identity(mspId, request.role);
    const simulation = await this.#simulate(identity, request.transaction, request.args, request.transient);
    // A commit queued before close() still completes: close() drains the sequencer first.
    const outcome = await this.#sequencer.commit(simulation, identity).catch((error: unknown) => {
      throw toLedgerError(error, this.#closed);
    });
    if (outcome.validationCode !== 'VALID') throw toInvalidation(outcome.validationCode, simulation.txId, outcome.blockNumber);
    return { txId: simulation.txId, blockNumber: BigInt(outcome.blockNumber), payload: new Uint8Array(simulation.response.payload) };
  }

  /**
   * Simulates a query against committed state; nothing is ordered.
   *
   * @param mspId - The querying org.
   * @param request - Role, transaction and arguments.
   * @returns The chaincode's payload.
   * @throws {@link LedgerError} with the chaincode's code, `NOT_FOUND`, `LEDGER_UNAVAILABLE`.
   */
  async evaluate(mspId: string, request: Readonly<EvaluateRequest>): Promise<Uint8Array> {
    const simulation = await this.#simulate(this.#identity(mspId, request.role), request.transaction, request.args);
    return new Uint8Array(simulation.response.payload);
  }

  /**
   * Chaincode events from a checkpoint: replayed from the store, then live.
   *
   * @param from - Block and optional transaction to resume after; block 0 when omitted.
   * @param onClose - Called when the stream closes.
   * @returns The stream; `close()` ends it.
   */
  events(from: EventCheckpoint | undefined, onClose?: (stream: EventStream) => void): EventStream {
    this.#assertOpen();
    const blockNumber = Number(from?.blockNumber ?? 0n);
    const after = from?.afterTxId === undefined ? undefined : this.#store.transaction(from.afterTxId);
    const txNum = after?.blockNumber === blockNumber ? after.txNum : -1;
    const stream: EmbeddedEventStream = new EmbeddedEventStream({
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

  /**
   * Provenance of a transaction (valid or invalidated).
   *
   * @param txId - The transaction id.
   * @returns Block, validation code, creator and timestamp; the only endorser is the creator's org.
   * @throws {@link LedgerError} `NOT_FOUND`, `LEDGER_UNAVAILABLE`.
   */
  async transaction(txId: string): Promise<TransactionProvenance> {
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

  /**
   * Hash-chain facts of a block, with its data hash recomputed from the stored rows.
   *
   * @param blockNumber - The block number.
   * @returns The block's provenance.
   * @throws {@link LedgerError} `NOT_FOUND`, `LEDGER_UNAVAILABLE`.
   */
  async block(blockNumber: bigint): Promise<BlockProvenance> {
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

  /**
   * The number of committed blocks.
   *
   * @throws {@link LedgerError} `LEDGER_UNAVAILABLE` when closed.
   */
  async blockHeight(): Promise<bigint> {
    return BigInt(this.#guard(() => this.#store.blockHeight()));
  }

  /** Readiness: ready until closed, always mode `embedded`. */
  async ready(): Promise<LedgerReadiness> {
    return this.#closed
      ? { ready: false, mode: 'embedded', detail: 'embedded dev ledger is closed' }
      : { ready: true, mode: 'embedded', detail: EMBEDDED_LEDGER_DETAIL };
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

  async #simulate(
    identity: EmbeddedIdentity,
    transaction: string,
    args: readonly string[],
    transient?: Readonly<Record<string, Uint8Array>>,
  ): Promise<SimulationResult> {
    this.#assertOpen();
    const txId = sha256Hex(Buffer.concat([randomBytes(24), Buffer.from(identity.certificatePem)]));
    let simulation: SimulationResult;
    try {
      simulation = await this.#simulator.simulate({
        txId,
        fn: transaction,
        args,
        creator: { mspid: identity.mspId, idBytes: Buffer.from(identity.certificatePem) },
        timestamp: toLedgerTimestamp(this.#clock()),
        ...(transient ? { transient: new Map(Object.entries(transient)) } : {}),
      });
    } catch (error) {
      throw toLedgerError(error, this.#closed);
    }
    // A store closed mid-simulation surfaces as an uncoded chaincode failure; report it as what it is.
    if (simulation.response.status >= 400 && this.#closed) throw toLedgerError(new Error(simulation.response.message), true);
    if (simulation.response.status >= 400) throw toChaincodeFailure(simulation.response.message, txId);
    return simulation;
  }

  async #bootstrapDirectory(authorities: readonly Authority[]): Promise<void> {
    const admin = authorities.find((authority) => authority.kind === 'FEDERAL') ?? authorities[0];
    if (!admin) throw new LedgerError('LEDGER_INTERNAL', 'the embedded ledger needs at least one authority');
    const request = { role: 'ADMIN' as const, transaction: 'directory:getDirectory', args: [] };
    try {
      await this.evaluate(admin.mspId, request);
      return;
    } catch (error) {
      if (!(error instanceof LedgerError) || error.code !== 'DIRECTORY_ERROR') throw error;
    }
    await this.submit(admin.mspId, { ...request, transaction: 'directory:bootstrap', args: [JSON.stringify({ authorities })] });
  }

  #identity(mspId: string, role: Role): EmbeddedIdentity {
    this.#assertOpen();
    return this.#identities.identity(mspId, role);
  }

  #assertOpen(): void {
    if (this.#closed) throw new LedgerError('LEDGER_UNAVAILABLE', 'the embedded ledger is closed');
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
