/**
 * The history of a case as the history query answers it: every change with transaction, time,
 * org, role and correction links (which later transactions correct this one).
 */
import { z } from 'zod';

/** One change of a case. */
export const CaseHistoryEntry = z.object({
  txId: z.string(),
  timestamp: z.string(),
  /** The transaction that made the change. */
  type: z.string().nullable(),
  seq: z.number().int().nullable(),
  state: z.string().nullable(),
  responsible: z.string().nullable(),
  holds: z.array(z.string()),
  /** Org and role that made the change (never a person). */
  mspId: z.string().nullable(),
  role: z.string().nullable(),
  correctsTxId: z.string().nullable(),
  reasonCode: z.string().nullable(),
  /** Later transactions that correct this one. */
  correctedBy: z.array(z.string()),
});
export type CaseHistoryEntry = z.infer<typeof CaseHistoryEntry>;

/** The whole history of a case, oldest first. */
export const CaseHistory = z.object({ caseRef: z.string(), entries: z.array(CaseHistoryEntry) });
export type CaseHistory = z.infer<typeof CaseHistory>;
