/**
 * Who may read a case's public record (getCase, listCases, getHistory, its endorsement policy):
 * decided by the reader's org kind and Land, enforced by the chaincode. A federal authority reads
 * every case (BAMF decides them; its auditors audit all). A Land's authorities, an Ausländerbehörde
 * and a Land's audit body read the cases of their own Land, and every case they took part in (a
 * case that moved to another Land stays readable for the authorities that acted on it). The
 * history further needs an auditor or a participant (see {@link mayReadHistory}).
 */
import type { Actor, OrgKind } from './authorities';
import type { CaseRecord } from './case-record';

/** The cases an org of a kind may read: every case, or those of its Land and those it took part in. */
export type ReadScope = 'ALL_CASES' | 'OWN_LAND_AND_PARTICIPATED';

/** What each org kind reads; an AUDIT body of the federation (Land code DE) reads every case. */
export const READ_SCOPE_BY_ORG_KIND: Readonly<Record<OrgKind, ReadScope>> = {
  FEDERAL: 'ALL_CASES',
  LAND: 'OWN_LAND_AND_PARTICIPATED',
  ABH: 'OWN_LAND_AND_PARTICIPATED',
  AUDIT: 'OWN_LAND_AND_PARTICIPATED',
};

/** What the scope means, for the docs. */
export const READ_SCOPE_DESCRIPTIONS: Readonly<Record<ReadScope, string>> = {
  ALL_CASES: 'every case',
  OWN_LAND_AND_PARTICIPATED:
    "the cases of its own Land (the case's current `landCode`), the cases it is responsible for, and every case it took part in (`participants`); a federal body of this kind (Land code `DE`) reads every case",
};

/** The reader's scope: its kind's, widened to every case for a federal body (Land code DE). */
export function readScopeOf(actor: Pick<Actor, 'kind' | 'landCode'>): ReadScope {
  return actor.landCode === 'DE' ? 'ALL_CASES' : READ_SCOPE_BY_ORG_KIND[actor.kind];
}

/** Whether the reader may read this case's public record. */
export function mayReadCase(actor: Pick<Actor, 'kind' | 'landCode' | 'mspId'>, record: Pick<CaseRecord, 'landCode' | 'participants' | 'responsible'>): boolean {
  if (readScopeOf(actor) === 'ALL_CASES') return true;
  return record.landCode === actor.landCode || record.responsible === actor.mspId || record.participants.includes(actor.mspId);
}

/** Whether the reader may read this case's history: within its read scope, as an auditor or a participant. */
export function mayReadHistory(actor: Actor, record: Pick<CaseRecord, 'landCode' | 'participants' | 'responsible'>): boolean {
  return mayReadCase(actor, record) && (actor.role === 'AUDITOR' || record.participants.includes(actor.mspId));
}
