/**
 * Response bodies: zod schemas (also used for the OpenAPI document) and mappers that whitelist
 * fields, so a field added anywhere upstream reaches no client until it is listed here.
 */
import { CaseHistory, CaseHistoryEntry, CaseRecord, CommittedReceipt } from '@asylum-ledger/domain';
import { z } from 'zod';
import type { LocalReferenceMapping } from '../ports/gateway-store';
import type { CasePage, HistoryEntry as LedgerHistoryEntry } from '../services/case-ledger';

/** The public case record as served (every field is a code, a day, a hash or an MSP ID). */
export const CaseResponse = z.object(
  CaseRecord.pick({
    caseRef: true,
    procedureKind: true,
    state: true,
    seq: true,
    outcomeClass: true,
    landCode: true,
    responsible: true,
    placement: true,
    holds: true,
    dublin: true,
    hearing: true,
    departureMode: true,
    effectiveOn: true,
    servedOn: true,
    dueBy: true,
    retainUntil: true,
    docRef: true,
    procedureRegime: true,
    responsibilityRegime: true,
    procedureTrack: true,
    dates: true,
    removal: true,
    deadlines: true,
    correctsTxId: true,
    reasonCode: true,
    participants: true,
    erasureAttestations: true,
    lastTxId: true,
    lastTransaction: true,
    updatedByMsp: true,
    updatedByRole: true,
    previousCaseRef: true,
    nonRefoulement: true,
    screeningCompletedOn: true,
    redistribution: true,
  }).shape,
);
/** The public case record as served. */
export type CaseResponse = z.infer<typeof CaseResponse>;

/** One page of cases. */
export const CasePageResponse = z.object({
  cases: z.array(CaseResponse),
  /** Pass as `bookmark` to get the next page; null after the last page. */
  nextBookmark: z.string().nullable(),
});

/** One change of a case (the domain's schema). */
export const HistoryEntryResponse = CaseHistoryEntry;

/** The history of a case. */
export const HistoryResponse = CaseHistory;

/** The cases a local reference maps to (the reference itself is never echoed). */
export const LocalReferenceResponse = z.object({
  cases: z.array(z.object({ caseRef: z.string(), createdAt: z.string() })),
});

/** RFC 9457 problem details with the stable `code`. */
export const ProblemResponse = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  txId: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** Liveness and readiness bodies. */
export const HealthResponse = z.object({
  status: z.string(),
  /** Which ledger answers: `fabric` or `embedded` (also in the `Ledger-Mode` header). */
  ledger: z.string().optional(),
  mode: z.string().optional(),
  detail: z.string().optional(),
});

/** Whitelists a case record. */
export function toCaseResponse(record: CaseRecord): CaseResponse {
  return CaseResponse.parse(record);
}

/** Whitelists a page of cases. */
export function toCasePageResponse(page: CasePage): z.infer<typeof CasePageResponse> {
  return { cases: page.cases.map(toCaseResponse), nextBookmark: page.nextBookmark };
}

/** Whitelists a history. */
export function toHistoryResponse(caseRef: string, entries: readonly LedgerHistoryEntry[]): z.infer<typeof HistoryResponse> {
  return { caseRef, entries: entries.map((entry) => HistoryEntryResponse.parse(entry)) };
}

/** Whitelists a write receipt (the domain's one receipt schema). */
export function toReceiptResponse(receipt: CommittedReceipt): CommittedReceipt {
  return CommittedReceipt.parse(receipt);
}

/** Whitelists the mappings of a local reference. */
export function toLocalReferenceResponse(mappings: readonly LocalReferenceMapping[]): z.infer<typeof LocalReferenceResponse> {
  return { cases: mappings.map((mapping) => ({ caseRef: mapping.caseRef, createdAt: mapping.createdAt })) };
}
