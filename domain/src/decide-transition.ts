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
import { caseCoEndorsers } from './endorsement-rules';
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
  /**
   * Whether the case key's endorsement policy must be set anew: the responsible org or the
   * co-endorsers of a pending redistribution changed (endorsement-rules.ts, caseCoEndorsers).
   */
  readonly endorsementChanged: boolean;
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

function invalidTransition(type: TransitionType, rule: TransitionRule, current: CaseRecord, reason: string): ChaincodeError {
  return new ChaincodeError('INVALID_TRANSITION', `${type}: ${reason}`, {
    transaction: type,
    state: current.state,
    allowedFrom: rule.from === 'NONE' ? [] : rule.from,
  });
}

function checkFromState(type: TransitionType, rule: TransitionRule, current: CaseRecord): void {
  const allowed = rule.from === 'NONE' ? [] : rule.from;
  if (!allowed.includes(current.state)) throw invalidTransition(type, rule, current, `not allowed from ${current.state}`);
}

function checkGuard(type: TransitionType, rule: TransitionRule, current: CaseRecord, input: TransitionInputBase, context: RuleContext): void {
  const reason = rule.guard?.(current, input, context);
  if (reason !== undefined) throw invalidTransition(type, rule, current, reason);
}

/** The transaction exists under the legal regime of the case (rule-law.ts). */
function checkRegime(type: TransitionType, rule: TransitionRule, current: CaseRecord | undefined, today: string): void {
  const regime = regimeFor(rule.law, current, today);
  const reason = absenceUnder(rule.law, regime);
  if (reason !== undefined) {
    throw new ChaincodeError('NOT_IN_REGIME', `${type} does not exist under ${regime}: ${reason}`, { transaction: type, regime, reason });
  }
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

/** One attempt at a transition as the engine's checks see it; the decision and private-data steps fill in their results. */
interface EngineRun {
  readonly type: TransitionType;
  readonly rule: TransitionRule;
  readonly current: CaseRecord | undefined;
  readonly input: TransitionInputBase;
  readonly context: TransitionContext;
  draft?: CaseRecord;
  privateFields?: PrivateInput | undefined;
}

/** One named check of the engine. */
export interface EngineCheck {
  readonly name: string;
  /** Runs the check: throws its refusal, or records what it decided on the run. */
  readonly run: (run: EngineRun) => void;
}

/** A check that applies to an existing case only (a new case has no state, scope or seq yet). */
function onCase(check: (current: CaseRecord, run: EngineRun) => void): (run: EngineRun) => void {
  return (run) => {
    if (run.current) check(run.current, run);
  };
}

/**
 * The checks of the engine, first to last: {@link decideTransition} runs exactly this list in this
 * order, and check-order.ts (and with it docs/roles-matrix.md) publishes the same list, so a
 * reordering here changes the published order. The first failing check decides the error code.
 */
export const ENGINE_CHECKS = [
  { name: 'transaction role', run: ({ type, context }) => { checkRole(type, context.actor); } },
  { name: 'case existence', run: ({ rule, current, input }) => { checkExistence(rule, current, input.caseRef); } },
  { name: 'Land scope', run: onCase((current, { rule, context }) => { refuse(checkCaseScope(rule.scope ?? 'CASE_LAND', current, context.actor)); }) },
  { name: 'expectedSeq', run: onCase((current, { input }) => { checkExpectedSeq(current, input); }) },
  { name: 'removal hold', run: onCase((current, { rule, input }) => { refuse(rule.checkBeforeState?.(current, input)); }) },
  { name: 'from-state', run: onCase((current, { type, rule }) => { checkFromState(type, rule, current); }) },
  { name: 'regime', run: onCase((current, { type, rule, context }) => { checkRegime(type, rule, current, context.today); }) },
  { name: 'guards', run: onCase((current, { type, rule, input, context }) => { checkGuard(type, rule, current, input, ruleContext(context)); }) },
  {
    name: 'transaction-specific preconditions',
    run: ({ rule, current, input, context }) => {
      refuse(current ? rule.precondition?.(current, input, context) : rule.registrationCheck?.(input, context));
    },
  },
  { name: 'dates', run: ({ rule, input, context }) => { checkDates(rule, input, context.today); } },
  {
    name: 'decision',
    run: (run) => {
      run.draft = nextRecord(run.type, run.rule, run.current ?? newCaseShell(run.input.caseRef, run.context.actor), run.input, run.context);
    },
  },
  {
    name: 'private data',
    run: (run) => {
      run.privateFields = parsePrivateInput(run.type, run.rule, run.context.privateInput, decided(run).landCode);
    },
  },
] as const satisfies readonly EngineCheck[];

/** The name of one check of the engine. */
export type EngineCheckName = (typeof ENGINE_CHECKS)[number]['name'];

/** The next case the decision step made. */
function decided(run: EngineRun): CaseRecord {
  if (!run.draft) throw new Error('the decision step has not run');
  return run.draft;
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
  const run: EngineRun = { type, rule: TRANSITIONS[type], current, input, context };
  for (const check of ENGINE_CHECKS) check.run(run);
  const { rule, privateFields } = run;
  const draft = decided(run);
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
    endorsementChanged:
      !current || current.responsible !== record.responsible || caseCoEndorsers(current).join() !== caseCoEndorsers(record).join(),
  };
}
