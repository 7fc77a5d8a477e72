/**
 * Who must approve a change of the authority directory, defined once: the chaincode decides
 * approvals with it, the directory key's endorsement policy follows from it, and the docs table of
 * docs/roles-matrix.md is rendered from it (see docs/governance.md and ADR 0009).
 *
 * Every change needs the federal office (an ADMIN of a FEDERAL authority). Besides:
 * - an Ausländerbehörde: one LAND authority of its own Land (any one of them);
 * - a LAND, FEDERAL or AUDIT authority, and the retention period: the Länder quorum, a strict
 *   majority of the seated Länder counted per Land, not per org.
 * A Land is seated once one of its LAND authorities' ADMINs signed a governance transaction
 * (`seatedLands` of the directory), so a Land that is listed but cannot sign yet never blocks a
 * change. While a Land has no seat, the Länder quorum decides for its Ausländerbehörden; while the
 * directory lists no LAND authority at all, a second participant takes the Länder's place.
 */
import { type Authority, type AuthorityDirectory, type OrgKind } from './authorities';
import { authoritiesOf, findAuthority, participantOrgs } from './authority-directory';
import type { PolicyNode } from './endorsement-rules';

export const APPROVER_RULES = ['FEDERAL_ADMIN', 'LAND_OF_AUTHORITY', 'LAENDER_QUORUM', 'SECOND_PARTICIPANT'] as const;
/** The kinds of condition a directory change can need. */
export type ApproverRule = (typeof APPROVER_RULES)[number];

/** What each condition asks for, in words (docs, error details). */
export const APPROVER_RULE_DESCRIPTIONS: Readonly<Record<ApproverRule, string>> = {
  FEDERAL_ADMIN: 'an ADMIN of a FEDERAL authority (BAMF)',
  LAND_OF_AUTHORITY: "an ADMIN of one LAND authority of the authority's own Land (any one of them)",
  LAENDER_QUORUM:
    'ADMINs of LAND authorities of a strict majority of the seated Länder, counted per Land (at least one Land; a Land takes its seat with its first governance transaction)',
  SECOND_PARTICIPANT: 'an ADMIN of a second participant (only while the directory lists no LAND authority)',
};

/** One condition a change must meet: `required` approvals by ADMINs of `members`, distinct orgs or (Länder quorum) distinct Länder. */
export interface ApprovalClause {
  readonly rule: ApproverRule;
  /** MSP IDs whose ADMIN's approval counts for this condition, sorted. */
  readonly members: readonly string[];
  /** Approvals needed: distinct orgs, or for {@link ApproverRule} LAENDER_QUORUM distinct Länder. */
  readonly required: number;
  /** The Land of LAND_OF_AUTHORITY, or the Länder counted by LAENDER_QUORUM; empty otherwise. */
  readonly lands: readonly string[];
}

/** A change of the directory: one authority (added, changed or retired), or the retention period. */
export type DirectoryChange = { readonly authority: Authority } | { readonly retentionYears: number };

/** Länder of the active LAND authorities, sorted. */
function landsWithAuthorities(directory: AuthorityDirectory): string[] {
  const lands = directory.authorities.filter((entry) => entry.active && entry.kind === 'LAND').map((entry) => entry.landCode);
  return [...new Set(lands)].sort();
}

/** The seated Länder that still have an active LAND authority, sorted. */
export function seatedLands(directory: AuthorityDirectory): string[] {
  const withAuthorities = landsWithAuthorities(directory);
  return [...new Set(directory.seatedLands ?? [])].filter((land) => withAuthorities.includes(land)).sort();
}

/**
 * The directory with the Land of `mspId` seated, when `mspId` is an active LAND authority of a
 * Land without a seat; otherwise the same directory object.
 */
export function withSeatOf(directory: AuthorityDirectory, mspId: string): AuthorityDirectory {
  const authority = findAuthority(directory, mspId);
  if (authority?.kind !== 'LAND' || seatedLands(directory).includes(authority.landCode)) return directory;
  return { ...directory, seatedLands: [...seatedLands(directory), authority.landCode].sort() };
}

function federalClause(directory: AuthorityDirectory): ApprovalClause {
  return { rule: 'FEDERAL_ADMIN', members: authoritiesOf(directory, 'FEDERAL'), required: 1, lands: [] };
}

/** The Länder quorum, or a second participant while the directory lists no LAND authority. */
function laenderClause(directory: AuthorityDirectory): ApprovalClause {
  const all = landsWithAuthorities(directory);
  if (all.length === 0) return { rule: 'SECOND_PARTICIPANT', members: participantOrgs(directory), required: 2, lands: [] };
  const seated = seatedLands(directory);
  const lands = seated.length === 0 ? all : seated;
  const members = lands.flatMap((land) => authoritiesOf(directory, 'LAND', land)).sort();
  return { rule: 'LAENDER_QUORUM', members, required: seated.length === 0 ? 1 : Math.floor(seated.length / 2) + 1, lands };
}

/** The condition that an entry of this kind and Land brings with it (besides the federal office). */
function entryClause(directory: AuthorityDirectory, kind: OrgKind, landCode: string): ApprovalClause {
  const ownLand = authoritiesOf(directory, 'LAND', landCode);
  if (kind === 'ABH' && ownLand.length > 0 && seatedLands(directory).includes(landCode)) {
    return { rule: 'LAND_OF_AUTHORITY', members: ownLand, required: 1, lands: [landCode] };
  }
  return laenderClause(directory);
}

/**
 * Who must approve a change, given the directory before it: every returned condition must be met.
 * A change that moves an authority (another kind or Land) needs the conditions of both its old and
 * its new entry.
 * @param directory the directory in force (with the approver's seat, when an approval is decided).
 * @param change the proposed change.
 */
export function requiredApprovals(directory: AuthorityDirectory, change: DirectoryChange): ApprovalClause[] {
  if ('retentionYears' in change) return [federalClause(directory), laenderClause(directory)];
  const current = findAuthority(directory, change.authority.mspId);
  const entries = [...(current ? [current] : []), change.authority];
  const clauses = [federalClause(directory), ...entries.map((entry) => entryClause(directory, entry.kind, entry.landCode))];
  const seen = new Set<string>();
  return clauses.filter((clause) => {
    const key = `${clause.rule}:${clause.lands.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** How many approvals count for one condition: distinct member orgs, or distinct Länder of the quorum. */
export function approvalsCounted(directory: AuthorityDirectory, clause: ApprovalClause, approvals: readonly string[]): number {
  const counted = approvals.filter((mspId) => clause.members.includes(mspId));
  if (clause.rule !== 'LAENDER_QUORUM') return new Set(counted).size;
  return new Set(counted.map((mspId) => findAuthority(directory, mspId)?.landCode)).size;
}

/** Whether the approvals meet every condition. */
export function isApproved(directory: AuthorityDirectory, clauses: readonly ApprovalClause[], approvals: readonly string[]): boolean {
  return clauses.every((clause) => approvalsCounted(directory, clause, approvals) >= clause.required);
}

/** Whether an org's approval counts for any of the conditions. */
export function countsForChange(clauses: readonly ApprovalClause[], mspId: string): boolean {
  return clauses.some((clause) => clause.members.includes(mspId));
}

/**
 * The key-level endorsement policy of the directory key: a peer of a FEDERAL authority AND a peer
 * of any one LAND authority (while the directory lists none, of any one other participant). Every
 * change needs the federal office and at least one Land, so the approvers of any change can meet
 * it; a Land without a peer appears only as one alternative among the Länder and cannot make the
 * directory unchangeable. A key-level policy belongs to the key, not to the transaction, so it
 * cannot name the approvers of the change in flight; that they consented is the chaincode's check
 * ({@link requiredApprovals}), see ADR 0009.
 */
export function directoryEndorsementPolicy(directory: AuthorityDirectory): PolicyNode {
  const federal = authoritiesOf(directory, 'FEDERAL');
  const lands = authoritiesOf(directory, 'LAND');
  const partners = lands.length > 0 ? lands : participantOrgs(directory).filter((mspId) => !federal.includes(mspId));
  const anyOf = (members: readonly string[]): PolicyNode => ({ outOf: 1, of: members.map((signedBy) => ({ signedBy })) });
  if (partners.length === 0) return { outOf: 2, of: federal.map((signedBy) => ({ signedBy })) };
  return { outOf: 2, of: [anyOf(federal), anyOf(partners)] };
}
