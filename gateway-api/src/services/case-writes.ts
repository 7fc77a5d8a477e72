/**
 * The write use case: registrations and transitions with idempotency, the retry policy, the local
 * reference mapping and the local audit log.
 *
 * An Idempotency-Key is recorded as `pending` (with the chaincode requestId and caseRef) BEFORE
 * anything is submitted. A retry under the same key re-uses both, so the ledger itself settles
 * what happened: a transaction whose commit status was unknown is looked up by txId first, and a
 * re-submission of a request that did commit is refused by the chaincode as DUPLICATE_REQUEST with
 * the original txId, whose receipt is then returned once the own peer confirms it
 * (confirm-duplicate.ts). Nothing is ever applied twice.
 *
 * Only the own org's peer speaks (the Fabric adapter drops other orgs' refusals), and only from a
 * height at or beyond the block the client last saw and the highest block this gateway handed out:
 * a refusal that may come from a peer below that block is asked once more after the peer caught up
 * (own-peer-catch-up.ts). Only then is a refusal stored as the request's final outcome.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type CommittedReceipt, ERROR_CODES, isErrorCode, LedgerError, mayPerform, type OrgKind } from '@asylum-ledger/domain';
import type { Principal } from '../auth/principal';
import type { GatewayStore, IdempotencyRecord } from '../ports/gateway-store';
import { normalisedLocalReference } from '../ports/local-reference-text';
import type { CaseLedger } from './case-ledger';
import { confirmDuplicate, type RequestIds } from './confirm-duplicate';
import type { InFlight } from './in-flight';
import { LedgerProgress } from './ledger-progress';
import { awaitOwnPeerBlock, type CatchUpPolicy } from './own-peer-catch-up';
import type { KeyDigester } from './request-fingerprint';
import { chaincodeInput, type WriteCommand } from './write-command';
import { fromStoredOutcome, toStoredOutcome, type WriteOutcome } from './write-outcome';

/**
 * Chaincode refusals that are final for a request: replays of its key return them. Not final:
 * CASE_NOT_FOUND, because right after a registration at another authority this org's peer may not
 * have the block yet (Fabric peers commit independently), so a retry under the same key can succeed.
 */
const FINAL_CODES: ReadonlySet<string> = new Set(
  ERROR_CODES.filter((code) => !['DIRECTORY_ERROR', 'UNKNOWN_TRANSACTION', 'DUPLICATE_REQUEST', 'CASE_NOT_FOUND'].includes(code)),
);

/** A chaincode refusal (a coded error other than a duplicate claim, which has its own check). */
function isRefusal(error: unknown): error is LedgerError {
  return error instanceof LedgerError && isErrorCode(error.code) && error.code !== 'DUPLICATE_REQUEST';
}

/** The outcome of the checks before a write: a stored answer to replay, or the claimed idempotency record. */
type Admission = { readonly replay: WriteResult } | { readonly created: boolean; readonly record: IdempotencyRecord };

/** The default bounded wait for a lagging own peer. */
export const DEFAULT_CATCH_UP: CatchUpPolicy = { waitMs: 3_000, pollMs: 100 };

/** The final outcome of a write, and whether it was replayed from an earlier request with the same key. */
export interface WriteResult {
  /** The receipt, or the final refusal (as stored: the same for the first answer and every replay). */
  readonly outcome: WriteOutcome;
  readonly replayed: boolean;
}

/** What the write use case needs. */
export interface CaseWritesOptions {
  readonly ledger: CaseLedger;
  readonly store: GatewayStore;
  readonly inFlight: InFlight;
  readonly orgKind: OrgKind;
  /** Keyed digest of the subject and its Idempotency-Key: the store and the in-flight set see only this. */
  readonly keyDigest: KeyDigester;
  /** What the gateway knows of block heights (shared with nothing else; default: fresh, nothing handed out). */
  readonly progress?: LedgerProgress;
  /** The bounded wait for a lagging own peer; default {@link DEFAULT_CATCH_UP}. */
  readonly catchUp?: CatchUpPolicy;
  readonly now?: () => Date;
}

/** A new case pseudonym: 128 bits from the CSPRNG as 32 lowercase hex digits. */
export function newCaseRef(): string {
  return randomBytes(16).toString('hex');
}

/** Registrations and transitions, idempotent and audited. */
export class CaseWrites {
  readonly #ledger: CaseLedger;
  readonly #store: GatewayStore;
  readonly #inFlight: InFlight;
  readonly #orgKind: OrgKind;
  readonly #keyDigest: KeyDigester;
  readonly #progress: LedgerProgress;
  readonly #catchUp: CatchUpPolicy;
  readonly #now: () => Date;
  #accepting = true;

  constructor(options: CaseWritesOptions) {
    this.#ledger = options.ledger;
    this.#store = options.store;
    this.#inFlight = options.inFlight;
    this.#orgKind = options.orgKind;
    this.#keyDigest = options.keyDigest;
    this.#progress = options.progress ?? new LedgerProgress();
    this.#catchUp = options.catchUp ?? DEFAULT_CATCH_UP;
    this.#now = options.now ?? ((): Date => new Date());
  }

  /** Refuses new writes from now on (shutdown); writes in flight finish. */
  stopAccepting(): void {
    this.#accepting = false;
  }

  /**
   * Performs a write once, however often it is requested under the same Idempotency-Key.
   * @returns the receipt or a final chaincode refusal (a LedgerError as stored for replays).
   * @throws {LedgerError} FORBIDDEN_ROLE and VALIDATION_FAILED (a local reference with invisible characters) before any
   * ledger call, IDEMPOTENCY_KEY_REUSED, REQUEST_IN_PROGRESS, SHUTTING_DOWN (each recorded in the local audit log as a
   * refusal); LEDGER_BEHIND, DUPLICATE_UNCONFIRMED (the key stays pending).
   * @throws {LedgerError} retryable failures (LEDGER_UNAVAILABLE, ENDORSERS_DISAGREE, MVCC_READ_CONFLICT,
   * COMMIT_TIMEOUT with txId); the key stays pending, and a retry with it resumes safely.
   */
  async write(command: WriteCommand): Promise<WriteResult> {
    const key = this.#keyDigest(command.principal.subject, command.idempotencyKey);
    const admission = this.#admitAudited(command, key);
    if ('replay' in admission) return admission.replay;
    const { created, record } = admission;
    const ids = { caseRef: record.caseRef, requestId: record.requestId };
    return this.#inFlight.run(key, () => this.#attempt({ ...command, idempotencyKey: key }, ids, created ? undefined : record));
  }

  /**
   * Records in the local audit log a write refused before it reached the ledger: who, which
   * operation, which code, when (and the case named in the request path, if any). Never the body.
   * @param principal the caller.
   * @param operation the transition type, or the route's operation when the body names none.
   * @param code the refusal's problem code.
   * @param caseRef the case of the request path (transitions), if known.
   */
  recordRefusal(principal: Principal, operation: string, code: string, caseRef?: string): void {
    this.#store.audit.append({
      subject: principal.subject,
      role: principal.role,
      action: operation,
      caseRef: caseRef ?? null,
      txId: null,
      outcome: code,
      at: this.#now().toISOString(),
    });
  }

  /**
   * Runs `work` (the HTTP layer's parsing of a write) and records a coded refusal it throws.
   * @throws what `work` throws.
   */
  refusingAudited<T>(principal: Principal, operation: () => string, work: () => T, caseRef?: string): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof LedgerError) this.recordRefusal(principal, operation(), error.code, caseRef);
      throw error;
    }
  }

  #admitAudited(command: WriteCommand, key: string): Admission {
    return this.refusingAudited(command.principal, () => command.type, () => this.#admit(command, key), command.caseRef);
  }

  /** The checks before anything is submitted: shutdown, role, the key's fingerprint, a stored outcome, a request in flight. */
  #admit(command: WriteCommand, key: string): Admission {
    if (!this.#accepting) throw new LedgerError('SHUTTING_DOWN', 'the gateway is shutting down');
    this.#authorize(command);
    // checked before anything is submitted: the store would refuse the mapping after the commit
    if (command.localReference !== undefined) normalisedLocalReference(command.localReference);
    const { created, record } = this.#store.idempotency.claim({
      key,
      fingerprint: command.fingerprint,
      requestId: randomUUID(),
      caseRef: command.caseRef ?? newCaseRef(),
    });
    if (record.fingerprint !== command.fingerprint) {
      throw new LedgerError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request; use a new key');
    }
    if (record.state === 'done' && record.outcome !== null) {
      this.#audit(command, record.caseRef, record.txId, 'REPLAYED');
      return { replay: { outcome: fromStoredOutcome(record.outcome), replayed: true } };
    }
    if (this.#inFlight.has(key)) {
      throw new LedgerError('REQUEST_IN_PROGRESS', 'a request with this Idempotency-Key is being processed; retry later');
    }
    return { created, record };
  }

  /** The engine's own role rule, checked before anything is submitted (the chaincode checks it again). */
  #authorize(command: WriteCommand): void {
    const { role } = command.principal;
    if (!mayPerform(command.type, role, this.#orgKind)) {
      throw new LedgerError('FORBIDDEN_ROLE', `role ${role} may not perform ${command.type}`, {
        details: { role, transaction: command.type },
      });
    }
  }

  async #attempt(command: WriteCommand, ids: RequestIds, resumed: IdempotencyRecord | undefined): Promise<WriteResult> {
    // what the own peer is known to hold before this attempt asks it anything
    const heightBefore = this.#progress.knownPeerHeight;
    try {
      const earlier = resumed?.txId ? await this.#readBack(command.principal.role, ids.caseRef, resumed.txId) : undefined;
      const receipt = earlier ?? (await this.#submitFromCurrentPeer(command, ids, heightBefore));
      this.#progress.noteReceipt(receipt.blockNumber);
      return this.#finish(command, ids.caseRef, receipt, receipt.txId);
    } catch (error) {
      return this.#fail(command, ids.caseRef, error);
    }
  }

  /**
   * Submits; a refusal stands only when it came from an own peer that held the required block (the
   * client's Ledger-Min-Block or the highest block handed out), or when no peer of the channel holds
   * it (every peer answered below it: the block was never seen). When that is not known from before
   * the submit, the gateway waits (bounded) until the peer holds the block and asks once more with
   * the same request id: that answer comes from a peer at or beyond the block.
   */
  async #submitFromCurrentPeer(command: WriteCommand, ids: RequestIds, heightBefore: number): Promise<CommittedReceipt> {
    try {
      return await this.#submit(command, ids);
    } catch (error) {
      const block = this.#progress.requiredBlock(command.minBlock);
      if (!isRefusal(error) || block === undefined || heightBefore > block) throw error;
      // a block no peer of the channel holds (all answered) was never seen: the own peer is as current as any, its refusal stands
      const network = await this.#ledger.networkHeight();
      if (network.everyPeerAnswered && network.height <= BigInt(block)) throw error;
      const height = await awaitOwnPeerBlock(() => this.#ledger.blockHeight(), block, this.#catchUp);
      this.#progress.notePeerHeight(height);
      return await this.#submit(command, ids);
    }
  }

  async #submit(command: WriteCommand, ids: RequestIds): Promise<CommittedReceipt> {
    const { role } = command.principal;
    try {
      return await this.#ledger.write(role, command.type, chaincodeInput(command, ids), command.privateFields);
    } catch (error) {
      const original = error instanceof LedgerError && error.code === 'DUPLICATE_REQUEST' ? error.details.originalTxId : undefined;
      if (typeof original !== 'string') throw error;
      return confirmDuplicate(this.#ledger, role, ids, original);
    }
  }

  /**
   * Reads back the receipt of a transaction that may have committed. Any failure here says nothing
   * about the write itself, so it is never stored as the write's outcome: the key stays pending.
   */
  async #readBack(role: WriteCommand['principal']['role'], caseRef: string, txId: string): Promise<CommittedReceipt | undefined> {
    try {
      return await this.#ledger.committedReceipt(role, caseRef, txId);
    } catch (error) {
      const retryable = error instanceof LedgerError && !FINAL_CODES.has(error.code);
      if (retryable) throw error;
      throw new LedgerError('LEDGER_INTERNAL', 'the outcome of an earlier attempt could not be read back; retry with the same Idempotency-Key', {
        txId,
        cause: error,
      });
    }
  }

  #fail(command: WriteCommand, caseRef: string, error: unknown): WriteResult {
    if (error instanceof LedgerError && FINAL_CODES.has(error.code)) return this.#finish(command, caseRef, error, null);
    const code = error instanceof LedgerError ? error.code : 'INTERNAL';
    const txId = error instanceof LedgerError ? (error.txId ?? null) : null;
    if (code === 'COMMIT_TIMEOUT' && txId !== null) {
      this.#store.idempotency.noteTxId(command.idempotencyKey, txId);
    }
    this.#audit(command, caseRef, txId, code);
    throw error;
  }

  /** Stores a final outcome and answers from the stored form, as every replay will. */
  #finish(command: WriteCommand, caseRef: string, outcome: WriteOutcome, txId: string | null): WriteResult {
    const stored = toStoredOutcome(outcome);
    this.#store.atomically(() => {
      this.#store.idempotency.complete(command.idempotencyKey, stored, txId);
      if (stored.ok && command.localReference !== undefined) this.#store.localReferences.add(command.localReference, caseRef);
      this.#audit(command, caseRef, txId, stored.ok ? 'OK' : stored.code);
    });
    return { outcome: fromStoredOutcome(stored), replayed: false };
  }

  #audit(command: WriteCommand, caseRef: string, txId: string | null, outcome: string): void {
    this.#store.audit.append({
      subject: command.principal.subject,
      role: command.principal.role,
      action: command.type,
      caseRef,
      txId,
      outcome,
      at: this.#now().toISOString(),
    });
  }
}
