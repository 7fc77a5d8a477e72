/**
 * Plays steps through the engine and records each version as the ledger's key history would: the
 * event's txId, transaction, own input, org, role and day. Corrections then replay that history.
 */
import type { Actor } from '../authorities';
import { ChaincodeError } from '../chaincode-error';
import type { CaseRecord } from '../case-record';
import type { RecordedEvent } from '../correction-plan';
import { decideTransition, parseTransitionInput, type TransitionOutcome } from '../decide-transition';
import type { TransitionType } from '../transitions';
import { CASE_REF, DIRECTORY, requestId, TX_ID } from './fixtures';

/** One step: transaction, actor, own input fields, and the day it happens. */
export type PlayedStep = readonly [TransitionType, Actor, Readonly<Record<string, unknown>>, string];

/** A case with its recorded history. */
export interface PlayedCase {
  readonly record: CaseRecord;
  readonly history: readonly RecordedEvent[];
  readonly outcome: TransitionOutcome;
}

/** The txId of the n-th step (1-based) of a played case: n in hex, 64 digits. */
export function stepTxId(n: number): string {
  return n.toString(16).padStart(64, '0');
}

/**
 * Applies one more step to a played case (or starts one), recording it.
 * @throws {ChaincodeError} whatever the engine refuses.
 */
export function playStep(played: PlayedCase | undefined, [type, who, fields, day]: PlayedStep, directory = DIRECTORY): PlayedCase {
  const n = (played?.history.length ?? 0) + 1;
  const txId = stepTxId(n);
  const input = parseTransitionInput(type, { caseRef: CASE_REF, requestId: requestId(n), ...fields });
  const outcome = decideTransition(type, played?.record, input, {
    actor: who,
    txId,
    today: day,
    directory,
    history: played?.history ?? [],
  });
  const event: RecordedEvent = {
    txId,
    type,
    input: outcome.record.lastInput,
    actorMsp: who.mspId,
    actorRole: who.role,
    day,
  };
  return { record: outcome.record, history: [...(played?.history ?? []), event], outcome };
}

/** Plays steps from no case. */
export function playCase(steps: readonly PlayedStep[], directory = DIRECTORY): PlayedCase {
  let played: PlayedCase | undefined;
  for (const step of steps) played = playStep(played, step, directory);
  if (!played) throw new Error('no steps');
  return played;
}

/**
 * Plays more steps on a played case.
 * @throws {ChaincodeError} whatever the engine refuses.
 */
export function playMore(played: PlayedCase, ...steps: readonly PlayedStep[]): PlayedCase {
  return steps.reduce((current, step) => playStep(current, step), played);
}

/** The refusal of one more step on a played case (its code and details), or 'NO_ERROR'; nothing is recorded. */
export function refusalOf(played: PlayedCase, [type, who, fields, day]: PlayedStep): { code: string; details: Record<string, unknown> } | 'NO_ERROR' {
  try {
    const input = parseTransitionInput(type, { caseRef: CASE_REF, requestId: requestId(900), ...fields });
    decideTransition(type, played.record, input, { actor: who, txId: TX_ID, today: day, directory: DIRECTORY, history: played.history });
  } catch (error) {
    if (error instanceof ChaincodeError) return { code: error.code, details: error.details };
    throw error;
  }
  return 'NO_ERROR';
}
