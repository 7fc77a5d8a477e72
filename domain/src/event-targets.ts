/**
 * Resolves the target selectors of a transition to the MSP IDs that must react to its event.
 */
import type { AuthorityDirectory } from './authorities';
import { authoritiesOf, findAuthority } from './authority-directory';
import type { CaseRecord } from './case-record';
import type { TargetSelector } from './transition-rule';

/** The case before and after a transition, and who made it. */
export interface TargetScope {
  readonly before: CaseRecord | undefined;
  readonly after: CaseRecord;
  readonly actorMsp: string;
  /** The case the transition links to (the earlier case of a follow-up application), if read. */
  readonly linked?: CaseRecord | null | undefined;
}

function caseAbh(directory: AuthorityDirectory, record: CaseRecord): string[] {
  const responsible = findAuthority(directory, record.responsible);
  return responsible?.kind === 'ABH' ? [responsible.mspId] : [];
}

/** What each target selector means, for the docs. */
export const TARGET_SELECTOR_DESCRIPTIONS: Readonly<Record<TargetSelector, string>> = {
  FEDERAL: 'Every active FEDERAL authority (BAMF).',
  CASE_LAND: "Every active LAND authority of the case's Land after the transition.",
  ORIGIN_LAND: "Every active LAND authority of the case's Land before the transition (none for a new case).",
  RESPONSIBLE: 'The org responsible for the case after the transition.',
  PREVIOUS_RESPONSIBLE: 'The org responsible for the case before the transition.',
  CASE_ABH: 'The responsible org if it is an ABH (no ABH is competent before allocation to a municipality).',
  PARTICIPANTS: 'Every org that took part in the case so far, and the responsible org.',
  AUDIT: 'Every active AUDIT authority.',
  EARLIER_CASE_RESPONSIBLE: 'The org responsible for the earlier case a follow-up application names (previousCaseRef), so its ABH learns of the bar at once.',
  RECEIVING_LAND: 'The LAND authority that a pending redistribution request (§ 51 AsylG) names as receiving, after the transition.',
};

type Resolver = (directory: AuthorityDirectory, scope: TargetScope) => string[];

const RESOLVERS: Readonly<Record<TargetSelector, Resolver>> = {
  FEDERAL: (directory) => authoritiesOf(directory, 'FEDERAL'),
  CASE_LAND: (directory, { after }) => (after.landCode === null ? [] : authoritiesOf(directory, 'LAND', after.landCode)),
  ORIGIN_LAND: (directory, { before }) => (before?.landCode ? authoritiesOf(directory, 'LAND', before.landCode) : []),
  RESPONSIBLE: (_directory, { after }) => [after.responsible],
  PREVIOUS_RESPONSIBLE: (_directory, { before }) => (before ? [before.responsible] : []),
  CASE_ABH: (directory, { after }) => caseAbh(directory, after),
  PARTICIPANTS: (_directory, { after }) => [...after.participants, after.responsible],
  AUDIT: (directory) => authoritiesOf(directory, 'AUDIT'),
  EARLIER_CASE_RESPONSIBLE: (_directory, { linked }) => (linked && linked.state !== 'ERASED' ? [linked.responsible] : []),
  RECEIVING_LAND: (_directory, { after }) => (after.redistribution ? [after.redistribution.receiving] : []),
};

/**
 * The MSP IDs that must react, sorted and without duplicates. The submitter's own organisation is
 * left out: it knows what it did.
 */
export function resolveTargets(
  directory: AuthorityDirectory,
  selectors: readonly TargetSelector[],
  scope: TargetScope,
): string[] {
  const all = selectors.flatMap((selector) => RESOLVERS[selector](directory, scope));
  return [...new Set(all)].filter((mspId) => mspId !== scope.actorMsp).sort();
}
