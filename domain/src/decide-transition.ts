/**
 * The pure decision of one case transition: (current case, input, actor, directory) to the next
 * case and its event, or a coded error. No Fabric here: the contract feeds it and persists the result.
 */
import type { z } from 'zod';
import { AGS_LAND_KEYS, type Actor, type AuthorityDirectory, isLandScoped } from './authorities';
import { findAuthority, participantOrgs } from './authority-directory';
import { BLANK_PROCESS_FIELDS, type CaseRecord, PrivateInput, CaseRecord as CaseRecordSchema } from './case-record';
import type { CaseEvent } from './case-event';
import { ChaincodeError } from './chaincode-error';
import { resolveTargets } from './event-targets';
import { hasRemovalHold } from './holds';
import { isAfter } from './ledger-date';
import type { RuleContext, TransitionRule } from './transition-rule';
import { TRANSITIONS, type TransitionType } from './transitions';
import { mayPerform } from './may-perform';
import { parseInput } from './validate-input';
import type { RecordedEvent } from './correction-plan';
import { decideCorrection } from './decide-correction';
import { ownInputFields, type CorrectEventInput } from './transition-inputs';
import { ENFORCED_DEPARTURE_MODES, type DepartureMode } from './vocabulary';

/** Everything a decision may depend on besides the case and the input. */
export interface TransitionContext {
  readonly actor: Actor;
  readonly txId: string;
  /** German civil date of the transaction timestamp. */
  readonly today: string;
  readonly directory: AuthorityDirectory;
  /** Private fields from transient data, not yet validated. */
  readonly privateInput?: unknown;
  /** For correctEvent: every recorded version of the case, oldest first (the history a correction replays). */
  readonly history?: readonly RecordedEvent[];
}

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

/** A parsed input of some transition: the base fields every case write has. */
export interface TransitionInputBase {
  readonly caseRef: string;
  readonly requestId: string;
  readonly expectedSeq?: number;
}

/**
 * Parses the input of a transition.
 * @throws {ChaincodeError} VALIDATION_FAILED
 */
export function parseTransitionInput(type: TransitionType, raw: unknown): TransitionInputBase {
  return parseInput(TRANSITIONS[type].input as z.ZodType<TransitionInputBase>, raw, `input of ${type}`);
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

/** Transactions whose competence is checked otherwise (participation, writer of the event). */
const SCOPE_EXEMPT: readonly TransitionType[] = ['attestMappingDeleted', 'correctEvent'];

function checkScope(type: TransitionType, actor: Actor, current: CaseRecord): void {
  if (type === 'attestMappingDeleted') {
    if (!current.participants.includes(actor.mspId)) {
      throw new ChaincodeError('FORBIDDEN_ORG', `${actor.mspId} is not a participant of this case`, { mspId: actor.mspId });
    }
    return;
  }
  if (SCOPE_EXEMPT.includes(type)) return;
  if (current.landCode && isLandScoped(actor.kind) && current.landCode !== actor.landCode) {
    throw new ChaincodeError('FORBIDDEN_ORG', `${actor.mspId} is not competent for a case in ${current.landCode}`, {
      mspId: actor.mspId,
      landCode: current.landCode,
    });
  }
  if (actor.kind === 'ABH' && current.responsible !== actor.mspId) {
    throw new ChaincodeError('FORBIDDEN_ORG', `${actor.mspId} is not the responsible Ausländerbehörde of this case`, {
      mspId: actor.mspId,
      responsible: current.responsible,
    });
  }
}

function checkState(type: TransitionType, rule: TransitionRule, current: CaseRecord, input: unknown, context: RuleContext): void {
  if (type === 'recordDeparture') {
    const mode = (input as { mode: DepartureMode }).mode;
    if (ENFORCED_DEPARTURE_MODES.includes(mode) && hasRemovalHold(current.holds)) {
      throw new ChaincodeError('REMOVAL_HOLD_ACTIVE', `${mode} refused: removal hold active (${current.holds.join(', ')})`, {
        mode,
        holds: current.holds,
      });
    }
  }
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

function checkDates(rule: TransitionRule, input: unknown, today: string): void {
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

function checkNewResponsible(type: TransitionType, current: CaseRecord, input: unknown, context: TransitionContext): void {
  if (type !== 'allocateToMunicipality' && type !== 'transferResponsibility') return;
  const responsible = (input as { responsible: string }).responsible;
  const authority = findAuthority(context.directory, responsible);
  const wantKind = type === 'allocateToMunicipality' ? ['ABH'] : ['LAND', 'ABH'];
  if (!authority || !wantKind.includes(authority.kind) || authority.landCode !== current.landCode) {
    throw new ChaincodeError(
      'VALIDATION_FAILED',
      `responsible must be an active ${wantKind.join(' or ')} authority of ${current.landCode ?? 'the case Land'}`,
      { field: 'responsible' },
    );
  }
  if (responsible === current.responsible) {
    throw new ChaincodeError('VALIDATION_FAILED', 'the new responsible authority is already responsible', { field: 'responsible' });
  }
}

function distributionResponsible(input: { landCode: string; responsible?: string }, context: TransitionContext): string {
  const lands = context.directory.authorities.filter(
    (entry) => entry.active && entry.kind === 'LAND' && entry.landCode === input.landCode,
  );
  const chosen = input.responsible ? lands.find((entry) => entry.mspId === input.responsible) : lands[0];
  if (!chosen || (!input.responsible && lands.length > 1)) {
    throw new ChaincodeError('VALIDATION_FAILED', `no unique active LAND authority for ${input.landCode}`, {
      field: 'responsible',
      landCode: input.landCode,
    });
  }
  return chosen.mspId;
}

function checkErasure(current: CaseRecord, input: { ground: string }, context: TransitionContext): void {
  if (input.ground === 'RETENTION_EXPIRED' && (current.retainUntil === null || isAfter(current.retainUntil, context.today))) {
    throw new ChaincodeError('ERASURE_NOT_ALLOWED', `retention runs until ${current.retainUntil ?? '(unset)'}`, {
      retainUntil: current.retainUntil,
    });
  }
  const active = participantOrgs(context.directory);
  const missing = current.participants.filter((mspId) => active.includes(mspId) && !current.erasureAttestations.includes(mspId));
  if (missing.length > 0) {
    throw new ChaincodeError('ERASURE_NOT_ALLOWED', `mapping deletion not yet attested by ${missing.join(', ')}`, {
      missing,
    });
  }
}

function parsePrivateFields(type: TransitionType, rule: TransitionRule, raw: unknown, landCode: string | null): PrivateInput | undefined {
  if (raw === undefined) return undefined;
  const fields = parseInput(PrivateInput, raw, `private data of ${type}`);
  const names = Object.keys(fields).filter((name) => name !== 'salt');
  const extra = names.filter((name) => !(rule.privateFields as readonly string[]).includes(name));
  if (extra.length > 0 || names.length === 0) {
    throw new ChaincodeError('VALIDATION_FAILED', `private data of ${type} may carry only: ${rule.privateFields.join(', ') || 'nothing'}`, {
      fields: extra,
    });
  }
  if (landCode === null) {
    throw new ChaincodeError('VALIDATION_FAILED', 'private data needs a case with a Land (after distribution)', {});
  }
  if (fields.municipalityCode !== undefined && fields.municipalityCode.slice(0, 2) !== AGS_LAND_KEYS[landCode]) {
    throw new ChaincodeError('VALIDATION_FAILED', "the municipality key (AGS) is not one of the case's Land", { field: 'private.municipalityCode' });
  }
  return fields;
}

function checkPreconditions(type: TransitionType, rule: TransitionRule, current: CaseRecord, input: TransitionInputBase, context: TransitionContext): void {
  checkScope(type, context.actor, current);
  if (input.expectedSeq !== undefined && input.expectedSeq !== current.seq) {
    throw new ChaincodeError('VERSION_CONFLICT', `case is at seq ${current.seq}, not ${input.expectedSeq}`, {
      seq: current.seq,
      expectedSeq: input.expectedSeq,
    });
  }
  checkState(type, rule, current, input, { today: context.today, actorMsp: context.actor.mspId });
  if (type === 'eraseCase') checkErasure(current, input as unknown as { ground: string }, context);
  checkNewResponsible(type, current, input, context);
}

function nextRecord(
  type: TransitionType,
  rule: TransitionRule,
  before: CaseRecord,
  input: TransitionInputBase,
  context: TransitionContext,
): CaseRecord {
  if (type === 'correctEvent') {
    return decideCorrection(decideTransition, parseTransitionInput, before, input as unknown as CorrectEventInput, context);
  }
  const changes = rule.apply(before, input, { today: context.today, actorMsp: context.actor.mspId });
  if (type === 'recordDistribution') {
    changes.responsible = distributionResponsible(input as unknown as { landCode: string; responsible?: string }, context);
  }
  return {
    ...before,
    ...changes,
    correctsTxId: null,
    reasonCode: null,
    seq: before.seq + 1,
    lastTxId: context.txId,
    lastTransaction: type,
    lastInput: ownInputFields(input as unknown as Record<string, unknown>) as CaseRecord['lastInput'],
    updatedByMsp: context.actor.mspId,
    updatedByRole: context.actor.role,
  };
}

/** Participants only grow (actor and targets that are participant orgs), except on erasure. */
function nextParticipants(type: TransitionType, draft: CaseRecord, targets: readonly string[], context: TransitionContext): string[] {
  if (type === 'eraseCase') return draft.participants;
  const members = participantOrgs(context.directory);
  const joining = [context.actor.mspId, ...targets].filter((mspId) => members.includes(mspId));
  return [...new Set([...draft.participants, ...joining])].sort();
}

/**
 * Decides one transition.
 * @param current the case as stored, or undefined when none exists
 * @param input the input already parsed with {@link parseTransitionInput}
 * @throws {ChaincodeError} CASE_EXISTS, CASE_NOT_FOUND, FORBIDDEN_ROLE, FORBIDDEN_ORG, VERSION_CONFLICT,
 *   REMOVAL_HOLD_ACTIVE, INVALID_TRANSITION, CORRECTION_NOT_ALLOWED, CORRECTION_BREAKS_HISTORY,
 *   ERASURE_NOT_ALLOWED, DATE_IN_FUTURE, VALIDATION_FAILED
 */
export function decideTransition(
  type: TransitionType,
  current: CaseRecord | undefined,
  input: TransitionInputBase,
  context: TransitionContext,
): TransitionOutcome {
  const rule = TRANSITIONS[type] as TransitionRule;
  checkRole(type, context.actor);
  if (rule.from === 'NONE' && current) {
    throw new ChaincodeError('CASE_EXISTS', 'a case with this caseRef exists', { caseRef: input.caseRef });
  }
  if (rule.from !== 'NONE' && !current) {
    throw new ChaincodeError('CASE_NOT_FOUND', 'no case with this caseRef', { caseRef: input.caseRef });
  }
  const before = current ?? newCaseShell(input.caseRef, context.actor);
  if (current) checkPreconditions(type, rule, current, input, context);
  checkDates(rule, input, context.today);

  const draft = nextRecord(type, rule, before, input, context);
  const privateFields = parsePrivateFields(type, rule, context.privateInput, draft.landCode);
  const targets = resolveTargets(context.directory, rule.targets, {
    before: current,
    after: draft,
    actorMsp: context.actor.mspId,
  });
  const record = CaseRecordSchema.parse({ ...draft, participants: nextParticipants(type, draft, targets, context) });
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
    txId: context.txId,
  };
  return {
    record,
    event,
    privateFields,
    responsibleChanged: !current || current.responsible !== record.responsible,
    purgePrivateData: type === 'eraseCase',
  };
}
