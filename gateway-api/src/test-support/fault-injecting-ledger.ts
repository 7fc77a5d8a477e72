/**
 * A LedgerPort that forwards every call to another port (in route tests: the dev ledger in memory)
 * and injects, one call at a time, what a real network does to a gateway: a coded refusal or an
 * outage instead of a submit or an evaluate; a transaction that commits but whose answer is lost; a
 * commit status that does not arrive (COMMIT_TIMEOUT with a txId, whether the transaction commits or
 * not); a peer that answers a query differently; an own peer that lags behind; submits held until
 * released. It records every submit, evaluate and height read. Injecting nothing, it is the port it
 * wraps, and passes the ledger-port contract suite as such (test/ledger-port/).
 *
 * The state machine stays the chaincode's: nothing here decides what a transition does.
 */
import { randomBytes } from 'node:crypto';
import {
  LedgerError,
  type BlockProvenance,
  type EvaluateRequest,
  type EventCheckpoint,
  type EventStream,
  type LedgerMode,
  type LedgerPort,
  type LedgerReadiness,
  type NetworkHeight,
  type SubmitRequest,
  type SubmitResult,
  type TransactionProvenance,
} from '@asylum-ledger/domain';

/** One injected submit: what happens instead of (or around) forwarding it. */
type SubmitFault = (forward: () => Promise<SubmitResult>) => Promise<SubmitResult>;

/** One injected evaluate, for the requests it matches. */
interface EvaluateFault {
  readonly matches: (request: EvaluateRequest) => boolean;
  readonly run: (forward: () => Promise<Uint8Array>) => Promise<Uint8Array>;
}

const always = (): boolean => true;

function repeat<T>(fault: T, times: number): T[] {
  return Array.from({ length: times }, () => fault);
}

/** Options of {@link FaultInjectingLedger}. */
export interface FaultInjectingLedgerOptions {
  /** The mode it reports (and its readiness names); the wrapped port's when omitted. */
  readonly mode?: LedgerMode;
}

/** The wrapper. Its arrays are the calls it saw, for tests to inspect. */
export class FaultInjectingLedger implements LedgerPort {
  readonly mode: LedgerMode;
  /** Every submit, in order, including those an injected fault answered. */
  readonly submits: SubmitRequest[] = [];
  /** Every evaluate, in order, including those an injected fault answered. */
  readonly evaluates: EvaluateRequest[] = [];
  /** How often blockHeight() was asked. */
  heightReads = 0;
  readonly #inner: LedgerPort;
  readonly #submitFaults: SubmitFault[] = [];
  readonly #evaluateFaults: EvaluateFault[] = [];
  readonly #heights: bigint[] = [];
  #gate: Promise<void> = Promise.resolve();
  #readiness: LedgerReadiness | undefined;

  /**
   * @param inner the port every call goes to unless a fault answers it.
   * @param options the mode to report.
   */
  constructor(inner: LedgerPort, options: Readonly<FaultInjectingLedgerOptions> = {}) {
    this.#inner = inner;
    this.mode = options.mode ?? inner.mode;
  }

  /**
   * The next submits fail with `error` and reach nothing (an outage, a conflict, a refusal by a
   * peer, ENDORSERS_DISAGREE, ...). Faults apply in the order they were injected.
   * @param error the failure (a LedgerError, or anything else for an adapter bug).
   * @param times how many submits in a row.
   */
  failSubmits(error: Error, times = 1): this {
    this.#submitFaults.push(...repeat<SubmitFault>(() => Promise.reject(error), times));
    return this;
  }

  /**
   * The next submits commit on the wrapped ledger, but the caller gets `error` instead of the
   * result (the connection broke after the transaction was sent).
   * @param error the failure the caller sees.
   * @param times how many submits in a row.
   */
  loseSubmitAnswers(error: Error, times = 1): this {
    const lost: SubmitFault = async (forward) => {
      await forward();
      throw error;
    };
    this.#submitFaults.push(...repeat(lost, times));
    return this;
  }

  /**
   * The next submit's commit status does not arrive: the caller gets COMMIT_TIMEOUT with a txId.
   * @param outcome whether the transaction commits on the wrapped ledger anyway (then the txId is
   * its own), or never reaches it (then no ledger knows the txId).
   */
  timeOutSubmit(outcome: Readonly<{ commits: boolean }>): this {
    this.#submitFaults.push(async (forward) => {
      const txId = outcome.commits ? (await forward()).txId : randomBytes(32).toString('hex');
      throw new LedgerError('COMMIT_TIMEOUT', 'the commit status did not arrive in time (injected)', { txId });
    });
    return this;
  }

  /**
   * Holds every submit (after recording it) until the returned function is called.
   * @returns the release.
   */
  holdSubmits(): () => void {
    let release: () => void = () => undefined;
    this.#gate = new Promise((resolve) => {
      release = resolve;
    });
    return release;
  }

  /**
   * The next evaluates, of any transaction, fail with `error` and reach nothing.
   * @param error the failure (a LedgerError, or anything else for an adapter bug).
   * @param times how many evaluates in a row.
   */
  failEvaluates(error: Error, times = 1): this {
    this.#evaluateFaults.push(...repeat<EvaluateFault>({ matches: always, run: () => Promise.reject(error) }, times));
    return this;
  }

  /**
   * The next evaluates of one transaction answer what `rewrite` makes of the wrapped ledger's JSON
   * answer (a peer that lies, or one with a newer chaincode that adds fields).
   * @param transaction e.g. `case:getRequest`.
   * @param rewrite the answer as parsed JSON to the answer to give.
   * @param times how many such evaluates.
   */
  rewriteEvaluates(transaction: string, rewrite: (answer: unknown) => unknown, times = 1): this {
    const fault: EvaluateFault = {
      matches: (request) => request.transaction === transaction,
      run: async (forward) => {
        const answer: unknown = JSON.parse(Buffer.from(await forward()).toString('utf8'));
        return Buffer.from(JSON.stringify(rewrite(answer)), 'utf8');
      },
    };
    this.#evaluateFaults.push(...repeat(fault, times));
    return this;
  }

  /**
   * The next blockHeight() calls answer these heights, one each (an own peer that lags behind);
   * later calls answer the wrapped ledger's height.
   * @param heights the heights to answer.
   */
  answerHeights(...heights: bigint[]): this {
    this.#heights.push(...heights);
    return this;
  }

  /**
   * What ready() answers from now on (undefined: the wrapped ledger's readiness again).
   * @param readiness the readiness to report.
   */
  reportReadiness(readiness: LedgerReadiness | undefined): this {
    this.#readiness = readiness;
    return this;
  }

  /** Forgets the recorded calls (after a test's setup). */
  forgetCalls(): void {
    this.submits.length = 0;
    this.evaluates.length = 0;
    this.heightReads = 0;
  }

  /** Injected faults not used yet (submits, evaluates, heights). */
  get pendingFaults(): number {
    return this.#submitFaults.length + this.#evaluateFaults.length + this.#heights.length;
  }

  async submit(request: SubmitRequest): Promise<SubmitResult> {
    this.submits.push(request);
    await this.#gate;
    const forward = (): Promise<SubmitResult> => this.#inner.submit(request);
    const fault = this.#submitFaults.shift();
    return fault ? fault(forward) : forward();
  }

  async evaluate(request: EvaluateRequest): Promise<Uint8Array> {
    this.evaluates.push(request);
    const forward = (): Promise<Uint8Array> => this.#inner.evaluate(request);
    const index = this.#evaluateFaults.findIndex((fault) => fault.matches(request));
    const [fault] = index < 0 ? [] : this.#evaluateFaults.splice(index, 1);
    return fault ? fault.run(forward) : forward();
  }

  /**
   * As when the other orgs' peers do not answer (the default: an own peer that lags may be behind
   * blocks they hold), or, after {@link answerNetworkHeight}, the inner ledger's height with every
   * peer answering.
   */
  async networkHeight(): Promise<NetworkHeight> {
    const inner = await this.#inner.networkHeight();
    return this.#networkAnswers ? inner : { height: inner.height, everyPeerAnswered: false };
  }

  /** From now on every peer of the channel answers {@link networkHeight} with the inner ledger's height. */
  answerNetworkHeight(): void {
    this.#networkAnswers = true;
  }

  #networkAnswers = false;

  async blockHeight(): Promise<bigint> {
    this.heightReads += 1;
    return this.#heights.shift() ?? this.#inner.blockHeight();
  }

  async ready(): Promise<LedgerReadiness> {
    return this.#readiness ?? { ...(await this.#inner.ready()), mode: this.mode };
  }

  events(from?: EventCheckpoint): EventStream {
    return this.#inner.events(from);
  }

  transaction(txId: string): Promise<TransactionProvenance> {
    return this.#inner.transaction(txId);
  }

  block(blockNumber: bigint): Promise<BlockProvenance> {
    return this.#inner.block(blockNumber);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
