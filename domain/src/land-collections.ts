/**
 * Who keeps a Land's private data, and who may read it (ADR 0009). Each Land has one private data
 * collection; its members (the peers that store it) are the federal office and the Land's LAND
 * authorities. Ausländerbehörden are no members: a new one needs no new chaincode definition, and
 * it reads the private fields of its cases through the chaincode at a member's peer.
 */
import type { CaseRecord } from './case-record';
import type { Actor, OrgKind } from './authorities';

/** An authority as far as collection membership goes (a directory entry or a network table org). */
export interface CollectionCandidate {
  readonly mspId: string;
  readonly kind: OrgKind;
  readonly landCode: string;
  /** Directory entries that are retired keep their data but take no new; table orgs are all active. */
  readonly active?: boolean;
}

/**
 * The members of a Land's collection, the Land's own LAND authorities first, then the federal
 * ones (so reads routed to a member go to the Land before they go to BAMF).
 */
export function landCollectionMembers(authorities: readonly CollectionCandidate[], landCode: string): string[] {
  const active = authorities.filter((authority) => authority.active !== false);
  return [
    ...active.filter((authority) => authority.kind === 'LAND' && authority.landCode === landCode),
    ...active.filter((authority) => authority.kind === 'FEDERAL'),
  ].map((authority) => authority.mspId);
}

/**
 * Whether an actor may read a case's private fields: a participant of a case that has a Land, in a
 * role other than the auditor's (auditors read the public record and the history only).
 */
export function mayReadPrivateFields(actor: Pick<Actor, 'mspId' | 'role'>, record: Pick<CaseRecord, 'landCode' | 'participants'>): boolean {
  return actor.role !== 'AUDITOR' && record.landCode !== null && record.participants.includes(actor.mspId);
}
