/** Inputs for case transactions: random pseudonyms, request ids, today's date. */
import { randomBytes, randomUUID } from 'node:crypto';

/** A fresh case pseudonym: 128 random bits as 32 hex digits. */
export function newCaseRef(): string {
  return randomBytes(16).toString('hex');
}

/** A fresh client request id. */
export function newRequestId(): string {
  return randomUUID();
}

/** A fresh salt for private data: 128 random bits as hex. */
export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/** Today (UTC) as YYYY-MM-DD, never in the future of the transaction timestamp. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A day relative to today, for due dates. */
export function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The input of registerCase for a first application. */
export function registerCaseInput(caseRef = newCaseRef()): { caseRef: string; requestId: string; procedureKind: string; effectiveOn: string } {
  return { caseRef, requestId: newRequestId(), procedureKind: 'ERSTANTRAG', effectiveOn: today() };
}
