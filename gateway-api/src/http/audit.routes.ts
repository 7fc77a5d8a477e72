/** The auditors' routes (/v1/audit, issue 19): the ledger's own evidence, for the AUDITOR role only. */
import { z } from 'zod';
import { TxId } from '@asylum-ledger/domain';
import type { TransactionAudit } from '../audit/audit-reads';
import { parseRequestPart } from './parse-request';
import { principalOf, type RouteServices } from './route-context';
import type { RouteSpec } from './route-spec';

const TransactionParams = z.strictObject({ txId: TxId.describe('The transaction id (64 lowercase hex digits)') });

/** The provenance of one transaction. */
export const TransactionAuditResponse = z.object({
  txId: z.string(),
  blockNumber: z.number().int().describe('The block the transaction was committed in'),
  blockTimestamp: z.string().describe("The block's time: its first transaction's timestamp (a Fabric block header carries no time)"),
  validationCode: z.string().describe("Fabric's validation code, e.g. VALID, MVCC_READ_CONFLICT, ENDORSEMENT_POLICY_FAILURE"),
  creatorMspId: z.string(),
  creatorRole: z.string().nullable().describe("The `role` attribute of the submitter's certificate"),
  endorsingOrgs: z.array(z.string()),
  timestamp: z.string().describe("The transaction's own timestamp"),
  caseRef: z.string().nullable().describe('The case, from the transaction\'s CaseEvent; null when it has none (directory, invalid)'),
  transition: z.string().nullable().describe('The transition (transaction type) that changed the case'),
  seq: z.number().int().nullable().describe("The case's seq after this transaction"),
});

function toTransactionAuditResponse(audit: TransactionAudit): z.infer<typeof TransactionAuditResponse> {
  return TransactionAuditResponse.parse({ ...audit, blockNumber: Number(audit.blockNumber) });
}

/** The audit routes. */
export function auditRoutes(services: RouteServices): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/v1/audit/transactions/{txId}',
      operationId: 'getTransactionAudit',
      summary: 'Provenance of one transaction from the peer: creator org and role, endorsers, validation code, block, case and transition (auditors)',
      tags: ['audit'],
      authenticated: true,
      params: TransactionParams,
      responses: { 200: { description: 'The transaction as the own org\'s peer recorded it', schema: TransactionAuditResponse } },
      problems: ['VALIDATION_FAILED', 'FORBIDDEN_ROLE', 'NOT_FOUND', 'LEDGER_UNAVAILABLE'],
      handler: async (req, res) => {
        const { txId } = parseRequestPart(TransactionParams, req.params, 'path');
        res.json(toTransactionAuditResponse(await services.audit.transaction(principalOf(res), txId)));
      },
    },
  ];
}
