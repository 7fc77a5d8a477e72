/**
 * After the decision: residence title, obligation to leave, toleration, departure.
 */
import { ChaincodeError } from '../chaincode-error';
import type { CaseRecord } from '../case-record';
import { refuseRemovalBarredByFollowUp } from '../follow-up';
import { withHold, withoutHolds } from '../holds';
import { isNegative, isTransferDecision } from '../remedy-periods';
import { refuseEnforcedDepartureUnderHold } from '../removal-hold-check';
import { transferPeriod } from '../responsibility-periods';
import { deriveRemovalStatus, type RemovalStatus } from '../removal-status';
import { procedureLaw, unchangedLaw } from '../rule-law';
import { DeclareDepartureRequiredInput, EffectiveOnlyInput, RecordDepartureInput, RecordTitleIssuedInput, RecordTolerationInput } from '../transition-inputs';
import { receptionResidentsForZab } from '../reception-competence';
import { defineRule, type TransitionRule } from '../transition-rule';
import { ENFORCED_DEPARTURE_MODES, type DepartureMode } from '../vocabulary';
import { effectiveOnDone, withDates } from './shared-rules';

/** Why a departure in this mode cannot be recorded on this case at all, or undefined. */
function departureGuard(current: CaseRecord, input: { mode: DepartureMode }): string | undefined {
  if (input.mode === 'VOLUNTARY') return undefined;
  if (current.state === 'TOLERATED') return 'a tolerated person can only leave voluntarily';
  if (current.state === 'DECIDED') return 'an unserved decision cannot be enforced';
  if (!isNegative(current.outcomeClass)) return 'the decision obliges no one to leave';
  const transfer = isTransferDecision(current);
  if (input.mode === 'DUBLIN_TRANSFER' && !transfer) return 'a Dublin transfer needs a transfer decision';
  if (input.mode === 'REMOVAL' && transfer) return 'a transfer decision is enforced by a DUBLIN_TRANSFER';
  return undefined;
}

/**
 * Whether the obligation to leave is enforceable, with its departure period: the removal status
 * without the holds. A hold (a court order after finality, a toleration) bars the removal, not the
 * obligation; an obliged person under a hold is then tolerated (§ 60a (2) AufenthG).
 */
function enforceability(current: CaseRecord): RemovalStatus {
  return current.holds.length === 0 ? current.removal : deriveRemovalStatus({ ...current, holds: [] });
}

/** After the decision: residence title, obligation to leave, toleration, departure. */
export const AFTER_DECISION_RULES = {
  recordTitleIssued: defineRule({
    summary: 'Records that the Ausländerbehörde issued the residence title; the title type is private.',
    law: unchangedLaw('§ 25 (1), (2) AufenthG: residence permit after a final recognition'),
    from: ['FINAL'],
    to: ['TITLE_ISSUED'],
    roles: ['ABH'],
    targets: ['FEDERAL', 'CASE_LAND'],
    privateFields: ['titleType'],
    input: RecordTitleIssuedInput,
    guard: (current) => (current.outcomeClass === 'PROTECTION' ? undefined : 'the final outcome is not PROTECTION'),
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'TITLE_ISSUED',
      effectiveOn: input.effectiveOn,
      docRef: input.docRef ?? current.docRef,
    }),
  }),
  declareDepartureRequired: defineRule({
    summary:
      'Declares the person obliged to leave once the negative decision is enforceable (not only when final); dueBy is the end of the departure period, the statutory one unless a later day is given.',
    law: procedureLaw(
      '§§ 34, 36 (1), 38 AsylG a.F., § 50 AufenthG: obligation to leave with a departure period of one week or 30 days',
      '§§ 34, 38 AsylG, Art. 68 APR, § 50 AufenthG: obligation to leave once no right to remain exists; one week (Art. 68 (3) APR cases) or 30 days from the end of the suit period or of the right to remain',
    ),
    from: ['SERVED', 'UNDER_APPEAL', 'FINAL'],
    to: ['DEPARTURE_REQUIRED'],
    roles: ['ABH', 'LAND_ZAB'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: DeclareDepartureRequiredInput,
    guard: (current) => (isNegative(current.outcomeClass) ? undefined : 'the decision is not negative'),
    precondition: (current, input) => {
      const removal = enforceability(current);
      if (removal.lawfulFrom === null) {
        return new ChaincodeError('DEPARTURE_NOT_YET_REQUIRED', `the obligation to leave is not enforceable yet: it waits for ${removal.waitingFor}`, {
          waitingFor: removal.waitingFor,
          basis: removal.basis,
        });
      }
      const statutory = removal.departureDueOn;
      if (input.dueBy !== undefined && statutory !== null && input.dueBy < statutory) {
        return new ChaincodeError('DEPARTURE_PERIOD_TOO_SHORT', `the departure period runs at least until ${statutory}`, {
          earliestDueBy: statutory,
          basis: removal.basis,
        });
      }
      return undefined;
    },
    doneDates: effectiveOnDone,
    apply: (current, input) => {
      const statutory = enforceability(current).departureDueOn;
      const granted = input.dueBy !== undefined && input.dueBy !== statutory ? input.dueBy : null;
      return {
        state: 'DEPARTURE_REQUIRED',
        effectiveOn: input.effectiveOn,
        dueBy: input.dueBy ?? statutory,
        ...withDates(current, { departurePeriodEndsOn: granted }),
      };
    },
  }),
  recordToleration: defineRule({
    summary: 'Grants a toleration (Duldung): a removal hold until it ends.',
    law: unchangedLaw('§ 60a AufenthG: temporary suspension of removal (Duldung)'),
    from: ['DEPARTURE_REQUIRED'],
    to: ['TOLERATED'],
    roles: ['ABH', 'LAND_ZAB'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: RecordTolerationInput,
    precondition: receptionResidentsForZab('a toleration'),
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'TOLERATED',
      holds: withHold(current.holds, 'REMOVAL_SUSPENDED_DULDUNG'),
      effectiveOn: input.effectiveOn,
      dueBy: input.dueBy ?? null,
    }),
  }),
  endToleration: defineRule({
    summary: 'Ends the toleration: the obligation to leave applies again.',
    law: unchangedLaw('§ 60a (5) AufenthG: the toleration lapses or is revoked'),
    from: ['TOLERATED'],
    to: ['DEPARTURE_REQUIRED'],
    roles: ['ABH'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'DEPARTURE_REQUIRED',
      holds: withoutHolds(current.holds, ['REMOVAL_SUSPENDED_DULDUNG']),
      effectiveOn: input.effectiveOn,
      dueBy: null,
    }),
  }),
  recordDeparture: defineRule({
    summary:
      'Records departure (voluntary, removal, Dublin transfer); a removal or transfer is refused under a hold and for a day before it became lawful, a transfer also after its transfer period.',
    law: procedureLaw(
      '§§ 58, 59 AufenthG; §§ 34a (2), 36 (3), 38 AsylG a.F.: removal once the obligation to leave is enforceable and no bar exists; a transfer only within the transfer period (Art. 29 Dublin III, Art. 46 AMMR)',
      '§§ 58, 59 AufenthG; §§ 34a (3), 38, 78 (9) AsylG, Art. 68 APR: removal once no right to remain and no bar exists; a transfer only within the transfer period (Art. 29 Dublin III, Art. 46 AMMR)',
    ),
    from: ['DEPARTURE_REQUIRED', 'TOLERATED', 'DECIDED', 'SERVED', 'UNDER_APPEAL', 'FINAL'],
    to: ['LEFT'],
    roles: ['ABH', 'LAND_ZAB'],
    targets: ['FEDERAL', 'CASE_LAND'],
    privateFields: [],
    input: RecordDepartureInput,
    checkBeforeState: refuseEnforcedDepartureUnderHold,
    guard: departureGuard,
    needsFollowUps: true,
    precondition: (current, input, context) => {
      if (!ENFORCED_DEPARTURE_MODES.includes(input.mode)) return undefined;
      const period = input.mode === 'DUBLIN_TRANSFER' ? transferPeriod(current) : undefined;
      if (period !== undefined && input.effectiveOn > period.dueOn) {
        return new ChaincodeError('TRANSFER_PERIOD_EXPIRED', `the transfer period ended on ${period.dueOn}: responsibility passed to Germany`, {
          periodEndedOn: period.dueOn,
          basis: period.basis,
        });
      }
      const { lawfulFrom, waitingFor, basis } = current.removal;
      if (lawfulFrom !== null && input.effectiveOn >= lawfulFrom) return refuseRemovalBarredByFollowUp(current, input, context.followUps);
      const why = lawfulFrom === null ? `it waits for ${waitingFor}` : `it is lawful from ${lawfulFrom}`;
      return new ChaincodeError('REMOVAL_NOT_YET_LAWFUL', `a ${input.mode} on ${input.effectiveOn} is not lawful: ${why}`, {
        lawfulFrom,
        waitingFor,
        basis,
      });
    },
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({ state: 'LEFT', departureMode: input.mode, effectiveOn: input.effectiveOn, dueBy: null }),
  }),
} satisfies Record<string, TransitionRule>;
