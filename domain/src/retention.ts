/**
 * How long the ledger keeps a finished case: a setting of the network (its authority directory).
 */
import type { AuthorityDirectory } from './authorities';

/** The period the network ran with before it became a setting. */
export const DEFAULT_RETENTION_YEARS = 10;

/** The network's retention period in years. */
export function retentionYearsOf(directory: AuthorityDirectory): number {
  return 'retentionYears' in directory && typeof directory.retentionYears === 'number' ? directory.retentionYears : DEFAULT_RETENTION_YEARS;
}
