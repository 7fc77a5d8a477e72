/**
 * The transition table: every case transaction, from which states, by which roles, with which
 * input, whom it notifies, and what it changes. The chaincode, the gateway and the docs all read it.
 * The rows are kept by area of the procedure, one file each; this is the whole table, in process order.
 */
import { INTAKE_RULES } from './intake';
import { RESPONSIBILITY_CHECK_RULES } from './responsibility-check';
import { HEARING_RULES } from './hearing';
import { COMPETENCE_RULES } from './competence';
import { DECISION_RULES } from './decision';
import { COURT_RULES } from './court';
import { AFTER_DECISION_RULES } from './after-decision';
import { CASE_END_RULES } from './case-ends';
import { RECORD_KEEPING_RULES } from './record-keeping';
import { FOLLOW_UP_RULES } from './follow-up';

/** Every case transaction of the process model. */
export const TRANSITIONS = {
  ...INTAKE_RULES,
  ...RESPONSIBILITY_CHECK_RULES,
  ...HEARING_RULES,
  ...COMPETENCE_RULES,
  ...DECISION_RULES,
  ...COURT_RULES,
  ...AFTER_DECISION_RULES,
  ...CASE_END_RULES,
  ...RECORD_KEEPING_RULES,
  ...FOLLOW_UP_RULES,
};

/** Names of all case transactions. */
export type TransitionType = keyof typeof TRANSITIONS;

/** All transaction names in table order. */
export const TRANSITION_TYPES = Object.keys(TRANSITIONS) as TransitionType[];
