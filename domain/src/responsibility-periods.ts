/**
 * The periods of the responsibility procedure between Member States, per responsibility regime
 * (legal-regimes.ts): the day a take charge or take back request or notification is due, the day
 * the other Member State must reply (silence is acceptance), and the transfer period with its
 * extensions. All are derived from the case's recorded days (procedure-dates.ts), never from a clock.
 *
 * | | Dublin III (registered before 1 July 2026) | AMMR (registered from 1 July 2026) |
 * |---|---|---|
 * | take charge request | 3 months of the application, 2 months of a Eurodac hit (Art. 21 (1)) | 2 months of registration (Art. 39 (1)) |
 * | take back | request: 2 months of the Eurodac hit, 3 months otherwise (Art. 23 (2)) | notification: 2 weeks of the Eurodac hit (Art. 41 (1)) |
 * | reply | take charge 2 months (Art. 22 (1)); take back 1 month, 2 weeks on a Eurodac hit (Art. 25 (1)) | take charge 1 month (Art. 40 (1)); confirmation 2 weeks (Art. 41 (2)) |
 * | transfer period | 6 / 12 / 18 months (Art. 29 (1), (2)) | 6 months / 1 year / 3 years (Art. 46 (1), (2)) |
 */
import type { LegalBasisCode } from './legal-bases';
import { periodEnd, type PeriodLength } from './legal-periods';
import type { ResponsibilityRegime } from './legal-regimes';
import type { ProcedureDates } from './procedure-dates';
import { isTransferDecision } from './remedy-periods';
import type { DublinRequestKind, DublinStatus, OutcomeClass } from './vocabulary';

/** A period's last day with its legal basis. */
export interface PeriodDay {
  readonly dueOn: string;
  readonly basis: LegalBasisCode;
}

/** The request kinds each regime knows: Dublin III has take back requests, the AMMR take back notifications. */
export const REQUEST_KINDS_BY_REGIME: Readonly<Record<ResponsibilityRegime, readonly DublinRequestKind[]>> = {
  DUBLIN_III: ['TAKE_CHARGE_REQUEST', 'TAKE_BACK_REQUEST'],
  AMMR: ['TAKE_CHARGE_REQUEST', 'TAKE_BACK_NOTIFICATION'],
};

/** Why a request kind does not exist in a regime, or undefined when it does. */
export function requestKindAbsence(regime: ResponsibilityRegime, kind: DublinRequestKind): string | undefined {
  if (REQUEST_KINDS_BY_REGIME[regime].includes(kind)) return undefined;
  return regime === 'AMMR'
    ? 'the AMMR has no take back requests: the other Member State is notified (Art. 41 AMMR, TAKE_BACK_NOTIFICATION)'
    : 'Dublin III knows no take back notification: the other Member State is requested (Art. 23 Dublin III, TAKE_BACK_REQUEST)';
}

/** The Dublin status while a request of a kind is pending. */
export const PENDING_STATUS: Readonly<Record<DublinRequestKind, DublinStatus>> = {
  TAKE_CHARGE_REQUEST: 'REQUEST_SENT',
  TAKE_BACK_REQUEST: 'TAKE_BACK_REQUEST_SENT',
  TAKE_BACK_NOTIFICATION: 'NOTIFICATION_SENT',
};

/** The kind of the pending request, from the Dublin status; undefined when none is pending. */
export function pendingRequestKind(dublin: DublinStatus): DublinRequestKind | undefined {
  return (Object.keys(PENDING_STATUS) as DublinRequestKind[]).find((kind) => PENDING_STATUS[kind] === dublin);
}

const TWO_WEEKS: PeriodLength = { weeks: 2 };
const months = (count: number): PeriodLength => ({ months: count });

/**
 * The last day to send a request of a kind, or undefined when the day it runs from is not recorded
 * (a take back notification without its Eurodac hit). Dublin III counts from the application
 * (Art. 20 (2) Dublin III: the ledger takes the registration day).
 */
export function requestDue(regime: ResponsibilityRegime, kind: DublinRequestKind, dates: Pick<ProcedureDates, 'registeredOn' | 'eurodacHitOn'>): PeriodDay | undefined {
  const { registeredOn, eurodacHitOn } = dates;
  if (regime === 'AMMR') {
    if (kind === 'TAKE_BACK_NOTIFICATION') return eurodacHitOn === null ? undefined : { dueOn: periodEnd(eurodacHitOn, TWO_WEEKS), basis: 'AMMR_41_NOTIFICATION' };
    return registeredOn === null ? undefined : { dueOn: periodEnd(registeredOn, months(2)), basis: 'AMMR_39_TAKE_CHARGE' };
  }
  const basis = kind === 'TAKE_BACK_REQUEST' ? 'DUBLIN_23_TAKE_BACK' : 'DUBLIN_21_TAKE_CHARGE';
  if (eurodacHitOn !== null) return { dueOn: periodEnd(eurodacHitOn, months(2)), basis };
  return registeredOn === null ? undefined : { dueOn: periodEnd(registeredOn, months(3)), basis };
}

/** The last day for the other Member State to reply to a request sent on `requestOn`; after it, silence is acceptance. */
export function replyDue(regime: ResponsibilityRegime, kind: DublinRequestKind, requestOn: string, eurodacHitOn: string | null): PeriodDay {
  if (regime === 'AMMR') {
    return kind === 'TAKE_BACK_NOTIFICATION'
      ? { dueOn: periodEnd(requestOn, TWO_WEEKS), basis: 'AMMR_41_CONFIRMATION' }
      : { dueOn: periodEnd(requestOn, months(1)), basis: 'AMMR_40_REPLY' };
  }
  if (kind === 'TAKE_CHARGE_REQUEST') return { dueOn: periodEnd(requestOn, months(2)), basis: 'DUBLIN_22_REPLY' };
  return { dueOn: periodEnd(requestOn, eurodacHitOn === null ? months(1) : TWO_WEEKS), basis: 'DUBLIN_25_REPLY' };
}

/** What the responsibility periods of a case are derived from. */
export interface ResponsibilityFacts {
  readonly state: string;
  readonly responsibilityRegime: ResponsibilityRegime | null;
  readonly outcomeClass: OutcomeClass | null;
  readonly dublin: DublinStatus;
  readonly dates: ProcedureDates;
}

/** The reply deadline of the pending request, if one is pending. */
export function pendingReplyDue(facts: ResponsibilityFacts): PeriodDay | undefined {
  const kind = pendingRequestKind(facts.dublin);
  const { responsibilityRequestOn, eurodacHitOn } = facts.dates;
  if (kind === undefined || responsibilityRequestOn === null) return undefined;
  return replyDue(facts.responsibilityRegime ?? 'AMMR', kind, responsibilityRequestOn, eurodacHitOn);
}

/**
 * The day the transfer period runs from: the acceptance or confirmation (for decisions recorded
 * without it, the day of the decision); after a court ordered suspensive effect, the day that
 * suspension ended by the final decision on the remedy (Dublin III: finality, § 80b VwGO; AMMR:
 * the first-instance dismissal unless the appeal court allowed remaining, § 78 (10) AsylG); null
 * while the suspension lasts.
 */
function transferPeriodStart(facts: ResponsibilityFacts): string | null {
  const { responsibilityAcceptedOn, decidedOn, suspensionOrderedOn, judgmentServedOn, remainingAllowedOn, finalOn } = facts.dates;
  if (suspensionOrderedOn === null) return responsibilityAcceptedOn ?? decidedOn;
  if (facts.responsibilityRegime !== 'AMMR' || judgmentServedOn === null || remainingAllowedOn !== null) return finalOn;
  return judgmentServedOn;
}

const TRANSFER_PERIODS = {
  AMMR: {
    NONE: { length: months(6), basis: 'AMMR_46_TRANSFER' },
    IMPRISONMENT: { length: months(12), basis: 'AMMR_46_TRANSFER_IMPRISONMENT' },
    ABSCONDING: { length: months(36), basis: 'AMMR_46_TRANSFER_ABSCONDING' },
  },
  DUBLIN_III: {
    NONE: { length: months(6), basis: 'DUBLIN_29_TRANSFER' },
    IMPRISONMENT: { length: months(12), basis: 'DUBLIN_29_TRANSFER_IMPRISONMENT' },
    ABSCONDING: { length: months(18), basis: 'DUBLIN_29_TRANSFER_ABSCONDING' },
  },
} as const satisfies Record<ResponsibilityRegime, Record<string, { length: PeriodLength; basis: LegalBasisCode }>>;

/** The extension ground in force: absconding (the longer) over imprisonment. */
export function transferExtension(dates: ProcedureDates): 'NONE' | 'IMPRISONMENT' | 'ABSCONDING' {
  if (dates.transferExtendedForAbscondingOn !== null) return 'ABSCONDING';
  return dates.transferExtendedForImprisonmentOn !== null ? 'IMPRISONMENT' : 'NONE';
}

/**
 * The last day of the transfer period of a transfer decision, with its basis; undefined when the
 * case has no transfer decision or the period does not run (a court's suspension lasts).
 */
export function transferPeriod(facts: ResponsibilityFacts): PeriodDay | undefined {
  if (!isTransferDecision(facts)) return undefined;
  const start = transferPeriodStart(facts);
  if (start === null) return undefined;
  const { length, basis } = TRANSFER_PERIODS[facts.responsibilityRegime ?? 'AMMR'][transferExtension(facts.dates)];
  return { dueOn: periodEnd(start, length), basis };
}

/**
 * The running deadlines of the responsibility procedure: while the check runs and no request is
 * pending, the request (take charge; take back once a Eurodac hit is recorded); while one is
 * pending, the reply; with a transfer decision, the transfer period.
 */
export function responsibilityDeadlines(facts: ResponsibilityFacts): { kind: 'RESPONSIBILITY_REQUEST' | 'RESPONSIBILITY_REPLY' | 'TRANSFER'; dueOn: string; basis: LegalBasisCode }[] {
  const regime = facts.responsibilityRegime ?? 'AMMR';
  if (facts.state === 'RESPONSIBILITY_CHECK') {
    const reply = pendingReplyDue(facts);
    if (reply !== undefined) return [{ kind: 'RESPONSIBILITY_REPLY', ...reply }];
    if (facts.dublin !== 'CHECKING') return [];
    const kinds = REQUEST_KINDS_BY_REGIME[regime].filter((kind) => kind === 'TAKE_CHARGE_REQUEST' || facts.dates.eurodacHitOn !== null);
    return kinds.flatMap((kind) => {
      const due = requestDue(regime, kind, facts.dates);
      return due === undefined ? [] : [{ kind: 'RESPONSIBILITY_REQUEST' as const, ...due }];
    });
  }
  const done = ['LEFT', 'CLOSED', 'ERASED', 'TITLE_ISSUED'].includes(facts.state);
  const period = done ? undefined : transferPeriod(facts);
  return period === undefined ? [] : [{ kind: 'TRANSFER', ...period }];
}
