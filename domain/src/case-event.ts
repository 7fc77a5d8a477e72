/**
 * The one chaincode event every case transaction emits. Every channel member can read it, so it
 * carries codes only.
 */
import { z } from 'zod';
import { MspId } from './authorities';
import { Deadline } from './case-deadlines';
import { CaseRef, Day } from './identifiers';
import { CaseState, Hold } from './vocabulary';

/** Name of the chaincode event. */
export const CASE_EVENT_NAME = 'CaseEvent';

export const CaseEvent = z.strictObject({
  caseRef: CaseRef,
  seq: z.number().int().min(1),
  type: z.string(),
  from: CaseState.nullable(),
  to: CaseState,
  responsible: MspId,
  targets: z.array(MspId),
  holds: z.array(Hold),
  dueBy: Day.nullable(),
  /** The first day a removal or transfer is lawful, when one can be named (see the case's `removal`). */
  removalLawfulFrom: Day.nullable(),
  /** The case's running legal deadlines after this transaction. */
  deadlines: z.array(Deadline),
  txId: z.string(),
  /** The earlier case a follow-up or second application follows, when it is on the ledger. */
  previousCaseRef: CaseRef.nullable().default(null),
});
export type CaseEvent = z.infer<typeof CaseEvent>;
