/**
 * The history as an auditor reads it (issue 19): an entry that a later correction changed or voided
 * is marked superseded and linked to the correction now in force (the last one that corrects it).
 */
import { CaseHistoryEntry } from '@asylum-ledger/domain';
import { z } from 'zod';

/** One change of a case, with the auditor's supersession marks. */
export const AuditorHistoryEntry = CaseHistoryEntry.extend({
  superseded: z.boolean().optional().describe('Auditors only: a later correction changed or voided this entry'),
  supersededBy: z.string().nullable().optional().describe('Auditors only: the txId of the correction in force for this entry (the last of correctedBy)'),
});
export type AuditorHistoryEntry = z.infer<typeof AuditorHistoryEntry>;

/** The history of a case; the supersession marks are present for auditors. */
export const AuditorHistory = z.object({ caseRef: z.string(), entries: z.array(AuditorHistoryEntry) });

/**
 * Marks every corrected entry as superseded and links it to its correction in force.
 * @param entries the whitelisted history, oldest first.
 */
export function markSuperseded(entries: readonly CaseHistoryEntry[]): AuditorHistoryEntry[] {
  return entries.map((entry) => ({
    ...entry,
    superseded: entry.correctedBy.length > 0,
    supersededBy: entry.correctedBy.at(-1) ?? null,
  }));
}
