/**
 * What a correction means for a case's history, before anything is replayed: which event it
 * corrects, whether the submitter may correct it, and the history as it should have been (each
 * event with its effective input, voided events left out). Pure: the replay is the engine's.
 */
import type { z } from 'zod';
import type { Actor } from './authorities';
import type { RecordedInput } from './case-record';
import { ChaincodeError } from './chaincode-error';
import type { CorrectEventInput } from './transition-inputs';
import { ADDRESSING_FIELDS } from './transition-inputs';
import { TRANSITIONS, TRANSITION_TYPES, type TransitionType } from './transitions';
import { parseInput } from './validate-input';
import { GOVERNANCE_REASONS, VOIDING_REASON } from './vocabulary';

/** One recorded version of a case, as a replay needs it: the event that wrote it. */
export interface RecordedEvent {
  readonly txId: string;
  /** The transaction that wrote the version (`lastTransaction`). */
  readonly type: string;
  /** Its own input fields (`lastInput`), or null on versions written before inputs were recorded. */
  readonly input: RecordedInput | null;
  /** Org and role that submitted it. */
  readonly actorMsp: string;
  readonly actorRole: string;
  /** German civil day of its transaction timestamp. */
  readonly day: string;
}

/** One event of the history as it should have been. */
export interface EffectiveEvent {
  readonly event: RecordedEvent;
  readonly type: TransitionType;
  readonly input: RecordedInput;
}

/** The corrected event and the history to replay. */
export interface CorrectionPlan {
  readonly target: RecordedEvent;
  readonly events: readonly EffectiveEvent[];
}

const CORRECTION: TransitionType = 'correctEvent';

/** Addressing fields for re-validating a recorded input on its own (a replay is not a request). */
export const PLACEHOLDER_ADDRESS = { caseRef: '0'.repeat(32), requestId: '00000000-0000-4000-8000-000000000000' } as const;

/** Transactions whose events cannot be corrected: corrections themselves, attestations, erasure, redistribution. */
export const UNCORRECTABLE_TRANSACTIONS: readonly TransitionType[] = [
  'correctEvent',
  'attestMappingDeleted',
  'eraseCase',
  // a redistribution moves the case's Land and its endorsement policy: a wrong one is answered or requested anew
  'requestRedistribution',
  'answerRedistribution',
];

/** The own input fields of a transaction (its input schema without the addressing fields). */
export function ownInputFieldNames(type: TransitionType): string[] {
  const schema: z.ZodObject = TRANSITIONS[type].input;
  const shape = schema.shape;
  return Object.keys(shape).filter((name) => !(ADDRESSING_FIELDS as readonly string[]).includes(name));
}

function isTransitionType(value: string): value is TransitionType {
  return (TRANSITION_TYPES as readonly string[]).includes(value);
}

function correctionOf(event: RecordedEvent): Pick<CorrectEventInput, 'correctsTxId' | 'reasonCode' | 'corrected'> {
  return event.input as unknown as Pick<CorrectEventInput, 'correctsTxId' | 'reasonCode' | 'corrected'>;
}

/** Event txIds voided by corrections so far. */
function voidedTxIds(history: readonly RecordedEvent[]): Set<string> {
  const corrections = history.filter((event) => event.type === CORRECTION).map(correctionOf);
  return new Set(corrections.filter((correction) => correction.reasonCode === VOIDING_REASON).map((correction) => correction.correctsTxId));
}

function findTarget(history: readonly RecordedEvent[], txId: string): RecordedEvent & { type: TransitionType } {
  const target = history.find((event) => event.txId === txId);
  if (!target || !isTransitionType(target.type)) {
    throw new ChaincodeError('CORRECTION_NOT_ALLOWED', 'the referenced transaction is not an event of this case', {
      reason: 'NOT_AN_EVENT_OF_THIS_CASE',
    });
  }
  if (UNCORRECTABLE_TRANSACTIONS.includes(target.type)) {
    const hint = target.type === CORRECTION ? 'correct the original event instead' : 'it records no correctable facts';
    throw new ChaincodeError('CORRECTION_NOT_ALLOWED', `an event of ${target.type} cannot be corrected: ${hint}`, {
      reason: 'NOT_CORRECTABLE',
      transaction: target.type,
    });
  }
  if (voidedTxIds(history).has(txId)) {
    throw new ChaincodeError('CORRECTION_NOT_ALLOWED', 'the referenced event was voided by an earlier correction', {
      reason: 'EVENT_VOIDED',
    });
  }
  return target as RecordedEvent & { type: TransitionType };
}

/**
 * Only the org that wrote the event, with a role that may perform its transaction, corrects it; or
 * an ADMIN of a federal authority, under a governance reason.
 */
function checkCorrector(target: RecordedEvent & { type: TransitionType }, actor: Actor, reason: string): void {
  const rule = TRANSITIONS[target.type];
  const writerRole = actor.mspId === target.actorMsp && rule.roles.includes(actor.role) && (!rule.orgKinds || rule.orgKinds.includes(actor.kind));
  const governance = actor.role === 'ADMIN' && actor.kind === 'FEDERAL' && (GOVERNANCE_REASONS as readonly string[]).includes(reason);
  if (writerRole || governance) return;
  const why =
    actor.role === 'ADMIN' && actor.kind === 'FEDERAL'
      ? `an ADMIN of the federal office corrects only under ${GOVERNANCE_REASONS.join(' or ')}`
      : `only ${target.actorMsp}, with a role that may perform ${target.type}, may correct this event`;
  throw new ChaincodeError('CORRECTION_NOT_ALLOWED', why, {
    reason: 'NOT_THE_WRITER',
    writer: target.actorMsp,
    transaction: target.type,
  });
}

function checkReplacement(target: RecordedEvent & { type: TransitionType }, corrected: Readonly<Record<string, unknown>> | undefined): void {
  if (corrected === undefined) {
    if (target.type === 'registerCase') {
      throw new ChaincodeError('CORRECTION_NOT_ALLOWED', 'a registration cannot be voided; a case registered by mistake is closed and erased', {
        reason: 'NOT_CORRECTABLE',
        transaction: target.type,
      });
    }
    return;
  }
  const own = ownInputFieldNames(target.type);
  const foreign = Object.keys(corrected).filter((name) => !own.includes(name));
  if (foreign.length > 0) {
    throw new ChaincodeError('VALIDATION_FAILED', `a correction of ${target.type} may replace only: ${own.join(', ') || 'nothing'}`, {
      fields: foreign,
      transaction: target.type,
    });
  }
  const original = target.input ?? {};
  if (Object.entries(corrected).every(([name, value]) => original[name] === value)) {
    throw new ChaincodeError('VALIDATION_FAILED', 'the correction replaces no field by a different value', { fields: Object.keys(corrected) });
  }
  parseInput(TRANSITIONS[target.type].input, { ...PLACEHOLDER_ADDRESS, ...original, ...corrected }, `corrected input of ${target.type}`);
}

function effectiveHistory(history: readonly RecordedEvent[]): EffectiveEvent[] {
  const inputs = new Map<string, RecordedInput>();
  const voided = voidedTxIds(history);
  for (const event of history) {
    if (event.type !== CORRECTION) continue;
    const { correctsTxId, corrected } = correctionOf(event);
    if (corrected !== undefined) inputs.set(correctsTxId, { ...inputs.get(correctsTxId), ...(corrected as RecordedInput) });
  }
  const effective: EffectiveEvent[] = [];
  for (const event of history) {
    if (event.type === CORRECTION || voided.has(event.txId)) continue;
    if (!isTransitionType(event.type) || event.input === null) {
      throw new ChaincodeError('CORRECTION_BREAKS_HISTORY', 'the history holds a version without a recorded input; it cannot be replayed', {
        failedTxId: event.txId,
      });
    }
    effective.push({ event, type: event.type, input: { ...event.input, ...inputs.get(event.txId) } });
  }
  return effective;
}

/**
 * Plans a correction: checks that the referenced event is a correctable event of this case, that
 * the submitter may correct it and that the replacement fits its transaction; returns the history
 * as it should have been, with this correction applied.
 * @param history every recorded version of the case, oldest first.
 * @param input the correction (already parsed).
 * @param actor the submitter.
 * @param self the correction's own event (its txId, day and actor), appended to the history.
 * @throws {ChaincodeError} CORRECTION_NOT_ALLOWED, VALIDATION_FAILED, CORRECTION_BREAKS_HISTORY.
 */
export function planCorrection(
  history: readonly RecordedEvent[],
  input: CorrectEventInput,
  actor: Actor,
  self: RecordedEvent,
): CorrectionPlan {
  const target = findTarget(history, input.correctsTxId);
  checkCorrector(target, actor, input.reasonCode);
  checkReplacement(target, input.corrected);
  return { target, events: effectiveHistory([...history, self]) };
}
