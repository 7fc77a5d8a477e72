/**
 * The local reference mapping use cases: resolve an authority's own file reference to its cases,
 * and delete the mapping (the first step of erasure, before attestMappingDeleted). Auditors may not
 * resolve references: that would re-identify people. Every use is audited, without the reference.
 */
import { LedgerError } from '@asylum-ledger/domain';
import type { Principal } from '../auth/principal';
import type { GatewayStore, LocalReferenceMapping } from '../ports/gateway-store';

/** Resolving and deleting local references. */
export class LocalReferences {
  readonly #store: GatewayStore;
  readonly #now: () => Date;

  constructor(options: Readonly<{ store: GatewayStore; now?: () => Date }>) {
    this.#store = options.store;
    this.#now = options.now ?? ((): Date => new Date());
  }

  /**
   * The cases mapped to a local reference.
   * @throws {LedgerError} FORBIDDEN_ROLE for auditors, LOCAL_REFERENCE_NOT_FOUND.
   */
  find(principal: Principal, localReference: string): readonly LocalReferenceMapping[] {
    this.#authorize(principal, 'findLocalReference');
    const found = this.#store.localReferences.find(localReference);
    this.#audit(principal, 'findLocalReference', found.length > 0 ? 'OK' : 'LOCAL_REFERENCE_NOT_FOUND');
    if (found.length === 0) throw new LedgerError('LOCAL_REFERENCE_NOT_FOUND', 'no case is mapped to this local reference');
    return found;
  }

  /**
   * Deletes the mapping of a local reference (to one case, or to all), and with it the idempotency
   * records of each unmapped case (their fingerprints are keyed hashes of bodies that held the
   * reference) and its document salt, so that nothing at this gateway links those cases to the person any more. The
   * write-ahead log is then emptied into the database file, whose deleted rows SQLite overwrites
   * (secure_delete).
   * @throws {LedgerError} FORBIDDEN_ROLE for auditors, LOCAL_REFERENCE_NOT_FOUND.
   */
  remove(principal: Principal, localReference: string, caseRef?: string): number {
    this.#authorize(principal, 'deleteLocalReference');
    const removed = this.#store.atomically(() => {
      const unmapped = this.#store.localReferences
        .find(localReference)
        .map((mapping) => mapping.caseRef)
        .filter((mapped) => caseRef === undefined || mapped === caseRef);
      const count = this.#store.localReferences.remove(localReference, caseRef);
      for (const mapped of unmapped) {
        this.#store.idempotency.forgetCase(mapped);
        this.#store.docSalts.forgetCase(mapped);
      }
      this.#audit(principal, 'deleteLocalReference', count > 0 ? 'OK' : 'LOCAL_REFERENCE_NOT_FOUND', caseRef ?? null);
      return count;
    });
    if (removed === 0) throw new LedgerError('LOCAL_REFERENCE_NOT_FOUND', 'no case is mapped to this local reference');
    this.#store.checkpoint();
    return removed;
  }

  /**
   * Deletes what this gateway still keeps of a case besides its mapping: the idempotency records
   * and the document salt (after the gateway attested the deletion of its mapping on the ledger).
   */
  forgetCase(caseRef: string): void {
    this.#store.atomically(() => {
      this.#store.idempotency.forgetCase(caseRef);
      this.#store.docSalts.forgetCase(caseRef);
    });
    this.#store.checkpoint();
  }

  /**
   * The docRef of a document in a case: HMAC-SHA256 of the document's SHA-256 under the case's own
   * salt, which this gateway keeps with the case's mapping and deletes with it.
   */
  saltDocRef(caseRef: string, documentHash: string): string {
    return this.#store.docSalts.saltedDocRef(caseRef, documentHash);
  }

  #authorize(principal: Principal, action: string): void {
    if (principal.role === 'AUDITOR') {
      this.#audit(principal, action, 'FORBIDDEN_ROLE');
      throw new LedgerError('FORBIDDEN_ROLE', 'auditors may not resolve or change local references', { details: { role: principal.role } });
    }
  }

  #audit(principal: Principal, action: string, outcome: string, caseRef: string | null = null): void {
    this.#store.audit.append({ subject: principal.subject, role: principal.role, action, caseRef, txId: null, outcome, at: this.#now().toISOString() });
  }
}
