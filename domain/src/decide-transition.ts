/**
 * The pure decision of one case transition: (current case, input, actor, directory) to the next
 * case and its event, or a coded error. No Fabric here: the contract feeds it and persists the result.
 * The engine knows no transaction by name: what a transition does beyond the common checks, its
 * row of the transition table says through its hooks (transition-rule.ts).
 */
import type { z } from 'zod';
import { type Actor, isLandScoped } from './authorities';
import { participantOrgs } from './authority-directory';
import { BLANK_PROCESS_FIELDS, type CaseRecord, PrivateInput, CaseRecord as CaseRecordSchema } from './case-record';
import type { CaseEvent } from './case-event';
import { checkCaseScope } from './case-scope';
import { ChaincodeError } from './chaincode-error';
import { resolveTargets } from './event-targets';
import { isAfter } from './ledger-date';
import { mayPerform } from './may-perform';
import { parsePrivateInput } from './private-input';
import type { RuleContext, TransitionContext, TransitionEngine, TransitionInputBase, TransitionRule } from './transition-rule';
import { ownInputFields } from './transition-inputs';
import { TRANSITIONS, type TransitionType } from './transitions';
import { withLegalStatus } from './legal-status';
import { retentionYearsOf } from './retention';
import { absenceUnder, regimeFor } from './rule-law';
import { parseInput } from './validate-input';

/** The result of a transition. */
export interface TransitionOutcome {
  readonly record: CaseRecord;
  readonly event: CaseEvent;
  /** Private fields (with their salt) to merge into the Land's collection, if any were given. */
  readonly privateFields: PrivateInput | undefined;
  /** Whether the responsible org changed (the key-level endorsement policy moves with it). */
  readonly responsibleChanged: boolean;
  /** Whether the case's private data must be purged. */
  readonly purgePrivateData: boolean;
}

/**
 * Parses the input of a transition.
 * @throws {ChaincodeError} VALIDATION_FAILED
 */
export function parseTransitionInput(type: TransitionType, raw: unknown): TransitionInputBase {
  return parseInput(TRANSITIONS[type].input as z.ZodType<TransitionInputBase>, raw, `input of ${type}`);
}

/** The engine, as a rule's own decision calls it back (a correction replays other transitions). */
const ENGINE: TransitionEngine = { decide: decideTransition, parse: parseTransitionInput };

/** Throws a hook's refusal, if it gave one. */
function refuse(error: ChaincodeError | undefined): void {
  if (error) throw error;
}

function ruleContext(context: TransitionContext): RuleContext {
  return { today: context.today, actorMsp: context.actor.mspId };
}

function checkRole(type: TransitionType, actor: Actor): void {
  if (!mayPerform(type, actor.role, actor.kind)) {
    throw new ChaincodeError('FORBIDDEN_ROLE', `role ${actor.role} of ${actor.mspId} may not perform ${type}`, {
      role: actor.role,
      mspId: actor.mspId,
      transaction: type,
    });
  }
}

function checkExistence(rule: TransitionRule, current: CaseRecord | undefined, caseRef: string): void {
  if (rule.from === 'NONE' && current) {
    throw new ChaincodeError('CASE_EXISTS', 'a case with this caseRef exists', { caseRef });
  }
  if (rule.from !== 'NONE' && !current) {
    throw new ChaincodeError('CASE_NOT_FOUND', 'no case with this caseRef', { caseRef });
  }
}

function checkExpectedSeq(current: CaseRecord, input: TransitionInputBase): void {
  if (input.expectedSeq !== undefined && input.expectedSeq !== current.seq) {
    throw new ChaincodeError('VERSION_CONFLICT', `case is at seq ${current.seq}, not ${input.expectedSeq}`, {
      seq: current.seq,
      expectedSeq: input.expectedSeq,
    });
  }
}

function checkState(type: TransitionType, rule: TransitionRule, current: CaseRecord, input: TransitionInputBase, context: RuleContext): void {
  const allowed = rule.from === 'NONE' ? [] : rule.from;
  const reason = allowed.includes(current.state) ? rule.guard?.(current, input, context) : `not allowed from ${current.state}`;
  if (reason !== undefined) {
    throw new ChaincodeError('INVALID_TRANSITION', `${type}: ${reason}`, {
      transaction: type,
      state: current.state,
      allowedFrom: allowed,
    });
  }
}

/** The transaction exists under the legal regime of the case (rule-law.ts). */
function checkRegime(type: TransitionType, rule: TransitionRule, current: CaseRecord | undefined, today: string): void {
  const regime = regimeFor(rule.law, current, today);
  const reason = absenceUnder(rule.law, regime);
  if (reason !== undefined) {
    throw new ChaincodeError('NOT_IN_REGIME', `${type} does not exist under ${regime}: ${reason}`, { transaction: type, regime, reason });
  }
}

/** The checks on an existing case, in the order check-order.ts documents. */
function checkCase(type: TransitionType, rule: TransitionRule, current: CaseRecord, input: TransitionInputBase, context: TransitionContext): void {
  refuse(checkCaseScope(rule.scope ?? 'CASE_LAND', current, context.actor));
  checkExpectedSeq(current, input);
  refuse(rule.checkBeforeState?.(current, input));
  const allowed = rule.from === 'NONE' ? [] : rule.from;
  if (allowed.includes(current.state)) checkRegime(type, rule, current, context.today);
  checkState(type, rule, current, input, ruleContext(context));
  refuse(rule.precondition?.(current, input, context));
}

function checkDates(rule: TransitionRule, input: TransitionInputBase, today: string): void {
  for (const day of rule.doneDates?.(input) ?? []) {
    if (day && isAfter(day, today)) {
      throw new ChaincodeError('DATE_IN_FUTURE', `a date of something done (${day}) lies after the transaction date ${today}`, {
        date: day,
        today,
      });
    }
  }
}

function newCaseShell(caseRef: string, actor: Actor): CaseRecord {
  return {
    caseRef,
    procedureKind: 'ERSTANTRAG',
    state: 'REGISTERED',
    seq: 0,
    ...BLANK_PROCESS_FIELDS,
    holds: [],
    landCode: isLandScoped(actor.kind) ? actor.landCode : null,
    responsible: actor.mspId,
    retainUntil: null,
    participants: [],
    erasureAttestations: [],
    lastTxId: '-',
    lastTransaction: 'none',
    lastInput: null,
    updatedByMsp: actor.mspId,
    updatedByRole: actor.role,
  };
}

/** The next case: the rule's own decision, or its changes with the engine's bookkeeping. */
function nextRecord(
  type: TransitionType,
  rule: TransitionRule,
  before: CaseRecord,
  input: TransitionInputBase,
  context: TransitionContext,
): CaseRecord {
  const retentionYears = retentionYearsOf(context.directory);
  if (rule.decide) return withLegalStatus(rule.decide(before, input, context, ENGINE), retentionYears);
  const changes = rule.apply(before, input, ruleContext(context));
  const responsible = rule.resolveResponsible?.(input, context);
  return withLegalStatus({
    ...before,
    ...changes,
    ...(responsible === undefined ? {} : { responsible }),
    correctsTxId: null,
    reasonCode: null,
    seq: before.seq + 1,
    lastTxId: context.txId,
    lastTransaction: type,
    lastInput: ownInputFields(input) as CaseRecord['lastInput'],
    updatedByMsp: context.actor.mspId,
    updatedByRole: context.actor.role,
  }, retentionYears);
}

/** Participants only grow (actor and targets that are participant orgs), unless the rule freezes them. */
function nextParticipants(rule: TransitionRule, draft: CaseRecord, targets: readonly string[], context: TransitionContext): string[] {
  if (rule.freezesParticipants) return draft.participants;
  const members = participantOrgs(context.directory);
  const joining = [context.actor.mspId, ...targets].filter((mspId) => members.includes(mspId));
  return [...new Set([...draft.participants, ...joining])].sort();
}

/**
 * Decides one transition.
 * @param current the case as stored, or undefined when none exists
 * @param input the input already parsed with {@link parseTransitionInput}
 * @throws {ChaincodeError} FORBIDDEN_ROLE, CASE_EXISTS, CASE_NOT_FOUND, FORBIDDEN_ORG, VERSION_CONFLICT,
 *   REMOVAL_HOLD_ACTIVE, INVALID_TRANSITION, NOT_IN_REGIME, ERASURE_NOT_ALLOWED, PROCEDURE_TRACK_REQUIRED,
 *   FINALITY_PREMATURE, PERIOD_EXPIRED, DEPARTURE_NOT_YET_REQUIRED, DEPARTURE_PERIOD_TOO_SHORT,
 *   REMOVAL_NOT_YET_LAWFUL, REMOVAL_BARRED_BY_FOLLOW_UP, PREVIOUS_CASE_NOT_FOUND, DATE_IN_FUTURE, CORRECTION_NOT_ALLOWED, CORRECTION_BREAKS_HISTORY, VALIDATION_FAILED
 */
export function decideTransition(
  type: TransitionType,
  current: CaseRecord | undefined,
  input: TransitionInputBase,
  context: TransitionContext,
): TransitionOutcome {
  const rule: TransitionRule = TRANSITIONS[type];
  checkRole(type, context.actor);
  checkExistence(rule, current, input.caseRef);
  if (current) checkCase(type, rule, current, input, context);
  else refuse(rule.registrationCheck?.(input, context));
  checkDates(rule, input, context.today);

  const draft = nextRecord(type, rule, current ?? newCaseShell(input.caseRef, context.actor), input, context);
  const privateFields = parsePrivateInput(type, rule, context.privateInput, draft.landCode);
  const targets = resolveTargets(context.directory, rule.targets, {
    before: current,
    after: draft,
    actorMsp: context.actor.mspId,
    linked: context.linkedCase,
  });
  const record = CaseRecordSchema.parse({ ...draft, participants: nextParticipants(rule, draft, targets, context) });
  const event: CaseEvent = {
    caseRef: record.caseRef,
    seq: record.seq,
    type,
    from: current ? current.state : null,
    to: record.state,
    responsible: record.responsible,
    targets,
    holds: record.holds,
    dueBy: record.dueBy,
    removalLawfulFrom: record.removal.lawfulFrom,
    deadlines: record.deadlines,
    txId: context.txId,
    previousCaseRef: record.previousCaseRef,
  };
  return {
    record,
    event,
    privateFields,
    responsibleChanged: !current || current.responsible !== record.responsible,
    purgePrivateData: rule.purgesPrivateData === true,
  };
}
