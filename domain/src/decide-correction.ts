/**
 * The decision of a correction: the case is recomputed by replaying its history with the corrected
 * (or voided) event, through every transition's roles, scope checks and guards again. A correction
 * decides no state of its own; if the replay fails anywhere, it is refused.
 */
import type { Actor, AuthorityDirectory } from './authorities';
import { participantOrgs } from './authority-directory';
import type { CaseRecord } from './case-record';
import { ChaincodeError } from './chaincode-error';
import { planCorrection, PLACEHOLDER_ADDRESS, type EffectiveEvent, type RecordedEvent } from './correction-plan';
import { ownInputFields, type CorrectEventInput } from './transition-inputs';
import type { TransitionContext, TransitionEngine } from './transition-rule';
import { Role } from './authorities';

/**
 * The directory a replay runs against: every authority counts as active, because an event that
 * was valid when it was recorded stays valid after its org retired.
 */
function replayDirectory(directory: AuthorityDirectory): AuthorityDirectory {
  return { authorities: directory.authorities.map((entry) => ({ ...entry, active: true })) };
}

function replayActor(directory: AuthorityDirectory, event: RecordedEvent): Actor | undefined {
  const authority = directory.authorities.find((entry) => entry.mspId === event.actorMsp);
  const role = Role.safeParse(event.actorRole);
  if (!authority || !role.success) return undefined;
  return { mspId: authority.mspId, role: role.data, kind: authority.kind, landCode: authority.landCode };
}

function breaks(event: RecordedEvent, type: string, code: string): ChaincodeError {
  return new ChaincodeError('CORRECTION_BREAKS_HISTORY', `with the correction, ${type} (${event.txId}) no longer applies: ${code}`, {
    failedTxId: event.txId,
    failedTransaction: type,
    failedCode: code,
  });
}

interface Replay {
  readonly engine: TransitionEngine;
  readonly directory: AuthorityDirectory;
  readonly caseRef: string;
}

function replayOne(replay: Replay, record: CaseRecord | undefined, effective: EffectiveEvent): CaseRecord {
  const { engine, directory, caseRef } = replay;
  const { event, type } = effective;
  const actor = replayActor(directory, event);
  if (!actor) throw breaks(event, type, 'FORBIDDEN_ORG');
  try {
    const input = engine.parse(type, { ...effective.input, ...PLACEHOLDER_ADDRESS, caseRef });
    return engine.decide(type, record, input, { actor, txId: event.txId, today: event.day, directory }).record;
  } catch (error) {
    if (error instanceof ChaincodeError) throw breaks(event, type, error.code);
    throw error;
  }
}

/**
 * Replays a history from nothing.
 * @throws {ChaincodeError} CORRECTION_BREAKS_HISTORY naming the first event that no longer applies.
 */
export function replayHistory(
  engine: TransitionEngine,
  events: readonly EffectiveEvent[],
  directory: AuthorityDirectory,
  caseRef: string,
): CaseRecord {
  const replay: Replay = { engine, directory: replayDirectory(directory), caseRef };
  let record: CaseRecord | undefined;
  for (const effective of events) record = replayOne(replay, record, effective);
  if (!record) throw new ChaincodeError('CORRECTION_BREAKS_HISTORY', 'nothing remains of the history', {});
  return record;
}

/**
 * Decides a correction (the decide hook of correctEvent): plans it, replays the corrected history
 * through the engine and returns the case as it should be, as a new version written by the correction.
 * @throws {ChaincodeError} CORRECTION_NOT_ALLOWED, VALIDATION_FAILED, CORRECTION_BREAKS_HISTORY.
 */
export function decideCorrection(
  current: CaseRecord,
  input: CorrectEventInput,
  context: TransitionContext,
  engine: TransitionEngine,
): CaseRecord {
  const self: RecordedEvent = {
    txId: context.txId,
    type: 'correctEvent',
    input: ownInputFields(input) as RecordedEvent['input'],
    actorMsp: context.actor.mspId,
    actorRole: context.actor.role,
    day: context.today,
  };
  const plan = planCorrection(context.history ?? [], input, context.actor, self);
  const replayed = replayHistory(engine, plan.events, context.directory, current.caseRef);
  if (replayed.landCode !== current.landCode) {
    throw new ChaincodeError('CORRECTION_NOT_ALLOWED', "a correction cannot move a case to another Land; record the case's redistribution instead", {
      reason: 'MOVES_LAND',
    });
  }
  // the follow-up index of the earlier case was written with the link: a correction cannot move it
  if (replayed.previousCaseRef !== current.previousCaseRef) {
    throw new ChaincodeError('CORRECTION_NOT_ALLOWED', 'a correction cannot change the earlier case a follow-up application follows; close this case and register the follow-up again', {
      reason: 'MOVES_LINK',
    });
  }
  const members = participantOrgs(context.directory);
  const joining = members.includes(context.actor.mspId) ? [context.actor.mspId] : [];
  return {
    ...replayed,
    caseRef: current.caseRef,
    seq: current.seq + 1,
    participants: [...new Set([...current.participants, ...replayed.participants, ...joining])].sort(),
    correctsTxId: input.correctsTxId,
    reasonCode: input.reasonCode,
    lastTxId: context.txId,
    lastTransaction: 'correctEvent',
    lastInput: self.input,
    updatedByMsp: context.actor.mspId,
    updatedByRole: context.actor.role,
  };
}
