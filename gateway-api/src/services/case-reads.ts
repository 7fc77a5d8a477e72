/** The read use cases (case, page, history, private fields), each written to the local audit log. */
import { type CaseRecord, LedgerError, landCollectionMembers, type ListCasesInput, mayReadPrivateFields, type PrivateCaseView } from '@asylum-ledger/domain';
import type { Principal } from '../auth/principal';
import type { AuditLog } from '../ports/gateway-store';
import { auditedRead } from './audited-read';
import type { CaseLedger, CasePage, HistoryEntry } from './case-ledger';

/** Reads of case status, audited locally. */
export class CaseReads {
  readonly #ledger: CaseLedger;
  readonly #audit: AuditLog;
  readonly #now: () => Date;
  readonly #mspId: string;

  /** @param options.mspId the gateway's own org. */
  constructor(options: Readonly<{ ledger: CaseLedger; audit: AuditLog; now?: () => Date; mspId: string }>) {
    this.#ledger = options.ledger;
    this.#audit = options.audit;
    this.#now = options.now ?? ((): Date => new Date());
    this.#mspId = options.mspId;
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
   * The private fields of a case (participants only, never an auditor: the chaincode decides). A
   * member of the case's Land collection answers from its own peer; an org that is none (an
   * Ausländerbehörde, ADR 0009) asks a member's peer: the Land's LAND authorities first, then the
   * federal office, the next one when a peer cannot be reached.
   * @throws {LedgerError} CASE_NOT_FOUND, FORBIDDEN_READ, FORBIDDEN_ORG, LEDGER_UNAVAILABLE.
   */
  privateFields(principal: Principal, caseRef: string): Promise<PrivateCaseView> {
    return this.#audited(principal, 'getPrivateFields', caseRef, async () => {
      const [record, directory] = await Promise.all([this.#ledger.getCase(principal.role, caseRef), this.#ledger.directory(principal.role)]);
      const members = record.landCode === null ? [] : landCollectionMembers(directory.authorities, record.landCode);
      // the own peer answers a member's read, and refuses a read the chaincode does not allow
      if (members.includes(this.#mspId) || !mayReadPrivateFields({ mspId: this.#mspId, role: principal.role }, record)) {
        return this.#ledger.privateFields(principal.role, caseRef);
      }
      return this.#atFirstReachable(members, (at) => this.#ledger.privateFields(principal.role, caseRef, at));
    });
  }

  async #atFirstReachable<T>(orgs: readonly string[], read: (at: string) => Promise<T>): Promise<T> {
    let unreachable: LedgerError | undefined;
    for (const at of orgs) {
      try {
        return await read(at);
      } catch (error) {
        if (!(error instanceof LedgerError) || error.code !== 'LEDGER_UNAVAILABLE') throw error;
        unreachable = error;
      }
    }
    throw unreachable ?? new LedgerError('LEDGER_UNAVAILABLE', "no member of the case's Land collection is known to the directory");
  }

  #audited<T>(principal: Principal, action: string, caseRef: string | null, read: () => Promise<T>): Promise<T> {
    return auditedRead(this.#audit, this.#now, principal, action, { caseRef }, read);
  }
}
