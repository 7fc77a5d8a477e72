/** A read written to the gateway's local audit log with its outcome: who, what, which case or transaction, when. */
import { LedgerError } from '@asylum-ledger/domain';
import type { Principal } from '../auth/principal';
import type { AuditLog } from '../ports/gateway-store';

/** What the entry names besides the reader and the action. */
export interface AuditedReadSubject {
  readonly caseRef?: string | null;
  readonly txId?: string | null;
}

/**
 * Runs a read and appends its audit entry: outcome `OK`, the LedgerError's code, or `INTERNAL`.
 * @throws what `read` throws (after the entry is written).
 */
export async function auditedRead<T>(
  log: AuditLog,
  now: () => Date,
  principal: Principal,
  action: string,
  subject: AuditedReadSubject,
  read: () => Promise<T>,
): Promise<T> {
  let outcome = 'OK';
  try {
    return await read();
  } catch (error) {
    outcome = error instanceof LedgerError ? error.code : 'INTERNAL';
    throw error;
  } finally {
    log.append({ subject: principal.subject, role: principal.role, action, caseRef: subject.caseRef ?? null, txId: subject.txId ?? null, outcome, at: now().toISOString() });
  }
}
