/**
 * Who may submit a transition: the role must be one of the rule's roles and the org kind one the
 * rule allows. The engine checks it on the ledger; a gateway checks it before anything is
 * submitted. One rule, read by both.
 */
import type { OrgKind, Role } from './authorities';
import type { TransitionRule } from './transition-rule';
import { TRANSITIONS, type TransitionType } from './transitions';

/** Whether a role of an org of a kind may submit a transition. */
export function mayPerform(type: TransitionType, role: Role, kind: OrgKind): boolean {
  const rule = TRANSITIONS[type] as TransitionRule;
  return rule.roles.includes(role) && (rule.orgKinds === undefined || rule.orgKinds.includes(kind));
}
