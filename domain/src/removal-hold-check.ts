/**
 * The invariant the system exists for, as recordDeparture's check before the from-state: while
 * any removal hold exists, no removal and no Dublin transfer, whatever state the case is in.
 */
import type { CaseRecord } from './case-record';
import { ChaincodeError } from './chaincode-error';
import { hasRemovalHold } from './holds';
import { ENFORCED_DEPARTURE_MODES, type DepartureMode } from './vocabulary';

/**
 * Refuses an enforced departure (removal, Dublin transfer) while a removal hold exists.
 * @returns REMOVAL_HOLD_ACTIVE naming the mode and the holds, or undefined.
 */
export function refuseEnforcedDepartureUnderHold(current: CaseRecord, input: { readonly mode: DepartureMode }): ChaincodeError | undefined {
  const { mode } = input;
  if (!ENFORCED_DEPARTURE_MODES.includes(mode) || !hasRemovalHold(current.holds)) return undefined;
  return new ChaincodeError('REMOVAL_HOLD_ACTIVE', `${mode} refused: removal hold active (${current.holds.join(', ')})`, {
    mode,
    holds: current.holds,
  });
}
