/**
 * Follow-up applications (Folgeantrag) and second applications (Zweitantrag): how a later
 * application bars the removal of the same person under the earlier case, as a derived fact of the
 * later case computed from its recorded days (never from a clock); the registration rules of the
 * two kinds and of inland screening per regime.
 *
 * - Reformed law (§ 71 (3) AsylG, Arts. 10, 55, 56 APR): a follow-up application bars removal until
 *   BAMF decides it; then, where no further procedure is held, until the suit period (§ 74 (1) S. 1
 *   or 3) has run and a urgent application filed within it is decided (S. 3). In the cases of
 *   Art. 56 APR removal is lawful once BAMF has communicated that non-refoulement is respected
 *   (S. 2). § 71a (second application) is repealed: a second application is a follow-up application.
 * - Old law (§ 71 (5) AsylG a.F.): no removal before BAMF decided; then, where no further procedure
 *   is held, not before the one-week suit period (§ 74 (1) second half-sentence) has run and a
 *   timely urgent application is decided. The shortcut of § 71 (5) S. 2 a.F. (abusive or repeated
 *   applications) is not modelled: the longer bar is the reading that bars removal. A second
 *   application (§ 71a a.F.) is tolerated until BAMF decides, then §§ 34-36 a.F. apply.
 * - Where a further procedure is held (the decision is on the merits) or a court suspended the
 *   decision, the follow-up case's own removal status governs the earlier case as well.
 */
import type { CaseRecord } from './case-record';
import { ChaincodeError } from './chaincode-error';
import { GEAS_PROCEDURE_FROM, procedureRegimeOf, type ProcedureRegime } from './legal-regimes';
import type { LegalBasisCode } from './legal-bases';
import { dayAfter, periodEnd } from './legal-periods';
import { suitDeadline } from './remedy-periods';
import type { RemovalStatus, RemovalWait } from './removal-status';
import { absenceUnder, notInRegime, procedureLaw, regimeFor, type RuleLaw } from './rule-law';
import type { TransitionContext } from './transition-rule';
import { ENFORCED_DEPARTURE_MODES, type DepartureMode, type ProcedureKind } from './vocabulary';

/** A second application exists only under the old AsylG (§ 71a repealed by the GEAS-Anpassungsgesetz). */
export const SECOND_APPLICATION_LAW: RuleLaw = procedureLaw(
  '§ 71a AsylG a.F.: application after an unsuccessful asylum procedure in a safe third country',
  notInRegime('§ 71a AsylG is repealed: an application after a final decision in another Member State is a follow-up application (Art. 3 Nr. 19 APR, § 71 (1) AsylG); register a FOLGEANTRAG'),
);

/** Inland screening exists only under the reform (§ 15b AufenthG, Regulation (EU) 2024/1356). */
export const SCREENING_LAW: RuleLaw = procedureLaw(
  notInRegime('screening (Regulation (EU) 2024/1356, § 15b AufenthG) applies only from 12 June 2026'),
  '§ 15b AufenthG, Art. 7 Screening Regulation, § 19 (1) S. 2 AsylG: inland screening, then referral to the asylum procedure',
);

/** What bars removal under the earlier case, by one follow-up case. */
export interface FollowUpBar {
  /** The first day removal under the earlier case is lawful as far as this follow-up goes; null while it waits. */
  readonly lawfulFrom: string | null;
  /** What it waits for, while no day can be named. */
  readonly waitingFor: RemovalWait | null;
  readonly basis: LegalBasisCode;
}

/** The facts of a follow-up case its bar is derived from (the case record has them). */
export type FollowUpFacts = Pick<
  CaseRecord,
  'procedureKind' | 'state' | 'procedureRegime' | 'procedureTrack' | 'outcomeClass' | 'dublin' | 'servedOn' | 'dates' | 'nonRefoulement'
>;

/** Outcomes of a further procedure held on the follow-up application (its own removal status governs). */
const MERITS_OUTCOMES = new Set(['PROTECTION', 'REJECTED', 'REJECTED_MANIFESTLY_UNFOUNDED']);

const waitFor = (waitingFor: RemovalWait, basis: LegalBasisCode): FollowUpBar => ({ lawfulFrom: null, waitingFor, basis });

/** The regime of a follow-up case: from its lodging, else from its registration (an application lodged that day). */
function regimeOf(facts: FollowUpFacts): ProcedureRegime {
  return facts.procedureRegime ?? procedureRegimeOf(facts.dates.registeredOn ?? GEAS_PROCEDURE_FROM);
}

function basisOf(kind: ProcedureKind, regime: ProcedureRegime): LegalBasisCode {
  if (kind === 'ZWEITANTRAG') return 'ASYLG_71A_OLD';
  return regime === 'LEGACY' ? 'ASYLG_71_5_OLD' : 'ASYLG_71_3_FOLLOW_UP';
}

/** The bar as the follow-up case's own removal status states it (no day: waits for what it waits for). */
function fromOwnStatus(own: RemovalStatus, basis: LegalBasisCode): FollowUpBar {
  return own.lawfulFrom === null
    ? { lawfulFrom: null, waitingFor: own.waitingFor ?? 'ENFORCEABLE_DECISION', basis: own.basis ?? basis }
    : { lawfulFrom: own.lawfulFrom, waitingFor: null, basis: own.basis ?? basis };
}

/**
 * After a decision that holds no further procedure (inadmissible, or a withdrawal): the suit period
 * and a urgent application filed within it (§ 71 (3) S. 3; a.F.: the week of § 74 (1) second half-sentence).
 */
function afterDecisionWithoutProcedure(facts: FollowUpFacts, regime: ProcedureRegime, legacy: boolean, basis: LegalBasisCode, ownRemoval: RemovalStatus): FollowUpBar {
  const { servedOn, dates } = facts;
  if (dates.suspensionOrderedOn !== null) return fromOwnStatus(ownRemoval, basis);
  if (servedOn === null) return waitFor('FOLLOW_UP_SERVICE', basis);
  const suitEnd = legacy ? periodEnd(servedOn, { weeks: 1 }) : suitDeadline({ ...facts, procedureRegime: regime }, servedOn);
  const { urgentApplicationOn, urgentDecidedOn } = dates;
  const timely = urgentApplicationOn !== null && urgentApplicationOn <= suitEnd;
  if (!timely) return { lawfulFrom: dayAfter(suitEnd), waitingFor: null, basis };
  if (urgentDecidedOn === null) return waitFor('URGENT_APPLICATION_DECISION', basis);
  return { lawfulFrom: dayAfter(urgentDecidedOn > suitEnd ? urgentDecidedOn : suitEnd), waitingFor: null, basis };
}

/**
 * The bar a follow-up or second application puts on the removal of the same person under the
 * earlier case, or undefined when it puts none (a first application, a case closed, left or erased).
 * @param ownRemoval the follow-up case's own removal status (it governs after a decision on the merits).
 */
export function followUpBar(facts: FollowUpFacts, ownRemoval: RemovalStatus): FollowUpBar | undefined {
  if (facts.procedureKind === 'ERSTANTRAG') return undefined;
  if (facts.state === 'CLOSED' || facts.state === 'LEFT' || facts.state === 'ERASED') return undefined;
  const regime = regimeOf(facts);
  const legacy = regime === 'LEGACY' || facts.procedureKind === 'ZWEITANTRAG';
  const basis = basisOf(facts.procedureKind, regime);
  const { outcomeClass } = facts;
  if (outcomeClass !== null && MERITS_OUTCOMES.has(outcomeClass)) return fromOwnStatus(ownRemoval, basis);
  if (!legacy && facts.nonRefoulement !== null) {
    return { lawfulFrom: facts.nonRefoulement.communicatedOn, waitingFor: null, basis: 'ASYLG_71_3_NON_REFOULEMENT' };
  }
  if (outcomeClass === null) return waitFor('FOLLOW_UP_DECISION', basis);
  return afterDecisionWithoutProcedure(facts, regime, legacy, basis, ownRemoval);
}

/**
 * The follow-up case's own removal status with the bar as its floor: never lawful before the bar
 * allows (the statutory status of its own decision is, as far as the law goes, never earlier).
 */
export function withFollowUpFloor(status: RemovalStatus, bar: FollowUpBar | undefined): RemovalStatus {
  if (bar === undefined || status.lawfulFrom === null) return status;
  if (bar.lawfulFrom === null) return { lawfulFrom: null, basis: bar.basis, waitingFor: bar.waitingFor, departureDueOn: null };
  return bar.lawfulFrom > status.lawfulFrom ? { ...status, lawfulFrom: bar.lawfulFrom, basis: bar.basis } : status;
}

/**
 * Refuses a removal or transfer under a case while a follow-up case linked to it bars it.
 * @param followUps the cases whose previousCaseRef is this case, as the contract loaded them (undefined: not loaded, as in a replay).
 * @returns REMOVAL_BARRED_BY_FOLLOW_UP naming the first barring follow-up case, or undefined.
 */
export function refuseRemovalBarredByFollowUp(
  current: CaseRecord,
  input: { readonly mode: DepartureMode; readonly effectiveOn: string },
  followUps: readonly CaseRecord[] | undefined,
): ChaincodeError | undefined {
  if (!ENFORCED_DEPARTURE_MODES.includes(input.mode)) return undefined;
  for (const followUp of followUps ?? []) {
    if (followUp.previousCaseRef !== current.caseRef) continue;
    const bar = followUpBar(followUp, followUp.removal);
    if (bar === undefined || (bar.lawfulFrom !== null && input.effectiveOn >= bar.lawfulFrom)) continue;
    const why = bar.lawfulFrom === null ? `it waits for ${bar.waitingFor}` : `it bars removal until ${bar.lawfulFrom}`;
    return new ChaincodeError('REMOVAL_BARRED_BY_FOLLOW_UP', `a ${input.mode} on ${input.effectiveOn} is barred by the follow-up case ${followUp.caseRef}: ${why}`, {
      followUpCaseRef: followUp.caseRef,
      waitingFor: bar.waitingFor,
      lawfulFrom: bar.lawfulFrom,
      basis: bar.basis,
    });
  }
  return undefined;
}

/** What a registration carries that its regime or the ledger may refuse. */
export interface RegistrationFacts {
  readonly procedureKind: ProcedureKind;
  readonly effectiveOn: string;
  readonly previousCaseRef?: string | undefined;
  readonly screeningCompletedOn?: string | undefined;
}

function notInRegimeError(law: RuleLaw, today: string, what: string): ChaincodeError | undefined {
  const regime = regimeFor(law, undefined, today);
  const reason = absenceUnder(law, regime);
  if (reason === undefined) return undefined;
  return new ChaincodeError('NOT_IN_REGIME', `${what} does not exist under ${regime}: ${reason}`, { transaction: 'registerCase', regime, reason });
}

/**
 * The registration's own checks: its regime is the one an application lodged on the transaction's
 * day would have (rule-law.ts); a second application and screening per regime; the earlier case
 * exists (when the contract loaded it: a replay does not, the link was checked when recorded).
 * @returns NOT_IN_REGIME, VALIDATION_FAILED or PREVIOUS_CASE_NOT_FOUND, or undefined.
 */
export function checkRegistration(input: RegistrationFacts, context: TransitionContext): ChaincodeError | undefined {
  if (input.procedureKind === 'ZWEITANTRAG') {
    const refusal = notInRegimeError(SECOND_APPLICATION_LAW, context.today, 'a second application (ZWEITANTRAG)');
    if (refusal) return refusal;
  }
  const screened = input.screeningCompletedOn;
  if (screened !== undefined) {
    const refusal = notInRegimeError(SCREENING_LAW, context.today, 'screening') ?? notInRegimeError(SCREENING_LAW, screened, 'screening');
    if (refusal) return refusal;
    if (screened > input.effectiveOn) {
      return new ChaincodeError('VALIDATION_FAILED', `screening ends before the registration: ${screened} is after ${input.effectiveOn}`, {
        field: 'screeningCompletedOn',
      });
    }
  }
  const linked = context.linkedCase;
  if (input.previousCaseRef !== undefined && linked !== undefined && (linked === null || linked.state === 'ERASED')) {
    return new ChaincodeError('PREVIOUS_CASE_NOT_FOUND', 'previousCaseRef names no case on the ledger', { field: 'previousCaseRef' });
  }
  return undefined;
}
