/**
 * The receipt of a committed case write: what the chaincode answers (caseRef, state, seq, txId) and
 * what a gateway adds once the write committed (the block). One schema, read by the chaincode, the
 * gateway and the API description alike.
 */
import { z } from 'zod';
import { CaseRef, TxId } from './identifiers';
import { CaseState } from './vocabulary';

/** What the chaincode answers for a case write. */
export const TransitionReceipt = z.strictObject({
  caseRef: CaseRef,
  state: CaseState,
  seq: z.number().int().min(1),
  txId: TxId,
});
export type TransitionReceipt = z.infer<typeof TransitionReceipt>;

/** A committed write's receipt as a gateway returns it: the chaincode's answer and its block. */
export const CommittedReceipt = TransitionReceipt.extend({
  /** The block that holds the transaction (null only if a recovered result's block could not be looked up). */
  blockNumber: z.number().int().min(0).nullable(),
});
export type CommittedReceipt = z.infer<typeof CommittedReceipt>;
