/**
 * The periods for remedies against BAMF's decision, per procedure regime and track: the suit, the
 * urgent application, leave to appeal, the request to remain at the appeal stage. Counted from the
 * recorded days with the rules of legal-periods.ts.
 */
import { type ProcedureRegime, type ProcedureTrack, type ResponsibilityRegime } from './legal-regimes';
import { periodEnd } from './legal-periods';
import type { OutcomeClass, DublinStatus } from './vocabulary';

/** What the periods of a decision depend on. */
export interface DecisionFacts {
  readonly procedureRegime: ProcedureRegime | null;
  readonly procedureTrack: ProcedureTrack | null;
  readonly outcomeClass: OutcomeClass | null;
  readonly dublin: DublinStatus;
  /** The responsibility regime, where known: under the AMMR only a TRANSFER outcome is a transfer decision. */
  readonly responsibilityRegime?: ResponsibilityRegime | null;
}

/**
 * Whether the decision orders a transfer to the responsible Member State (§ 34a AsylG): an AMMR
 * transfer decision (Art. 42 AMMR), or under Dublin III an inadmissibility decision after another
 * Member State accepted (§ 29 (1) Nr. 1 AsylG a.F.).
 */
export function isTransferDecision(facts: Pick<DecisionFacts, 'outcomeClass' | 'dublin' | 'responsibilityRegime'>): boolean {
  if (facts.outcomeClass === 'TRANSFER') return true;
  return facts.outcomeClass === 'INADMISSIBLE' && facts.dublin === 'ACCEPTED' && facts.responsibilityRegime !== 'AMMR';
}

/** Outcomes after which the person is obliged to leave (after a withdrawn protection: once the Ausländerbehörde ends the residence). */
export function isNegative(outcome: OutcomeClass | null): boolean {
  return (
    outcome === 'REJECTED' ||
    outcome === 'REJECTED_MANIFESTLY_UNFOUNDED' ||
    outcome === 'INADMISSIBLE' ||
    outcome === 'DISCONTINUED' ||
    outcome === 'TRANSFER' ||
    outcome === 'PROTECTION_WITHDRAWN'
  );
}

/**
 * Reformed procedure: a decision whose suit has no suspensive effect (Art. 68 (3) APR): a
 * (manifestly) unfounded rejection in the accelerated or border procedure (a), inadmissibility (b),
 * the withdrawal of the application (c).
 */
export function lacksSuspensiveEffect(facts: DecisionFacts): boolean {
  if (facts.procedureRegime !== 'GEAS') return false;
  if (facts.outcomeClass === 'INADMISSIBLE' || facts.outcomeClass === 'DISCONTINUED') return true;
  const rejected = facts.outcomeClass === 'REJECTED' || facts.outcomeClass === 'REJECTED_MANIFESTLY_UNFOUNDED';
  return rejected && (facts.procedureTrack === 'ACCELERATED' || facts.procedureTrack === 'BORDER');
}

/**
 * Weeks to file the suit after service (§ 74 (1) AsylG). Reformed procedure: one week for
 * transfer decisions and in the cases of Art. 67 (7) (a) APR (inadmissibility, a (manifestly)
 * unfounded rejection in the accelerated or border procedure), two weeks otherwise; a withdrawal is
 * given two weeks (explicit or implicit is not recorded: the longer period is the reading that bars
 * removal). Before the reform: one week for manifestly unfounded and inadmissible decisions
 * (§ 74 (1) with § 36 (3) AsylG a.F.), two weeks otherwise.
 */
export function suitWeeks(facts: DecisionFacts): 1 | 2 {
  if (isTransferDecision(facts)) return 1;
  if (facts.procedureRegime === 'GEAS') {
    if (facts.outcomeClass === 'INADMISSIBLE') return 1;
    const rejected = facts.outcomeClass === 'REJECTED' || facts.outcomeClass === 'REJECTED_MANIFESTLY_UNFOUNDED';
    return rejected && (facts.procedureTrack === 'ACCELERATED' || facts.procedureTrack === 'BORDER') ? 1 : 2;
  }
  return facts.outcomeClass === 'REJECTED_MANIFESTLY_UNFOUNDED' || facts.outcomeClass === 'INADMISSIBLE' ? 1 : 2;
}

/** The last day to file the suit against a decision served on `servedOn`. */
export function suitDeadline(facts: DecisionFacts, servedOn: string): string {
  return periodEnd(servedOn, { weeks: suitWeeks(facts) });
}

/**
 * Whether an urgent application is the remedy that bars removal (no suspensive suit): transfer
 * decisions, the cases of Art. 68 (3) APR, and before the reform the § 36 AsylG a.F. cases
 * (manifestly unfounded, inadmissible).
 */
export function needsUrgentApplication(facts: DecisionFacts): boolean {
  if (isTransferDecision(facts) || lacksSuspensiveEffect(facts)) return true;
  return facts.procedureRegime === 'LEGACY' && (facts.outcomeClass === 'REJECTED_MANIFESTLY_UNFOUNDED' || facts.outcomeClass === 'INADMISSIBLE');
}

/** The last day for the urgent application: one week after service (§ 36 (2), § 34a (3) AsylG; § 36 (3) a.F.). */
export function urgentApplicationDeadline(servedOn: string): string {
  return periodEnd(servedOn, { weeks: 1 });
}

/** The last day to apply for leave to appeal against a judgment served on a day: one month (§ 78 (4) AsylG). */
export function leaveToAppealDeadline(judgmentServedOn: string): string {
  return periodEnd(judgmentServedOn, { months: 1 });
}
