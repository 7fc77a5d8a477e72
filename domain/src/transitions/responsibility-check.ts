/**
 * The responsibility check between Member States (Dublin III, AMMR): the request or notification,
 * the acceptance (also by silence), the transfer decision, the transfer period with its extension,
 * and responsibility passing to Germany when the period ran out (responsibility-periods.ts).
 */
import { ChaincodeError } from '../chaincode-error';
import type { CaseRecord } from '../case-record';
import { isAfter } from '../ledger-date';
import type { ResponsibilityRegime } from '../legal-regimes';
import { isTransferDecision } from '../remedy-periods';
import { PENDING_STATUS, pendingReplyDue, requestDue, requestKindAbsence, replyDue, transferExtension, transferPeriod } from '../responsibility-periods';
import { responsibilityLaw } from '../rule-law';
import {
  ConcludeResponsibilityCheckInput,
  EffectiveOnlyInput,
  ExtendTransferPeriodInput,
  RecordDublinRequestInput,
  StartResponsibilityCheckInput,
} from '../transition-inputs';
import { defineRule, type TransitionRule } from '../transition-rule';
import type { DublinRequestKind, TransferExtensionGround } from '../vocabulary';
import { DECISION_DAYS_CLEARED, effectiveOnDone, URGENT_APPLICATION_STATES, withDates } from './shared-rules';

const regimeOf = (current: CaseRecord): ResponsibilityRegime => current.responsibilityRegime ?? 'AMMR';

/** The days of a request input that record something done. */
const requestDays = (input: { effectiveOn: string; eurodacHitOn?: string | undefined }): (string | undefined)[] => [input.effectiveOn, input.eurodacHitOn];

/** A request of a kind the case's regime knows, with the day it runs from, in time. */
function requestRefusal(current: CaseRecord, input: { kind: DublinRequestKind; effectiveOn: string; eurodacHitOn?: string | undefined }): ChaincodeError | undefined {
  const regime = regimeOf(current);
  const absence = requestKindAbsence(regime, input.kind);
  if (absence !== undefined) {
    return new ChaincodeError('NOT_IN_REGIME', `a ${input.kind} does not exist under ${regime}: ${absence}`, {
      transaction: 'recordDublinRequest',
      regime,
      reason: absence,
    });
  }
  const due = requestDue(regime, input.kind, { ...current.dates, eurodacHitOn: input.eurodacHitOn ?? current.dates.eurodacHitOn });
  if (due === undefined) {
    return new ChaincodeError('VALIDATION_FAILED', `a ${input.kind} needs the day of the Eurodac hit (eurodacHitOn) it runs from`, { field: 'eurodacHitOn' });
  }
  if (!isAfter(input.effectiveOn, due.dueOn)) return undefined;
  return new ChaincodeError('PERIOD_EXPIRED', `the period for a ${input.kind} ended on ${due.dueOn}; responsibility stays with Germany`, {
    periodEndedOn: due.dueOn,
    basis: due.basis,
  });
}

/** Why the conclusion cannot be recorded, or undefined: acceptance by silence only after the reply period ran out. */
function conclusionGuard(current: CaseRecord, input: { dublin: string; acceptedBy?: string | undefined; effectiveOn: string }): string | undefined {
  if (input.acceptedBy === undefined) return undefined;
  if (input.dublin !== 'ACCEPTED') return 'acceptedBy goes only with ACCEPTED';
  if (input.acceptedBy === 'REPLY') return undefined;
  const reply = pendingReplyDue(current);
  if (reply === undefined) return 'acceptance by silence needs a pending request';
  return isAfter(input.effectiveOn, reply.dueOn) ? undefined : `the other Member State may still reply until ${reply.dueOn}: silence is acceptance only after that day`;
}

/** The day of the acceptance: the reply's day, or by silence the last day of the reply period. */
function acceptedOn(current: CaseRecord, input: { acceptedBy?: string | undefined; effectiveOn: string }): string {
  if (input.acceptedBy !== 'SILENCE') return input.effectiveOn;
  return pendingReplyDue(current)?.dueOn ?? input.effectiveOn;
}

/** A running transfer period of a transfer decision: why not, or undefined. */
function runningTransferGuard(current: CaseRecord): string | undefined {
  if (!isTransferDecision(current)) return 'the case has no transfer decision';
  return transferPeriod(current) === undefined ? 'the transfer period does not run while the court suspended the transfer' : undefined;
}

/** The transfer period has not ended before the day given. */
function transferPeriodRefusal(current: CaseRecord, effectiveOn: string): ChaincodeError | undefined {
  const period = transferPeriod(current);
  if (period === undefined || !isAfter(effectiveOn, period.dueOn)) return undefined;
  return new ChaincodeError('TRANSFER_PERIOD_EXPIRED', `the transfer period ended on ${period.dueOn}: responsibility passed to Germany`, {
    periodEndedOn: period.dueOn,
    basis: period.basis,
  });
}

const LONGER: Readonly<Record<ReturnType<typeof transferExtension>, readonly TransferExtensionGround[]>> = {
  NONE: ['IMPRISONMENT', 'ABSCONDING'],
  IMPRISONMENT: ['ABSCONDING'],
  ABSCONDING: [],
};

/** The responsibility check between Member States (Dublin III, AMMR). */
export const RESPONSIBILITY_CHECK_RULES = {
  startResponsibilityCheck: defineRule({
    summary: 'Starts the Dublin responsibility check; eurodacHitOn when it starts on a Eurodac hit (the request or notification deadline runs from it).',
    law: responsibilityLaw(
      'Arts. 20, 21 Dublin III (Reg. (EU) 604/2013): the procedure for determining the responsible Member State',
      'Art. 39 AMMR (Reg. (EU) 2024/1351): the responsibility procedure starts immediately after registration',
    ),
    from: ['APPLICATION_LODGED'],
    to: ['RESPONSIBILITY_CHECK'],
    roles: ['BAMF_DUBLIN'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: StartResponsibilityCheckInput,
    guard: (_current, input) =>
      input.eurodacHitOn !== undefined && input.eurodacHitOn > input.effectiveOn ? `the Eurodac hit (${input.eurodacHitOn}) lies after the start of the check` : undefined,
    doneDates: requestDays,
    apply: (current, input) => ({
      state: 'RESPONSIBILITY_CHECK',
      dublin: 'CHECKING',
      effectiveOn: input.effectiveOn,
      ...withDates(current, { eurodacHitOn: input.eurodacHitOn ?? current.dates.eurodacHitOn }),
    }),
  }),
  recordDublinRequest: defineRule({
    summary:
      'Records a take charge or take back request (Dublin III) or a take charge request or take back notification (AMMR), refused after its period; dueBy becomes the reply deadline, after which silence is acceptance.',
    law: responsibilityLaw(
      'Arts. 21, 22, 23, 25 Dublin III: take charge request within three months (two of a Eurodac hit), reply within two months; take back request within two months of the Eurodac hit (three otherwise), reply within one month or two weeks; silence is acceptance',
      'Arts. 39, 40, 41 AMMR: take charge request within two months of registration, reply within one month, silence is acceptance; take back notification within two weeks of the Eurodac hit, confirmed within two weeks',
    ),
    from: ['RESPONSIBILITY_CHECK'],
    to: ['RESPONSIBILITY_CHECK'],
    roles: ['BAMF_DUBLIN'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: RecordDublinRequestInput,
    guard: (_current, input) =>
      input.eurodacHitOn !== undefined && input.eurodacHitOn > input.effectiveOn ? `the Eurodac hit (${input.eurodacHitOn}) lies after the request` : undefined,
    precondition: (current, input) => requestRefusal(current, input),
    doneDates: requestDays,
    apply: (current, input) => {
      const eurodacHitOn = input.eurodacHitOn ?? current.dates.eurodacHitOn;
      return {
        dublin: PENDING_STATUS[input.kind],
        dueBy: replyDue(regimeOf(current), input.kind, input.effectiveOn, eurodacHitOn).dueOn,
        effectiveOn: input.effectiveOn,
        ...withDates(current, { eurodacHitOn, responsibilityRequestOn: input.effectiveOn }),
      };
    },
  }),
  concludeResponsibilityCheck: defineRule({
    summary:
      'Ends the Dublin check: back to the national procedure, or, when another state accepted or confirmed (by its reply, or by silence once the reply period ran out), the transfer decision: under the AMMR an outcome of its own (TRANSFER), under Dublin III inadmissibility.',
    law: responsibilityLaw(
      'Art. 29 Dublin III, § 29 (1) Nr. 1, § 34a AsylG a.F.: inadmissible; the transfer is ordered (Abschiebungsanordnung)',
      'Arts. 40 (2), 41 (2), 42 AMMR, § 34a (1) AsylG: transfer decision with an Abschiebungsanordnung, no longer an inadmissibility decision',
    ),
    from: ['RESPONSIBILITY_CHECK'],
    to: ['APPLICATION_LODGED', 'DECIDED'],
    roles: ['BAMF_DUBLIN'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: ConcludeResponsibilityCheckInput,
    guard: (current, input) => conclusionGuard(current, input),
    doneDates: effectiveOnDone,
    apply: (current, input) =>
      input.dublin === 'ACCEPTED'
        ? {
            state: 'DECIDED',
            outcomeClass: regimeOf(current) === 'AMMR' ? 'TRANSFER' : 'INADMISSIBLE',
            dublin: 'ACCEPTED',
            effectiveOn: input.effectiveOn,
            dueBy: null,
            ...withDates(current, { decidedOn: input.effectiveOn, responsibilityAcceptedOn: acceptedOn(current, input) }),
          }
        : { state: 'APPLICATION_LODGED', dublin: input.dublin, effectiveOn: input.effectiveOn, dueBy: null },
  }),
  extendTransferPeriod: defineRule({
    summary:
      'Extends the running transfer period because the person is imprisoned or absconded (an absconding may follow an imprisonment); refused once the period ended.',
    law: responsibilityLaw(
      'Art. 29 (2) Dublin III: the transfer period is extended to twelve months (imprisonment) or eighteen months (absconding)',
      'Art. 46 (2) AMMR, § 47 (1c) AsylG: the transfer period is extended to one year (imprisonment) or three years (absconding)',
    ),
    from: URGENT_APPLICATION_STATES,
    to: URGENT_APPLICATION_STATES,
    roles: ['BAMF_DUBLIN'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: [],
    input: ExtendTransferPeriodInput,
    guard: (current, input) => {
      const running = runningTransferGuard(current);
      if (running !== undefined) return running;
      const extension = transferExtension(current.dates);
      return LONGER[extension].includes(input.extensionGround) ? undefined : `the transfer period is extended already (${extension})`;
    },
    precondition: (current, input) => transferPeriodRefusal(current, input.effectiveOn),
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      effectiveOn: input.effectiveOn,
      ...withDates(
        current,
        input.extensionGround === 'ABSCONDING' ? { transferExtendedForAbscondingOn: input.effectiveOn } : { transferExtendedForImprisonmentOn: input.effectiveOn },
      ),
    }),
  }),
  recordResponsibilityPassed: defineRule({
    summary:
      'Records that the transfer period ran out without a transfer: responsibility passed to Germany, the transfer decision is gone and the case returns to the national procedure; refused while the period runs.',
    law: responsibilityLaw(
      'Art. 29 (2) Dublin III: after the transfer period the requesting Member State is responsible',
      'Art. 46 (2) AMMR: after the transfer period responsibility passes to the requesting or notifying Member State',
    ),
    from: URGENT_APPLICATION_STATES,
    to: ['APPLICATION_LODGED'],
    roles: ['BAMF_DUBLIN'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    guard: (current, input) => {
      const running = runningTransferGuard(current);
      if (running !== undefined) return running;
      const period = transferPeriod(current);
      return period !== undefined && !isAfter(input.effectiveOn, period.dueOn) ? `the transfer period runs until ${period.dueOn}` : undefined;
    },
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'APPLICATION_LODGED',
      outcomeClass: null,
      procedureTrack: null,
      dublin: 'TRANSFER_PERIOD_EXPIRED',
      holds: [],
      servedOn: null,
      effectiveOn: input.effectiveOn,
      dueBy: null,
      ...withDates(current, DECISION_DAYS_CLEARED),
    }),
  }),
} satisfies Record<string, TransitionRule>;
