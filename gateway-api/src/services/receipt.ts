/** What a committed write returns to the client, and the parsers for the chaincode's answers. */
import { CaseRef, CaseState } from '@asylum-ledger/domain';
import { z } from 'zod';

/** The response body of a committed write (registration or transition). */
export const WriteReceipt = z.strictObject({
  caseRef: CaseRef,
  state: CaseState,
  seq: z.number().int().min(1),
  txId: z.string().min(1).max(128),
  /** The block that holds the transaction (null only if a recovered result's block could not be looked up). */
  blockNumber: z.number().int().min(0).nullable(),
});
/** The response body of a committed write. */
export type WriteReceipt = z.infer<typeof WriteReceipt>;

/** What the chaincode returns from a case write. */
export const ChaincodeReceipt = z.object({
  caseRef: CaseRef,
  state: CaseState,
  seq: z.number().int().min(1),
  txId: z.string().min(1).max(128),
});
