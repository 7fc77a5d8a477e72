/** The read use cases (case, page, history, private fields), each written to the local audit log. */
import { type CaseRecord, LedgerError, type ListCasesInput, MspId, type PrivateCaseView } from '@asylum-ledger/domain';
import { z } from 'zod';
import type { Principal } from '../auth/principal';
import type { AuditLog } from '../ports/gateway-store';
import { auditedRead } from './audited-read';
import type { CaseLedger, CasePage, HistoryEntry } from './case-ledger';

/** The members a PRIVATE_DATA_NOT_HELD answer names (from the own peer, so trusted; at most the directory's size). */
const MemberList = z.array(MspId).min(1).max(64);

/** Reads of case status, audited locally. */
export class CaseReads {
  readonly #ledger: CaseLedger;
  readonly #audit: AuditLog;
  readonly #now: () => Date;

  constructor(options: Readonly<{ ledger: CaseLedger; audit: AuditLog; now?: () => Date }>) {
    this.#ledger = options.ledger;
    this.#audit = options.audit;
    this.#now = options.now ?? ((): Date => new Date());
  }

  /**
   * The public record of a case.
   * @throws {LedgerError} CASE_NOT_FOUND, FORBIDDEN_ORG, LEDGER_UNAVAILABLE.
   */
  getCase(principal: Principal, caseRef: string): Promise<CaseRecord> {
    return this.#audited(principal, 'getCase', caseRef, () => this.#ledger.getCase(principal.role, caseRef));
  }

  /**
   * One page of cases.
   * @throws {LedgerError} FORBIDDEN_ORG, LEDGER_UNAVAILABLE.
   */
  listCases(principal: Principal, query: ListCasesInput): Promise<CasePage> {
    return this.#audited(principal, 'listCases', null, () => this.#ledger.listCases(principal.role, query));
  }

  /**
   * Every change of a case.
   * @throws {LedgerError} CASE_NOT_FOUND, FORBIDDEN_READ, LEDGER_UNAVAILABLE.
   */
  history(principal: Principal, caseRef: string): Promise<readonly HistoryEntry[]> {
    return this.#audited(principal, 'getHistory', caseRef, () => this.#ledger.history(principal.role, caseRef));
  }

  /**
   * The private fields of a case (participants only, never an auditor: the chaincode decides),
   * from the own peer; a peer that keeps no copy of the case's Land collection (an
   * Ausländerbehörde's, ADR 0009) answers PRIVATE_DATA_NOT_HELD with the collection's members, and
   * the read goes to the first of them that answers (the Land's authorities before BAMF).
   * @throws {LedgerError} CASE_NOT_FOUND, FORBIDDEN_READ, FORBIDDEN_ORG, LEDGER_UNAVAILABLE, PRIVATE_DATA_NOT_HELD (no member answered).
   */
  privateFields(principal: Principal, caseRef: string): Promise<PrivateCaseView> {
    return this.#audited(principal, 'getPrivateFields', caseRef, async () => {
      try {
        return await this.#ledger.privateFields(principal.role, caseRef);
      } catch (error) {
        if (!(error instanceof LedgerError) || error.code !== 'PRIVATE_DATA_NOT_HELD') throw error;
        const members = MemberList.safeParse(error.details.members);
        if (!members.success) throw error;
        return this.#atFirstReachable(members.data, error, (at) => this.#ledger.privateFields(principal.role, caseRef, at));
      }
    });
  }

  /** Runs a read at each org in turn until one answers; an unreachable peer passes to the next. */
  async #atFirstReachable<T>(orgs: readonly string[], notHeld: LedgerError, read: (at: string) => Promise<T>): Promise<T> {
    for (const at of orgs) {
      try {
        return await read(at);
      } catch (error) {
        if (!(error instanceof LedgerError) || error.code !== 'LEDGER_UNAVAILABLE') throw error;
      }
    }
    throw notHeld;
  }

  #audited<T>(principal: Principal, action: string, caseRef: string | null, read: () => Promise<T>): Promise<T> {
    return auditedRead(this.#audit, this.#now, principal, action, { caseRef }, read);
  }
}
