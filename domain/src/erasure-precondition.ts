/**
 * When a closed case may be erased: its retention has run out (or the erasure has another
 * ground), and every participant still active attested that it deleted its mapping.
 */
import { participantOrgs } from './authority-directory';
import type { CaseRecord } from './case-record';
import { ChaincodeError } from './chaincode-error';
import { isAfter } from './ledger-date';
import { retainUntilOf } from './legal-status';
import { retentionYearsOf } from './retention';
import type { TransitionContext } from './transition-rule';
import type { ErasureGround } from './vocabulary';

/**
 * Checks that a case may be erased now: a governance override (with its decision's number) at
 * once; otherwise once the retention has run out or under a governance decision, and in both cases
 * only after every active participant attested that it deleted its mapping. The retention period is the network's setting in force on
 * the day of the erasure (a changed setting counts for cases closed before the change, too).
 * @returns ERASURE_NOT_ALLOWED (retention running, or attestations missing), or undefined.
 */
export function checkErasureAllowed(
  current: CaseRecord,
  input: { readonly ground: ErasureGround; readonly decisionRef?: string | undefined },
  context: TransitionContext,
): ChaincodeError | undefined {
  const override = input.ground === 'GOVERNANCE_OVERRIDE';
  if (override !== (input.decisionRef !== undefined)) {
    return new ChaincodeError('VALIDATION_FAILED', 'a governance override names its decision (decisionRef), and only an override does', { field: 'decisionRef' });
  }
  // recorded as such: the erased record keeps ground and decisionRef as its last input, in the history
  if (override) return undefined;
  const retainUntil = retainUntilOf(current.dates, retentionYearsOf(context.directory));
  if (input.ground === 'RETENTION_EXPIRED' && (retainUntil === null || isAfter(retainUntil, context.today))) {
    return new ChaincodeError('ERASURE_NOT_ALLOWED', `retention runs until ${retainUntil ?? '(unset)'}`, { retainUntil });
  }
  const active = participantOrgs(context.directory);
  const missing = current.participants.filter((mspId) => active.includes(mspId) && !current.erasureAttestations.includes(mspId));
  if (missing.length > 0) {
    return new ChaincodeError('ERASURE_NOT_ALLOWED', `mapping deletion not yet attested by ${missing.join(', ')}`, {
      missing,
    });
  }
  return undefined;
}
