/**
 * Which other cases the contract reads for a transition, besides the case itself: the case a
 * follow-up application links to, and the follow-up cases linked to the case. Reads only, each a
 * key or a composite-key range of the world state, so every endorser reads the same and Fabric
 * re-checks them at commit.
 */
import type { CaseRecord } from './case-record';
import type { TransitionInputBase, TransitionRule } from './transition-rule';
import { TRANSITIONS, type TransitionType } from './transitions';

/** The caseRef of the other case a transition reads into `linkedCase`, or null. */
export function linkedCaseRefOf(type: TransitionType, current: CaseRecord | undefined, input: TransitionInputBase): string | null {
  const rule = TRANSITIONS[type] as TransitionRule;
  return rule.linkedCaseRef?.(current, input) ?? null;
}

/** Whether a transition reads the follow-up cases linked to its case into `followUps`. */
export function readsFollowUps(type: TransitionType): boolean {
  return (TRANSITIONS[type] as TransitionRule).needsFollowUps === true;
}
