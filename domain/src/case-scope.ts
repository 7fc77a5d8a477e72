/**
 * Which submitting orgs may act on an existing case, beyond their role: a rule names its scope,
 * and this module checks it.
 */
import { type Actor, isLandScoped } from './authorities';
import type { CaseRecord } from './case-record';
import { ChaincodeError } from './chaincode-error';

/** The kinds of scope a transition can have on an existing case. */
export const CASE_SCOPES = ['CASE_LAND', 'PARTICIPANT', 'EVENT_WRITER'] as const;

/**
 * Which orgs may act on an existing case.
 * - `CASE_LAND`: a Land-scoped org only on a case of its own Land, an Ausländerbehörde only while
 *   responsible; a nationwide org on every case.
 * - `PARTICIPANT`: an org that takes part in the case.
 * - `EVENT_WRITER`: not checked here; the rule's own decision checks the writer of the event it
 *   concerns (a correction, by its plan).
 */
export type CaseScope = (typeof CASE_SCOPES)[number];

/** One sentence per scope, for the docs. */
export const CASE_SCOPE_DESCRIPTIONS: Readonly<Record<CaseScope, string>> = {
  CASE_LAND: 'a LAND or ABH authority of the case Land (an ABH only while responsible), or a nationwide one',
  PARTICIPANT: 'an authority that takes part in the case',
  EVENT_WRITER: 'the org that wrote the corrected event (or a federal ADMIN under a governance reason), checked with the correction',
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

const SCOPE_CHECKS: Readonly<Record<CaseScope, (current: CaseRecord, actor: Actor) => ChaincodeError | undefined>> = {
  CASE_LAND: checkCaseLand,
  PARTICIPANT: checkParticipant,
  EVENT_WRITER: () => undefined,
};

/**
 * Checks that the submitter's org may act on the case under a scope.
 * @returns the refusal (FORBIDDEN_ORG), or undefined when the org may act.
 */
export function checkCaseScope(scope: CaseScope, current: CaseRecord, actor: Actor): ChaincodeError | undefined {
  return SCOPE_CHECKS[scope](current, actor);
}
