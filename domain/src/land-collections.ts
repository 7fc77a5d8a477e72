/**
 * Who keeps a Land's private data, and who may read it (ADR 0009). Each Land has one private data
 * collection; its members (the peers that store it) are the federal office and the Land's LAND
 * authorities. Ausländerbehörden are no members: a new one needs no new chaincode definition, and
 * it reads the private fields of its cases through the chaincode at a member's peer.
 */
import { z } from 'zod';
import type { CaseRecord } from './case-record';
import { CaseRef } from './identifiers';
import { MspId, type Actor, type OrgKind } from './authorities';
import { chooseEndorsers, type PolicyNode } from './endorsement-rules';

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

/**
 * The orgs a write with private fields of an existing case is sent to (ADR 0009; see
 * {@link chooseEndorsers}): the case key's policy satisfied with the submitter first, then the
 * members of the case's Land collection (whose peers keep the values), then the case's other
 * participants; never an authority that has no part in the case when the policy leaves a choice.
 */
export function privateWriteEndorsers(
  policy: PolicyNode,
  context: Readonly<{ submitter: string; record: Pick<CaseRecord, 'landCode' | 'participants'>; authorities: readonly CollectionCandidate[] }>,
): string[] {
  const members = context.record.landCode === null ? [] : landCollectionMembers(context.authorities, context.record.landCode);
  const participatingMembers = members.filter((mspId) => context.record.participants.includes(mspId));
  return chooseEndorsers(policy, [context.submitter, ...participatingMembers, ...context.record.participants]);
}

/** The answer of the chaincode's `getPrivateWriteEndorsers`: the orgs whose peers endorse the next private write of the case. */
export const PrivateWriteEndorsers = z.strictObject({ caseRef: CaseRef, endorsers: z.array(MspId) });
export type PrivateWriteEndorsers = z.infer<typeof PrivateWriteEndorsers>;
