/**
 * The shape of one row of the transition table, with the hooks through which a transition brings
 * behaviour of its own to the engine, and the helper that keeps each row fully typed.
 */
import type { z } from 'zod';
import type { Actor, AuthorityDirectory, OrgKind, Role } from './authorities';
import type { CaseRecord, PrivateFieldName } from './case-record';
import type { CaseScope } from './case-scope';
import type { ChaincodeError } from './chaincode-error';
import type { RecordedEvent } from './correction-plan';
import type { RuleLaw } from './rule-law';
import type { TransitionType } from './transitions';
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
  | 'AUDIT'
  | 'EARLIER_CASE_RESPONSIBLE'
  | 'RECEIVING_LAND';

/** What the rule may read besides the case and its input. */
export interface RuleContext {
  /** German civil date of the transaction. */
  readonly today: string;
  /** MSP ID of the submitter. */
  readonly actorMsp: string;
}

/** Everything a decision may depend on besides the case and the input. */
export interface TransitionContext {
  readonly actor: Actor;
  readonly txId: string;
  /** German civil date of the transaction timestamp. */
  readonly today: string;
  readonly directory: AuthorityDirectory;
  /** Private fields from transient data, not yet validated. */
  readonly privateInput?: unknown;
  /** For a rule that {@link TransitionRule.needsHistory}: every recorded version of the case, oldest first. */
  readonly history?: readonly RecordedEvent[];
  /**
   * For a rule with {@link TransitionRule.linkedCaseRef}: the case it names as the contract read it,
   * null when none exists (undefined: not read, as in a replay).
   */
  readonly linkedCase?: CaseRecord | null;
  /**
   * For a rule that {@link TransitionRule.needsFollowUps}: the cases whose previousCaseRef is this
   * case, read through the follow-up index (undefined: not read, as in a replay).
   */
  readonly followUps?: readonly CaseRecord[];
}

/** A parsed input of some transition: the base fields every case write has. */
export interface TransitionInputBase {
  readonly caseRef: string;
  readonly requestId: string;
  readonly expectedSeq?: number;
}

/**
 * The engine itself, as a hook that replays other transitions calls it: one decision and the
 * input parser, each as the engine runs it for a client.
 */
export interface TransitionEngine {
  /**
   * Decides one transition.
   * @throws {ChaincodeError} with the code of the first failing check.
   */
  readonly decide: (
    type: TransitionType,
    current: CaseRecord | undefined,
    input: TransitionInputBase,
    context: TransitionContext,
  ) => { readonly record: CaseRecord };
  /**
   * Parses the input of a transition.
   * @throws {ChaincodeError} VALIDATION_FAILED
   */
  readonly parse: (type: TransitionType, raw: unknown) => TransitionInputBase;
}

/** Public fields a transition may change (identity, bookkeeping and seq are the engine's). */
export type CaseChanges = Partial<
  Omit<CaseRecord, 'caseRef' | 'seq' | 'lastTxId' | 'updatedByMsp' | 'updatedByRole' | 'participants'>
>;

/**
 * One row of the transition table. Besides its data, a row may carry hooks: each does one job at
 * one point of the engine's order of checks (check-order.ts), typed by the row's input schema.
 */
export interface TransitionRule<I extends z.ZodType = z.ZodType> {
  /** One sentence for the docs. */
  readonly summary: string;
  /**
   * The legal basis per regime, or why the rule does not exist under a regime (the engine refuses it
   * there with NOT_IN_REGIME).
   */
  readonly law: RuleLaw;
  /** States the case must be in; 'NONE' for a new case. */
  readonly from: readonly CaseState[] | 'NONE';
  /** States the case can be in afterwards (for docs and tests). */
  readonly to: readonly CaseState[];
  /** Roles that may submit it. */
  readonly roles: readonly Role[];
  /** Further restriction on the submitter's org kind, beyond what the role implies. */
  readonly orgKinds?: readonly OrgKind[];
  /** Which submitting orgs may act on an existing case; `CASE_LAND` when not given. */
  readonly scope?: CaseScope;
  /** Who must react. */
  readonly targets: readonly TargetSelector[];
  /** Private fields the transaction may carry in transient data. */
  readonly privateFields: readonly PrivateFieldName[];
  /** The input schema. */
  readonly input: I;
  /**
   * A refusal checked before the from-state, so that it holds in every state (the removal hold):
   * returns the error, or undefined.
   */
  readonly checkBeforeState?: (current: CaseRecord, input: z.infer<I>) => ChaincodeError | undefined;
  /** Extra precondition on the current case; returns why it fails (INVALID_TRANSITION), or undefined. */
  readonly guard?: (current: CaseRecord, input: z.infer<I>, context: RuleContext) => string | undefined;
  /**
   * The transaction's own precondition after the guard, against the directory and the day, with a
   * code of its own: returns the error, or undefined.
   */
  readonly precondition?: (current: CaseRecord, input: z.infer<I>, context: TransitionContext) => ChaincodeError | undefined;
  /**
   * A registration's own precondition (no case exists yet), at the step of the transaction-specific
   * preconditions: returns the error, or undefined.
   */
  readonly registrationCheck?: (input: z.infer<I>, context: TransitionContext) => ChaincodeError | undefined;
  /** Dates in the input that record something done and so may not lie in the future. */
  readonly doneDates?: (input: z.infer<I>) => readonly (string | null | undefined)[];
  /** The changes to the case. */
  readonly apply: (current: CaseRecord, input: z.infer<I>, context: RuleContext) => CaseChanges;
  /**
   * The responsible org after the transition, resolved against the directory (it replaces the
   * `responsible` of {@link TransitionRule.apply}).
   * @throws {ChaincodeError} when the directory names no fitting authority.
   */
  readonly resolveResponsible?: (input: z.infer<I>, context: TransitionContext) => string;
  /**
   * Decides the next case itself, instead of {@link TransitionRule.apply} and the engine's
   * bookkeeping (a correction replays the history through the engine).
   * @throws {ChaincodeError} with the code of what the decision refuses.
   */
  readonly decide?: (current: CaseRecord, input: z.infer<I>, context: TransitionContext, engine: TransitionEngine) => CaseRecord;
  /** The contract loads the case's recorded history into {@link TransitionContext.history}. */
  readonly needsHistory?: true;
  /**
   * The caseRef of another case the contract reads into {@link TransitionContext.linkedCase} (the
   * earlier case of a follow-up application), or null when there is none.
   */
  readonly linkedCaseRef?: (current: CaseRecord | undefined, input: z.infer<I>) => string | null;
  /** The contract loads the follow-up cases linked to this case into {@link TransitionContext.followUps}. */
  readonly needsFollowUps?: true;
  /** The participant list stays as it is: neither the submitter nor the targets join. */
  readonly freezesParticipants?: true;
  /** The case's private data is purged instead of merged. */
  readonly purgesPrivateData?: true;
}

/** Defines a transition rule with its input type inferred from its schema. */
export function defineRule<I extends z.ZodType>(rule: TransitionRule<I>): TransitionRule<I> {
  return rule;
}
