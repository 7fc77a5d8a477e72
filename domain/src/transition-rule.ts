/**
 * The shape of one row of the transition table, and the helper that keeps each row fully typed.
 */
import type { z } from 'zod';
import type { OrgKind, Role } from './authorities';
import type { CaseRecord, PrivateFieldName } from './case-record';
import type { CaseState } from './vocabulary';

/** Whom an event asks to react, resolved against the authority directory. */
export type TargetSelector =
  | 'FEDERAL'
  | 'CASE_LAND'
  | 'ORIGIN_LAND'
  | 'RESPONSIBLE'
  | 'PREVIOUS_RESPONSIBLE'
  | 'CASE_ABH'
  | 'PARTICIPANTS'
  | 'AUDIT';

/** What the rule may read besides the case and its input. */
export interface RuleContext {
  /** German civil date of the transaction. */
  readonly today: string;
  /** MSP ID of the submitter. */
  readonly actorMsp: string;
}

/** Public fields a transition may change (identity, bookkeeping and seq are the engine's). */
export type CaseChanges = Partial<
  Omit<CaseRecord, 'caseRef' | 'seq' | 'lastTxId' | 'updatedByMsp' | 'updatedByRole' | 'participants'>
>;

/** One row of the transition table. */
export interface TransitionRule<I extends z.ZodType = z.ZodType> {
  /** One sentence for the docs. */
  readonly summary: string;
  /** States the case must be in; 'NONE' for a new case. */
  readonly from: readonly CaseState[] | 'NONE';
  /** States the case can be in afterwards (for docs and tests). */
  readonly to: readonly CaseState[];
  /** Roles that may submit it. */
  readonly roles: readonly Role[];
  /** Further restriction on the submitter's org kind, beyond what the role implies. */
  readonly orgKinds?: readonly OrgKind[];
  /** Who must react. */
  readonly targets: readonly TargetSelector[];
  /** Private fields the transaction may carry in transient data. */
  readonly privateFields: readonly PrivateFieldName[];
  /** The input schema. */
  readonly input: I;
  /** Extra precondition on the current case; returns why it fails, or undefined. */
  readonly guard?: (current: CaseRecord, input: z.infer<I>, context: RuleContext) => string | undefined;
  /** Dates in the input that record something done and so may not lie in the future. */
  readonly doneDates?: (input: z.infer<I>) => readonly (string | null | undefined)[];
  /** The changes to the case. */
  readonly apply: (current: CaseRecord, input: z.infer<I>, context: RuleContext) => CaseChanges;
}

/** Defines a transition rule with its input type inferred from its schema. */
export function defineRule<I extends z.ZodType>(rule: TransitionRule<I>): TransitionRule<I> {
  return rule;
}
