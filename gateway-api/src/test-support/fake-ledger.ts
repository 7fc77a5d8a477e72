/**
 * A hand-written fake of the LedgerPort for unit and route tests (the real adapters are tested
 * against the real network or the embedded ledger). It keeps cases in memory with just enough of
 * the chaincode's behaviour (request-id de-duplication, seq, history, pages), records every call,
 * and lets a test queue failures for the next calls.
 */
import { randomBytes } from 'node:crypto';
import { TRANSITIONS, type CaseRecord, type TransitionType } from '@asylum-ledger/domain';
import {
  LedgerError,
  type BlockProvenance,
  type EvaluateRequest,
  type EventStream,
  type LedgerMode,
  type LedgerPort,
  type LedgerReadiness,
  type SubmitRequest,
  type SubmitResult,
  type TransactionProvenance,
} from '@asylum-ledger/domain';

interface FakeTx {
  readonly txId: string;
  readonly blockNumber: bigint;
  readonly caseRef: string;
  readonly type: string;
  readonly seq: number;
  readonly state: string;
  readonly role: string;
  readonly validationCode: string;
}

type Failure = LedgerError | ((request: SubmitRequest) => LedgerError | undefined);

const encode = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value), 'utf8');

function newCase(caseRef: string, input: Record<string, unknown>, mspId: string, role: string, txId: string): CaseRecord {
  return {
    caseRef,
    procedureKind: input.procedureKind as CaseRecord['procedureKind'],
    state: 'REGISTERED',
    seq: 1,
    outcomeClass: null,
    landCode: null,
    responsible: mspId,
    placement: 'NONE',
    holds: [],
    dublin: 'NONE',
    hearing: 'NONE',
    departureMode: null,
    effectiveOn: (input.effectiveOn as string | undefined) ?? null,
    servedOn: null,
    dueBy: null,
    retainUntil: null,
    docRef: null,
    correctsTxId: null,
    reasonCode: null,
    participants: [mspId],
    erasureAttestations: [],
    lastTxId: txId,
    lastTransaction: 'registerCase',
    lastInput: null,
    updatedByMsp: mspId,
    updatedByRole: role as CaseRecord['updatedByRole'],
  };
}

/** The fake ledger. Public fields are for tests to inspect and steer. */
export class FakeLedger implements LedgerPort {
  readonly mode: LedgerMode;
  readonly cases = new Map<string, CaseRecord>();
  readonly transactions = new Map<string, FakeTx>();
  readonly requests = new Map<string, string>();
  readonly submits: SubmitRequest[] = [];
  readonly evaluates: EvaluateRequest[] = [];
  readonly submitFailures: Failure[] = [];
  readonly evaluateFailures: LedgerError[] = [];
  readiness: LedgerReadiness;
  /** Submits wait for this before answering (to test in-flight behaviour). */
  gate: Promise<void> = Promise.resolve();
  /** Heights the next blockHeight() calls answer, one each (a peer that lags); the true height after. */
  readonly heightAnswers: bigint[] = [];
  #height = 1n;
  readonly #mspId: string;

  constructor(options: Readonly<{ mspId?: string; mode?: LedgerMode }> = {}) {
    this.#mspId = options.mspId ?? 'LDSMSP';
    this.mode = options.mode ?? 'embedded';
    this.readiness = { ready: true, mode: this.mode, detail: 'fake ledger' };
  }

  /** Commits a transaction directly (as if another client had done it). */
  commit(request: SubmitRequest): SubmitResult {
    const type = request.transaction.replace(/^case:/, '') as TransitionType;
    const input = JSON.parse(request.args[0] ?? '{}') as Record<string, unknown>;
    const caseRef = input.caseRef as string;
    const requestKey = `${caseRef}/${String(input.requestId)}`;
    const original = this.requests.get(requestKey);
    if (original !== undefined) {
      throw new LedgerError('DUPLICATE_REQUEST', 'this request id was already used for this case', { details: { originalTxId: original } });
    }
    const txId = randomBytes(32).toString('hex');
    const current = this.cases.get(caseRef);
    let next: CaseRecord;
    if (type === 'registerCase') {
      if (current) throw new LedgerError('CASE_EXISTS', 'a case with this caseRef exists', { details: { caseRef } });
      next = newCase(caseRef, input, this.#mspId, request.role, txId);
    } else {
      if (!current) throw new LedgerError('CASE_NOT_FOUND', 'no case with this caseRef', { details: { caseRef } });
      const to = TRANSITIONS[type].to[0] ?? current.state;
      next = { ...current, state: to, seq: current.seq + 1, lastTxId: txId, lastTransaction: type, updatedByRole: request.role };
    }
    this.cases.set(caseRef, next);
    this.requests.set(requestKey, txId);
    const blockNumber = this.#height;
    this.#height += 1n;
    this.transactions.set(txId, { txId, blockNumber, caseRef, type, seq: next.seq, state: next.state, role: request.role, validationCode: 'VALID' });
    return { txId, blockNumber, payload: encode({ caseRef, state: next.state, seq: next.seq, txId }) };
  }

  async submit(request: SubmitRequest): Promise<SubmitResult> {
    this.submits.push(request);
    await this.gate;
    const failure = this.submitFailures.shift();
    const error = typeof failure === 'function' ? failure(request) : failure;
    if (error) throw error;
    return this.commit(request);
  }

  async evaluate(request: EvaluateRequest): Promise<Uint8Array> {
    this.evaluates.push(request);
    const failure = this.evaluateFailures.shift();
    if (failure) throw failure;
    const input = JSON.parse(request.args[0] ?? '{}') as Record<string, unknown>;
    switch (request.transaction) {
      case 'case:getCase':
        return encode(this.#requireCase(input.caseRef as string));
      case 'case:listCases':
        return encode(this.#page(input));
      case 'case:getHistory':
        return encode(this.#history(this.#requireCase(input.caseRef as string).caseRef));
      case 'case:getRequest': {
        const caseRef = this.#requireCase(input.caseRef as string).caseRef;
        const requestId = input.requestId as string;
        return encode({ caseRef, requestId, txId: this.requests.get(`${caseRef}/${requestId}`) ?? null });
      }
      default:
        throw new LedgerError('UNKNOWN_TRANSACTION', `no transaction ${request.transaction}`);
    }
  }

  events(): EventStream {
    const empty: AsyncIterator<never> = { next: async () => ({ done: true, value: undefined }) };
    return { [Symbol.asyncIterator]: () => empty, close: () => undefined };
  }

  async transaction(txId: string): Promise<TransactionProvenance> {
    const tx = this.transactions.get(txId);
    if (!tx) throw new LedgerError('NOT_FOUND', 'no such transaction');
    return {
      txId,
      blockNumber: tx.blockNumber,
      validationCode: tx.validationCode,
      creatorMspId: this.#mspId,
      creatorRole: tx.role,
      endorsingOrgs: [this.#mspId],
      timestamp: new Date(0).toISOString(),
    };
  }

  async block(): Promise<BlockProvenance> {
    throw new LedgerError('NOT_FOUND', 'the fake ledger keeps no blocks');
  }

  async blockHeight(): Promise<bigint> {
    return this.heightAnswers.shift() ?? this.#height;
  }

  async ready(): Promise<LedgerReadiness> {
    return this.readiness;
  }

  closed = false;

  async close(): Promise<void> {
    this.closed = true;
  }

  #requireCase(caseRef: string): CaseRecord {
    const record = this.cases.get(caseRef);
    if (!record) throw new LedgerError('CASE_NOT_FOUND', 'no case with this caseRef', { details: { caseRef } });
    return record;
  }

  #page(input: Record<string, unknown>): unknown {
    const all = [...this.cases.values()].filter((record) =>
      input.state !== undefined ? record.state === input.state : record.responsible === input.responsible,
    );
    // bookmarks as the chaincode makes them: the index entry of the next case
    const index = typeof input.state === 'string' ? `case~state\u0000${input.state}` : `case~responsible\u0000${input.responsible as string}`;
    const entry = (caseRef: string): string => `\u0000${index}\u0000${caseRef}\u0000`;
    const start = input.bookmark ? Math.max(0, all.findIndex((record) => entry(record.caseRef) === input.bookmark)) : 0;
    const size = Number(input.pageSize);
    const cases = all.slice(start, start + size);
    const next = all[start + size];
    return { cases, bookmark: next ? entry(next.caseRef) : '', fetchedRecordsCount: cases.length };
  }

  #history(caseRef: string): unknown {
    const entries = [...this.transactions.values()]
      .filter((tx) => tx.caseRef === caseRef && tx.validationCode === 'VALID')
      .map((tx) => ({
        txId: tx.txId,
        timestamp: new Date(0).toISOString(),
        type: tx.type,
        seq: tx.seq,
        state: tx.state,
        responsible: this.#mspId,
        holds: [],
        mspId: this.#mspId,
        role: tx.role,
        correctsTxId: null,
        reasonCode: null,
        correctedBy: [],
        unexpectedField: 'dropped by the mapper',
      }));
    return { caseRef, entries };
  }
}
