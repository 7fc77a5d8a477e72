/**
 * The legal basis of each transition rule, per legal regime. Two regimes run side by side (see
 * legal-regimes.ts): the procedure regime (AsylG before 12 June 2026, or APR and the reformed AsylG)
 * and the responsibility regime (Dublin III, or the AMMR). A rule states its basis under both
 * regimes of the dimension it belongs to, or says why it does not exist under one of them; the
 * engine refuses a rule in a case whose regime it does not exist in (NOT_IN_REGIME).
 */
import { procedureRegimeOf, type ProcedureRegime, type ResponsibilityRegime } from './legal-regimes';

/** A rule's legal basis under one regime, or why the rule does not exist there. */
export type RegimeBasis = string | { readonly notInRegime: string };

/** The legal basis of a rule in both regimes of its dimension. */
export type RuleLaw =
  | { readonly by: 'PROCEDURE'; readonly LEGACY: RegimeBasis; readonly GEAS: RegimeBasis }
  | { readonly by: 'RESPONSIBILITY'; readonly DUBLIN_III: RegimeBasis; readonly AMMR: RegimeBasis };

/** A rule of the asylum procedure with a basis under the old and under the reformed AsylG. */
export function procedureLaw(legacy: RegimeBasis, geas: RegimeBasis): RuleLaw {
  return { by: 'PROCEDURE', LEGACY: legacy, GEAS: geas };
}

/** A rule of the asylum procedure whose basis did not change with the reform. */
export function unchangedLaw(basis: string): RuleLaw {
  return procedureLaw(basis, basis);
}

/** A rule of the responsibility procedure, under Dublin III and under the AMMR. */
export function responsibilityLaw(dublin: RegimeBasis, ammr: RegimeBasis): RuleLaw {
  return { by: 'RESPONSIBILITY', DUBLIN_III: dublin, AMMR: ammr };
}

/** Marks a rule as not existing under a regime, with the reason. */
export function notInRegime(reason: string): RegimeBasis {
  return { notInRegime: reason };
}

/** The two regime names of each dimension, in the order the docs show them. */
export const REGIMES_BY_DIMENSION = {
  PROCEDURE: ['LEGACY', 'GEAS'],
  RESPONSIBILITY: ['DUBLIN_III', 'AMMR'],
} as const;

/** The regime a case is in, for the dimension of a rule. */
export type CaseRegime = ProcedureRegime | ResponsibilityRegime;

/** What the regime of a case is judged from. */
export interface RegimeFacts {
  readonly procedureRegime: ProcedureRegime | null;
  readonly responsibilityRegime: ResponsibilityRegime | null;
}

/**
 * The regime a rule is judged under for a case: its procedure regime, or before lodging the regime
 * an application lodged on the transaction's day would have (a case not yet lodged on 12 June 2026
 * is lodged under the reformed law); its responsibility regime (known from registration).
 */
export function regimeFor(law: RuleLaw, facts: RegimeFacts | undefined, today: string): CaseRegime {
  if (law.by === 'PROCEDURE') return facts?.procedureRegime ?? procedureRegimeOf(today);
  return facts?.responsibilityRegime ?? 'AMMR';
}

/** The basis of a rule under a regime of its dimension. */
export function basisUnder(law: RuleLaw, regime: CaseRegime): RegimeBasis {
  if (law.by === 'PROCEDURE' && (regime === 'LEGACY' || regime === 'GEAS')) return law[regime];
  if (law.by === 'RESPONSIBILITY' && (regime === 'DUBLIN_III' || regime === 'AMMR')) return law[regime];
  return { notInRegime: `${regime} is not a regime of the ${law.by.toLowerCase()} dimension` };
}

/** Why a rule does not exist under a regime, or undefined when it does. */
export function absenceUnder(law: RuleLaw, regime: CaseRegime): string | undefined {
  const basis = basisUnder(law, regime);
  return typeof basis === 'string' ? undefined : basis.notInRegime;
}
