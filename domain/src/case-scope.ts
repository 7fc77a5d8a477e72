/**
 * Which submitting orgs may act on an existing case, beyond their role: a rule names its scope,
 * and this module checks it.
 */
import { type Actor, isLandScoped } from './authorities';
import type { CaseRecord } from './case-record';
import { ChaincodeError } from './chaincode-error';

/** The kinds of scope a transition can have on an existing case. */
export const CASE_SCOPES = ['CASE_LAND', 'PARTICIPANT', 'EVENT_WRITER', 'RECEIVING_LAND'] as const;

/**
 * Which orgs may act on an existing case.
 * - `CASE_LAND`: a Land-scoped org only on a case of its own Land, an Ausländerbehörde only while
 *   responsible; a nationwide org on every case.
 * - `PARTICIPANT`: an org that takes part in the case.
 * - `EVENT_WRITER`: not checked here; the rule's own decision checks the writer of the event it
 *   concerns (a correction, by its plan).
 * - `RECEIVING_LAND`: a LAND authority of the Land a pending redistribution request names (§ 51 (2)
 *   S. 2 AsylG: that Land decides), though the case is not yet of its Land.
 */
export type CaseScope = (typeof CASE_SCOPES)[number];

/** One sentence per scope, for the docs. */
export const CASE_SCOPE_DESCRIPTIONS: Readonly<Record<CaseScope, string>> = {
  CASE_LAND: 'a LAND or ABH authority of the case Land (an ABH only while responsible), or a nationwide one',
  PARTICIPANT: 'an authority that takes part in the case',
  EVENT_WRITER: 'the org that wrote the corrected event (or a federal ADMIN under a governance reason), checked with the correction',
  RECEIVING_LAND: 'a LAND authority of the Land that a pending redistribution request (§ 51 AsylG) names as receiving',
};

function checkCaseLand(current: CaseRecord, actor: Actor): ChaincodeError | undefined {
  if (current.landCode && isLandScoped(actor.kind) && current.landCode !== actor.landCode) {
    return new ChaincodeError('FORBIDDEN_ORG', `${actor.mspId} is not competent for a case in ${current.landCode}`, {
      mspId: actor.mspId,
      landCode: current.landCode,
    });
  }
  if (actor.kind === 'ABH' && current.responsible !== actor.mspId) {
    return new ChaincodeError('FORBIDDEN_ORG', `${actor.mspId} is not the responsible Ausländerbehörde of this case`, {
      mspId: actor.mspId,
      responsible: current.responsible,
    });
  }
  return undefined;
}

function checkParticipant(current: CaseRecord, actor: Actor): ChaincodeError | undefined {
  if (current.participants.includes(actor.mspId)) return undefined;
  return new ChaincodeError('FORBIDDEN_ORG', `${actor.mspId} is not a participant of this case`, { mspId: actor.mspId });
}

function checkReceivingLand(current: CaseRecord, actor: Actor): ChaincodeError | undefined {
  const pending = current.redistribution;
  if (pending && actor.kind === 'LAND' && actor.landCode === pending.landCode) return undefined;
  return new ChaincodeError('FORBIDDEN_ORG', `${actor.mspId} is not a LAND authority of the Land a pending redistribution request names`, {
    mspId: actor.mspId,
    receivingLand: pending?.landCode ?? null,
  });
}

const SCOPE_CHECKS: Readonly<Record<CaseScope, (current: CaseRecord, actor: Actor) => ChaincodeError | undefined>> = {
  CASE_LAND: checkCaseLand,
  PARTICIPANT: checkParticipant,
  EVENT_WRITER: () => undefined,
  RECEIVING_LAND: checkReceivingLand,
};

/**
 * Checks that the submitter's org may act on the case under a scope.
 * @returns the refusal (FORBIDDEN_ORG), or undefined when the org may act.
 */
export function checkCaseScope(scope: CaseScope, current: CaseRecord, actor: Actor): ChaincodeError | undefined {
  return SCOPE_CHECKS[scope](current, actor);
}
