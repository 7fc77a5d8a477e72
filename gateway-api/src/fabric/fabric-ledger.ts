/**
 * The ledger port over a real Fabric network, through @hyperledger/fabric-gateway: one gRPC
 * connection to the org's own peer, one Gateway per role identity of the org.
 */
import type { Role } from '@asylum-ledger/domain';
import { connect, hash, signers, type Contract, type Gateway, type GrpcClient, type Network, type ProposalOptions } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import {
  LedgerError,
  type BlockProvenance,
  type EvaluateRequest,
  type EventCheckpoint,
  type EventStream,
  type LedgerPort,
  type LedgerReadiness,
  type NetworkHeight,
  type SubmitRequest,
  type SubmitResult,
  type TransactionProvenance,
} from '@asylum-ledger/domain';
import { decodeBlockProvenance } from './block-provenance';
import { DEFAULT_EVENT_RECONNECT, ReconnectingEventStream, type EventReconnectOptions } from './chaincode-event-stream';
import { awaitCommitStatus, type CommitStatusPolling } from './commit-status';
import { newInvalidTransactionError, toLedgerError } from './fabric-errors';
import type { RoleIdentity } from './role-identities';
import { resolveStageCallOptions, type StageCallOptions } from './stage-deadlines';
import { decodeTransactionProvenance } from './transaction-provenance';

/** Everything a {@link FabricLedger} is built from. */
export interface FabricLedgerOptions {
  /** The gRPC connection (TLS) to the org's own peer. The ledger owns it and closes it on close(). */
  readonly client: GrpcClient;
  /** One identity per role of the org, all of the same MSP. */
  readonly identities: readonly RoleIdentity[];
  /** Channel name; default `asylum`. */
  readonly channel?: string;
  /** The case chaincode's name; default `casestatus`. */
  readonly chaincode?: string;
  /** Per-stage deadline suppliers; stages left out get the defaults of stage-deadlines.ts. */
  readonly deadlines?: Readonly<Partial<StageCallOptions>>;
  /** How many commit-status waits before COMMIT_TIMEOUT; default 3. */
  readonly commitStatusAttempts?: number;
  /** Pause before another commit-status wait after the peer could not be reached; default 500 ms. */
  readonly commitStatusRetryDelayMs?: number;
  /** Backoff of event streams that reopen after an error; default 250 ms doubling to 10 s. */
  readonly eventReconnect?: Readonly<EventReconnectOptions>;
  /** The identity that reads events, qscc and readiness; default AUDITOR if the org has one, else the first. */
  readonly readerRole?: Role;
  /** The MSP IDs of every org with a peer on the channel, for {@link FabricLedger.networkHeight} (when omitted, no network height is known: it answers incomplete). */
  readonly peerOrgs?: readonly string[];
  /** Told how long each stage of a submit or evaluate took (for metrics); what it throws is ignored. */
  readonly onStage?: (timing: StageTiming) => void;
}

/** How long one stage of a transaction took, and whether it succeeded. */
export interface StageTiming {
  readonly stage: 'evaluate' | 'endorse' | 'submit' | 'commitStatus';
  readonly seconds: number;
  readonly ok: boolean;
}

const QSCC = 'qscc';

/** Fabric ledger adapter of the {@link LedgerPort}. Every method rejects with a {@link LedgerError}. */
export class FabricLedger implements LedgerPort {
  /** Always `fabric`. */
  readonly mode = 'fabric' as const;
  readonly #client: GrpcClient;
  readonly #networks: ReadonlyMap<Role, Network>;
  readonly #gateways: readonly Gateway[];
  readonly #mspId: string;
  readonly #channel: string;
  readonly #chaincode: string;
  readonly #deadlines: StageCallOptions;
  readonly #polling: CommitStatusPolling;
  readonly #reconnect: EventReconnectOptions;
  readonly #reader: Network;
  readonly #streams = new Set<ReconnectingEventStream>();
  readonly #onStage: ((timing: StageTiming) => void) | undefined;
  readonly #peerOrgs: readonly string[] | undefined;
  #closed = false;

  /**
   * Connects a Gateway per identity (no I/O: gRPC connects on first use).
   * @param options connection, identities, names, deadlines.
   * @throws {Error} when there is no identity, identities of several MSPs, or the reader role is not among them.
   */
  constructor(options: Readonly<FabricLedgerOptions>) {
    const [first] = options.identities;
    if (!first) throw new Error('a FabricLedger needs at least one role identity');
    if (options.identities.some((identity) => identity.mspId !== first.mspId)) {
      throw new Error('every identity of a FabricLedger must belong to the same MSP');
    }
    this.#client = options.client;
    this.#mspId = first.mspId;
    this.#channel = options.channel ?? 'asylum';
    this.#chaincode = options.chaincode ?? 'casestatus';
    this.#deadlines = resolveStageCallOptions(options.deadlines);
    this.#polling = {
      callOptions: this.#deadlines.commitStatus,
      attempts: options.commitStatusAttempts ?? 3,
      retryDelayMs: options.commitStatusRetryDelayMs ?? 500,
    };
    this.#reconnect = options.eventReconnect ?? DEFAULT_EVENT_RECONNECT;
    this.#onStage = options.onStage;
    this.#peerOrgs = options.peerOrgs;
    const gateways = options.identities.map((identity) => [identity.role, this.#connect(identity)] as const);
    this.#gateways = gateways.map(([, gateway]) => gateway);
    this.#networks = new Map(gateways.map(([role, gateway]) => [role, gateway.getNetwork(this.#channel)]));
    const readerRole = options.readerRole ?? (this.#networks.has('AUDITOR') ? 'AUDITOR' : first.role);
    const reader = this.#networks.get(readerRole);
    if (!reader) throw new Error(`no ${readerRole} identity for reading the ledger`);
    this.#reader = reader;
  }

  /** The MSP ID of the org this ledger signs for. */
  get mspId(): string {
    return this.#mspId;
  }

  /** The roles this ledger can sign as. */
  get roles(): readonly Role[] {
    return [...this.#networks.keys()];
  }

  /**
   * Endorses, orders and commits a transaction signed with the role's identity; returns once the
   * org's peer has committed it. Never re-submits.
   * @throws {@link LedgerError} the chaincode's code (e.g. `INVALID_TRANSITION`) when the org's own peer
   * refused; `ENDORSERS_DISAGREE` when only other orgs' peers refused; `FORBIDDEN_ROLE` when
   * the org has no identity for the role; `LEDGER_UNAVAILABLE`; `COMMIT_TIMEOUT` (with txId);
   * `MVCC_READ_CONFLICT`, `ENDORSEMENT_POLICY_FAILURE`, `TRANSACTION_INVALID` (with txId); `LEDGER_INTERNAL`.
   */
  async submit(request: SubmitRequest): Promise<SubmitResult> {
    const contract = this.#contract(request.role);
    try {
      const proposal = contract.newProposal(request.transaction, proposalOptions(request));
      const transaction = await this.#timed('endorse', () => proposal.endorse());
      const submitted = await this.#timed('submit', () => transaction.submit());
      const status = await this.#timed('commitStatus', () => awaitCommitStatus(submitted, this.#polling));
      if (!status.successful) throw newInvalidTransactionError(status.code, status.transactionId, status.blockNumber);
      return { txId: status.transactionId, blockNumber: status.blockNumber, payload: submitted.getResult() };
    } catch (error) {
      throw toLedgerError(error, { ownMspId: this.#mspId });
    }
  }

  /**
   * Evaluates a query on the org's own peer, or on a peer of the org named `at` (that org is the
   * only target, so no other org's peer answers in its place), signed with the role's identity.
   * @throws {@link LedgerError} the chaincode's code (from the targeted peer); `FORBIDDEN_ROLE`; `LEDGER_UNAVAILABLE`; `LEDGER_INTERNAL`.
   */
  async evaluate(request: EvaluateRequest): Promise<Uint8Array> {
    const contract = this.#contract(request.role);
    const target = request.at ?? this.#mspId;
    try {
      const options = { arguments: [...request.args], endorsingOrganizations: [target] };
      return await this.#timed('evaluate', () => contract.evaluate(request.transaction, options));
    } catch (error) {
      throw toLedgerError(error, { ownMspId: target });
    }
  }

  /**
   * Chaincode events of the case chaincode from a checkpoint (block 0 when omitted). The stream
   * reopens itself after errors from the last event it delivered, until closed.
   */
  events(from: EventCheckpoint = { blockNumber: 0n }): EventStream {
    const stream = new ReconnectingEventStream(
      (checkpoint) => this.#reader.getChaincodeEvents(this.#chaincode, { checkpoint }),
      from,
      this.#reconnect,
      () => this.#streams.delete(stream),
    );
    if (this.#closed) stream.close();
    else this.#streams.add(stream);
    return stream;
  }

  /**
   * Provenance of a transaction, from qscc on the org's own peer.
   * @throws {@link LedgerError} `NOT_FOUND`; `LEDGER_UNAVAILABLE`; `LEDGER_INTERNAL`.
   */
  async transaction(txId: string): Promise<TransactionProvenance> {
    if (!/^[0-9a-f]{64}$/.test(txId)) throw new LedgerError('NOT_FOUND', `no transaction ${txId}`, { txId });
    const [processed, block] = await Promise.all([
      this.#query('GetTransactionByID', txId).catch((error: unknown) => this.#notFoundOr(error, `no transaction ${txId}`)),
      this.#query('GetBlockByTxID', txId).catch((error: unknown) => this.#notFoundOr(error, `no transaction ${txId}`)),
    ]);
    return decoded(() => decodeTransactionProvenance(processed, BigInt(blockHeaderOf(block).getNumber())));
  }

  /**
   * The hash-chain facts of a block, with its data hash and header hash recomputed.
   * @throws {@link LedgerError} `NOT_FOUND` beyond the chain's height; `LEDGER_UNAVAILABLE`; `LEDGER_INTERNAL`.
   */
  async block(blockNumber: bigint): Promise<BlockProvenance> {
    if (blockNumber < 0n) throw new LedgerError('NOT_FOUND', `no block ${blockNumber}`);
    let bytes: Uint8Array;
    try {
      bytes = await this.#query('GetBlockByNumber', blockNumber.toString());
    } catch (error) {
      // qscc says "not found" only in prose: ask for the height instead
      if (blockNumber >= (await this.blockHeight())) throw new LedgerError('NOT_FOUND', `no block ${blockNumber}`, { cause: error });
      throw toLedgerError(error, { stage: 'query', ownMspId: this.#mspId });
    }
    return decoded(() => decodeBlockProvenance(bytes));
  }

  /**
   * A block as another org's peer reports it (qscc on that peer, asked with this org's reader
   * identity), for auditors comparing the peers' chains. Never used as the ledger's answer.
   * @throws {@link LedgerError} `NOT_FOUND`; `LEDGER_UNAVAILABLE`; `LEDGER_INTERNAL`.
   */
  async blockOnPeerOf(mspId: string, blockNumber: bigint): Promise<BlockProvenance> {
    if (this.#closed) throw new LedgerError('LEDGER_UNAVAILABLE', 'the Fabric ledger adapter is closed');
    let bytes: Uint8Array;
    try {
      bytes = await this.#reader.getContract(QSCC).evaluate('GetBlockByNumber', {
        arguments: [this.#channel, blockNumber.toString()],
        endorsingOrganizations: [mspId],
      });
    } catch (error) {
      throw toLedgerError(error, { stage: 'query', ownMspId: this.#mspId });
    }
    return decoded(() => decodeBlockProvenance(bytes));
  }

  /**
   * The number of blocks on the channel, as the org's peer sees it.
   * @throws {@link LedgerError} `LEDGER_UNAVAILABLE`; `LEDGER_INTERNAL`.
   */
  async blockHeight(): Promise<bigint> {
    const bytes = await this.#query('GetChainInfo').catch((error: unknown) => {
      throw toLedgerError(error, { stage: 'query', ownMspId: this.#mspId });
    });
    return decoded(() => BigInt(common.BlockchainInfo.deserializeBinary(bytes).getHeight()));
  }

  /**
   * The highest height the peers of every org on the channel report (qscc GetChainInfo on each, asked
   * with this org's reader identity), and whether each answered. Never rejects: a peer that does not
   * answer only makes the answer incomplete.
   */
  async networkHeight(): Promise<NetworkHeight> {
    const peerOrgs = this.#peerOrgs;
    // without the channel's orgs nothing can be known: no peer is asked
    if (peerOrgs === undefined) return { height: 0n, everyPeerAnswered: false };
    const heights = await Promise.all(
      peerOrgs.map(async (mspId) => {
        try {
          const bytes = await this.#reader.getContract(QSCC).evaluate('GetChainInfo', { arguments: [this.#channel], endorsingOrganizations: [mspId] });
          return BigInt(common.BlockchainInfo.deserializeBinary(bytes).getHeight());
        } catch {
          return undefined;
        }
      }),
    );
    const answered = heights.filter((height): height is bigint => height !== undefined);
    return { height: answered.reduce((max, height) => (height > max ? height : max), 0n), everyPeerAnswered: answered.length === heights.length };
  }

  /** Whether the peer is reachable and the chaincode answers `directory:getDirectory` (short deadline). Never rejects. */
  async ready(): Promise<LedgerReadiness> {
    const peer = this.#client.getChannel().getTarget().replace(/^dns:/, '');
    try {
      await waitForReady(this.#client, this.#deadlines.ready());
      const proposal = this.#reader.getContract(this.#chaincode).newProposal('directory:getDirectory', { endorsingOrganizations: [this.#mspId] });
      await proposal.evaluate(this.#deadlines.ready());
      return { ready: true, mode: this.mode, detail: `${this.#mspId} peer ${peer}: chaincode ${this.#chaincode} answers on ${this.#channel}` };
    } catch (error) {
      const failure = toLedgerError(error, { ownMspId: this.#mspId });
      return { ready: false, mode: this.mode, detail: `${this.#mspId} peer ${peer}: ${failure.code}: ${failure.message}` };
    }
  }

  /** Closes the event streams, the gateways and the gRPC connection. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const stream of [...this.#streams]) stream.close();
    for (const gateway of this.#gateways) gateway.close();
    this.#client.close();
  }

  #connect(identity: RoleIdentity): Gateway {
    return connect({
      client: this.#client,
      identity: { mspId: identity.mspId, credentials: identity.certificate },
      signer: signers.newPrivateKeySigner(identity.privateKey),
      hash: hash.sha256,
      evaluateOptions: this.#deadlines.evaluate,
      endorseOptions: this.#deadlines.endorse,
      submitOptions: this.#deadlines.submit,
      commitStatusOptions: this.#deadlines.commitStatus,
    });
  }

  async #timed<T>(stage: StageTiming['stage'], run: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    let ok = false;
    try {
      const result = await run();
      ok = true;
      return result;
    } finally {
      try {
        this.#onStage?.({ stage, seconds: Number(process.hrtime.bigint() - started) / 1e9, ok });
      } catch {
        // a metrics hook must never change a transaction's outcome
      }
    }
  }

  #contract(role: Role): Contract {
    if (this.#closed) throw new LedgerError('LEDGER_UNAVAILABLE', 'the Fabric ledger adapter is closed');
    const network = this.#networks.get(role);
    if (!network) {
      throw new LedgerError('FORBIDDEN_ROLE', `${this.#mspId} has no Fabric identity for role ${role}`, {
        details: { role, mspId: this.#mspId },
      });
    }
    return network.getContract(this.#chaincode);
  }

  async #query(fn: string, ...args: string[]): Promise<Uint8Array> {
    if (this.#closed) throw new LedgerError('LEDGER_UNAVAILABLE', 'the Fabric ledger adapter is closed');
    // qscc answers from the peer it runs on: only the own org's peer may answer
    return this.#reader.getContract(QSCC).evaluate(fn, { arguments: [this.#channel, ...args], endorsingOrganizations: [this.#mspId] });
  }

  /**
   * Translates a failed qscc lookup of a transaction. qscc answers every failure with status 500
   * and prose, so its text is not read: when the same peer still answers GetChainInfo, the channel
   * and the reader's access are fine and it is this transaction id that it cannot find.
   */
  async #notFoundOr(error: unknown, message: string): Promise<never> {
    const failure = toLedgerError(error, { stage: 'query', ownMspId: this.#mspId });
    if (failure.code !== 'LEDGER_INTERNAL') throw failure;
    await this.blockHeight();
    throw new LedgerError('NOT_FOUND', message, { cause: error });
  }
}

function proposalOptions(request: SubmitRequest): ProposalOptions {
  return {
    arguments: [...request.args],
    ...(request.transient ? { transientData: { ...request.transient } } : {}),
    ...(request.endorsingOrgs ? { endorsingOrganizations: [...request.endorsingOrgs] } : {}),
  };
}

function blockHeaderOf(blockBytes: Uint8Array): common.BlockHeader {
  const header = common.Block.deserializeBinary(blockBytes).getHeader();
  if (!header) throw new Error('block has no header');
  return header;
}

/** Runs a decoder; bytes the peer sent that do not decode are the ledger's fault, not the caller's. */
function decoded<T>(decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    throw new LedgerError('LEDGER_INTERNAL', `undecodable answer from the peer: ${describe(error)}`, { cause: error });
  }
}

function describe(error: unknown): string {
  const details = (error as { details?: readonly { message?: unknown }[] } | undefined)?.details ?? [];
  return [error instanceof Error ? error.message : String(error), ...details.map((detail) => String(detail.message))].join('; ');
}

function waitForReady(client: GrpcClient, options: { deadline?: unknown }): Promise<void> {
  const deadline = options.deadline instanceof Date || typeof options.deadline === 'number' ? options.deadline : Date.now() + 2_000;
  return new Promise((resolve, reject) => {
    client.waitForReady(deadline, (error) => {
      if (error) reject(new LedgerError('LEDGER_UNAVAILABLE', `peer not reachable: ${error.message}`, { cause: error }));
      else resolve();
    });
  });
}
