/**
 * The case chaincode in business terms over the LedgerPort: write a transition, read a case, a
 * page, a history, and recover the receipt of a transaction committed earlier. Every answer from
 * the ledger is parsed (the gateway does not trust bytes), and private fields go as transient data.
 */
import { randomBytes } from 'node:crypto';
import {
  CaseHistory,
  CaseHistoryEntry,
  CaseRecord,
  CaseState,
  type CommittedReceipt,
  type ListCasesInput,
  PrivateCaseView,
  PrivateWriteEndorsers,
  RequestMarker,
  type Role,
  TransitionReceipt,
  type TransitionType,
} from '@asylum-ledger/domain';
import { z } from 'zod';
import type { LedgerPort, NetworkHeight } from '@asylum-ledger/domain';
import { LedgerError } from '@asylum-ledger/domain';
import { submitWithRetry, type RetryPolicy } from './submit-with-retry';

/** One change of a case, as the history query answers (the domain's schema; unknown fields are dropped). */
export const HistoryEntry = CaseHistoryEntry;
/** One change of a case. */
export type HistoryEntry = CaseHistoryEntry;

/** A case record as answered; fields unknown to this gateway's domain version are dropped, not fatal. */
const CaseRecordAnswer = z.object(CaseRecord.shape);
const HistoryAnswer = CaseHistory;
/** The chaincode's receipt as answered; fields unknown to this gateway's domain version are dropped, not fatal. */
const ReceiptAnswer = z.object(TransitionReceipt.shape);
const PrivateFieldsAnswer = z.object(PrivateCaseView.shape);
const PrivateWriteEndorsersAnswer = z.object(PrivateWriteEndorsers.shape);
const PageAnswer = z.object({ cases: z.array(CaseRecordAnswer), bookmark: z.string(), fetchedRecordsCount: z.number().int().optional() });

/** One page of cases. */
export interface CasePage {
  readonly cases: readonly CaseRecord[];
  /** Bookmark of the next page, or null after the last page. */
  readonly nextBookmark: string | null;
}

/** Private fields of a write, sent as transient data. */
export type PrivateFields = Readonly<Record<string, string>>;

function decode<S extends z.ZodType>(schema: S, bytes: Uint8Array, what: string): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new LedgerError('LEDGER_INTERNAL', `the ledger answered ${what} with non-JSON`, { cause: error });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new LedgerError('LEDGER_INTERNAL', `the ledger answered ${what} in an unexpected shape`);
  return parsed.data;
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

/** Case reads and writes over the ledger port. */
export class CaseLedger {
  readonly #ledger: LedgerPort;
  readonly #retry: RetryPolicy;

  /**
   * @param options.ledger the port.
   * @param options.retry the MVCC retry policy.
   */
  constructor(options: Readonly<{ ledger: LedgerPort; retry: RetryPolicy }>) {
    this.#ledger = options.ledger;
    this.#retry = options.retry;
  }

  /**
   * Submits one case transaction and waits for its commit.
   * @throws {LedgerError} chaincode codes (INVALID_TRANSITION, ...), or MVCC_READ_CONFLICT after the
   * retries, COMMIT_TIMEOUT (with txId), LEDGER_UNAVAILABLE.
   */
  async write(role: Role, type: TransitionType, input: Readonly<Record<string, unknown>>, privateFields?: PrivateFields): Promise<CommittedReceipt> {
    const transient = privateFields === undefined ? undefined : { private: Buffer.from(json(this.#privateInput(privateFields)), 'utf8') };
    const request = { role, transaction: `case:${type}`, args: [json(input)], ...(transient ? { transient } : {}) };
    const caseRef = input.caseRef;
    // a private write of an existing case names its endorsers, chosen again for every attempt
    const planned = transient && typeof caseRef === 'string'
      ? async () => {
          const endorsingOrgs = await this.#privateWriteEndorsers(role, caseRef);
          return endorsingOrgs ? { ...request, endorsingOrgs } : request;
        }
      : request;
    const result = await submitWithRetry(this.#ledger, planned, this.#retry);
    const receipt = decode(ReceiptAnswer, result.payload, type);
    return { ...receipt, txId: result.txId, blockNumber: Number(result.blockNumber) };
  }

  /**
   * The orgs a write with private fields of an existing case goes to (ADR 0009), as the chaincode
   * answers them at the own peer (`getPrivateWriteEndorsers`: the case key's policy, satisfied with
   * the submitter, the Land collection's members and the case's participants first). Undefined for
   * a case the own peer does not know yet (a first write leaves the choice to discovery), one the
   * submitter may not read, or one without a policy.
   * @throws {LedgerError} LEDGER_UNAVAILABLE, LEDGER_INTERNAL.
   */
  async #privateWriteEndorsers(role: Role, caseRef: string): Promise<string[] | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await this.#ledger.evaluate({ role, transaction: 'case:getPrivateWriteEndorsers', args: [json({ caseRef })] });
    } catch (error) {
      // the chaincode decides on the write itself; without this read discovery chooses, as for any write
      if (error instanceof LedgerError && (error.code === 'CASE_NOT_FOUND' || error.code.startsWith('FORBIDDEN_'))) return undefined;
      throw error;
    }
    const { endorsers } = decode(PrivateWriteEndorsersAnswer, bytes, 'getPrivateWriteEndorsers');
    return endorsers.length === 0 ? undefined : endorsers;
  }

  /**
   * The public record of a case.
   * @throws {LedgerError} CASE_NOT_FOUND, FORBIDDEN_ORG, LEDGER_UNAVAILABLE.
   */
  async getCase(role: Role, caseRef: string): Promise<CaseRecord> {
    const bytes = await this.#ledger.evaluate({ role, transaction: 'case:getCase', args: [json({ caseRef })] });
    return decode(CaseRecordAnswer, bytes, 'getCase');
  }

  /**
   * The private fields of a case, from the own peer or the peer of the org `at` (a member of the
   * case's Land collection when the own org is none).
   * @throws {LedgerError} CASE_NOT_FOUND, FORBIDDEN_READ, FORBIDDEN_ORG, PRIVATE_DATA_NOT_HELD, LEDGER_UNAVAILABLE.
   */
  async privateFields(role: Role, caseRef: string, at?: string): Promise<PrivateCaseView> {
    const bytes = await this.#ledger.evaluate({ role, transaction: 'case:getPrivateFields', args: [json({ caseRef })], ...(at === undefined ? {} : { at }) });
    return decode(PrivateFieldsAnswer, bytes, 'getPrivateFields');
  }

  /**
   * One page of cases by state or by responsible org.
   * @throws {LedgerError} VALIDATION_FAILED, FORBIDDEN_ORG, LEDGER_UNAVAILABLE.
   */
  async listCases(role: Role, query: ListCasesInput): Promise<CasePage> {
    const bytes = await this.#ledger.evaluate({ role, transaction: 'case:listCases', args: [json(query)] });
    const page = decode(PageAnswer, bytes, 'listCases');
    const full = (page.fetchedRecordsCount ?? page.cases.length) >= query.pageSize;
    return { cases: page.cases, nextBookmark: full && page.bookmark !== '' ? page.bookmark : null };
  }

  /**
   * Every change of a case.
   * @throws {LedgerError} CASE_NOT_FOUND, FORBIDDEN_READ, LEDGER_UNAVAILABLE.
   */
  async history(role: Role, caseRef: string): Promise<readonly HistoryEntry[]> {
    const bytes = await this.#ledger.evaluate({ role, transaction: 'case:getHistory', args: [json({ caseRef })] });
    return decode(HistoryAnswer, bytes, 'getHistory').entries;
  }

  /**
   * The transaction that used a request id on a case, as the own org's peer knows it.
   * @returns its txId, or null when the peer knows none.
   * @throws {LedgerError} CASE_NOT_FOUND, FORBIDDEN_ORG, LEDGER_UNAVAILABLE.
   */
  async requestMarker(role: Role, caseRef: string, requestId: string): Promise<string | null> {
    const bytes = await this.#ledger.evaluate({ role, transaction: 'case:getRequest', args: [json({ caseRef, requestId })] });
    const marker = decode(RequestMarker, bytes, 'getRequest');
    if (marker.caseRef !== caseRef || marker.requestId !== requestId) {
      throw new LedgerError('LEDGER_INTERNAL', 'the ledger answered getRequest for another request');
    }
    return marker.txId;
  }

  /**
   * The own peer's block height (it holds every block below it).
   * @throws {LedgerError} LEDGER_UNAVAILABLE.
   */
  async blockHeight(): Promise<bigint> {
    return this.#ledger.blockHeight();
  }

  /** The highest height any peer of the channel reports (see {@link NetworkHeight}). */
  async networkHeight(): Promise<NetworkHeight> {
    return this.#ledger.networkHeight();
  }

  /**
   * The receipt of a transaction of this case that the own peer holds as committed and valid, or
   * undefined when it does not (unknown to it, or invalidated: then it wrote nothing). The case's
   * history, a coded answer of the chaincode, decides: it lists every valid change of the case, and
   * nothing else. qscc is asked only for the block of a transaction the history lists (qscc tells an
   * unknown transaction id from other failures only in prose, which is never relied on).
   * @throws {LedgerError} LEDGER_UNAVAILABLE; LEDGER_INTERNAL when the ledger contradicts itself
   *   (a listed transaction without a state, or unknown to qscc).
   */
  async committedReceipt(role: Role, caseRef: string, txId: string): Promise<CommittedReceipt | undefined> {
    const entry = (await this.#historyOrNone(role, caseRef)).find((candidate) => candidate.txId === txId);
    if (!entry) return undefined;
    const state = CaseState.safeParse(entry.state);
    if (entry.seq === null || !state.success) {
      throw new LedgerError('LEDGER_INTERNAL', 'a committed transaction of the case history has no state', { txId });
    }
    const provenance = await this.#ledger.transaction(txId).catch((error: unknown) => {
      if (!(error instanceof LedgerError) || error.code !== 'NOT_FOUND') throw error;
      throw new LedgerError('LEDGER_INTERNAL', 'the peer lists a transaction in the case history that it cannot find', { txId, cause: error });
    });
    return { caseRef, state: state.data, seq: entry.seq, txId, blockNumber: Number(provenance.blockNumber) };
  }

  /** The case's history, or none when the own peer has no such case (a registration that did not commit). */
  async #historyOrNone(role: Role, caseRef: string): Promise<readonly HistoryEntry[]> {
    try {
      return await this.history(role, caseRef);
    } catch (error) {
      if (error instanceof LedgerError && error.code === 'CASE_NOT_FOUND') return [];
      throw error;
    }
  }

  /**
   * The transient private input: the fields plus a fresh 128-bit salt, so that the hash Fabric
   * writes into the block for every channel member cannot be matched by trying the few codes.
   */
  #privateInput(fields: PrivateFields): Record<string, string> {
    return { ...fields, salt: randomBytes(16).toString('hex') };
  }
}
