/**
 * How long the ledger keeps a finished case: a setting of the network, held in its authority
 * directory, set at bootstrap and changed only by the directory's governance (BAMF and the Länder
 * quorum, directory-approvals.ts). Its justification is in docs/data-protection.md.
 */
import { z } from 'zod';
import type { AuthorityDirectory } from './authorities';

/**
 * The upper bound: § 7 (3) AsylG has BAMF destroy its own asylum files at the latest twenty years
 * after the final conclusion of the procedure; a ledger of case status has no reason to outlive the
 * files it points to.
 */
export const MAX_RETENTION_YEARS = 20;

/** The period a network runs with when its directory sets none. */
export const DEFAULT_RETENTION_YEARS = 10;

/** A retention period in whole years, from one to {@link MAX_RETENTION_YEARS}. */
export const RetentionYears = z.number().int().min(1).max(MAX_RETENTION_YEARS);
export type RetentionYears = z.infer<typeof RetentionYears>;

/** The network's retention period in years. */
export function retentionYearsOf(directory: Pick<AuthorityDirectory, 'retentionYears'>): number {
  return directory.retentionYears ?? DEFAULT_RETENTION_YEARS;
}
