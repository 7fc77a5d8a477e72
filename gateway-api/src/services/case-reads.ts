/** The read use cases (case, page, history), each written to the local audit log. */
import type { CaseRecord, ListCasesInput } from '@asylum-ledger/domain';
import type { Principal } from '../auth/principal';
import type { AuditLog } from '../ports/gateway-store';
import { auditedRead } from './audited-read';
import type { CaseLedger, CasePage, HistoryEntry } from './case-ledger';

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

  #audited<T>(principal: Principal, action: string, caseRef: string | null, read: () => Promise<T>): Promise<T> {
    return auditedRead(this.#audit, this.#now, principal, action, { caseRef }, read);
  }
}
