/**
 * The request marker of a case as the request query answers it: which transaction, if any, used a
 * client request id on a case. A gateway reads it on its own org's peer to confirm a claimed
 * DUPLICATE_REQUEST before it believes that an earlier attempt committed.
 */
import { z } from 'zod';
import { CaseRef, RequestId, TxId } from './identifiers';

/** Input of the request query: one request id of one case. */
export const GetRequestInput = z.strictObject({ caseRef: CaseRef, requestId: RequestId });
export type GetRequestInput = z.infer<typeof GetRequestInput>;

/** The answer: the transaction that used the request id on the case, or null when none has (yet). */
export const RequestMarker = z.strictObject({ caseRef: CaseRef, requestId: RequestId, txId: TxId.nullable() });
export type RequestMarker = z.infer<typeof RequestMarker>;
