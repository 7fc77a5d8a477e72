/** The auditors' routes (/v1/audit, issue 19): the ledger's own evidence, for the AUDITOR role only. */
import { z } from 'zod';
import { GetCaseInput, TxId } from '@asylum-ledger/domain';
import { markSuperseded } from '../audit/superseded-history';
import { toHistoryResponse } from './response-mappers';
import type { TransactionAudit } from '../audit/audit-reads';
import type { ChainReport } from '../audit/chain-verification';
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

const BlockNumberText = z.string().regex(/^(0|[1-9][0-9]{0,14})$/, 'a block number: decimal digits, no sign, no leading zeros');
const VerifyQuery = z.strictObject({
  fromBlock: BlockNumberText.default('0').describe('The first block to verify (default 0)'),
  toBlock: BlockNumberText.optional().describe('The last block to verify (default the last block)'),
});

/** The report of /v1/audit/verify. */
export const ChainReportResponse = z.object({
  ok: z.boolean(),
  fromBlock: z.number().int(),
  toBlock: z.number().int(),
  blocksChecked: z.number().int(),
  transactionsChecked: z.number().int(),
  endorsementsChecked: z.number().int().describe('Valid transactions whose endorsements were checked against the recomputable policy'),
  peersCompared: z.array(z.string()).describe("Orgs whose peers' header hashes were compared with the own peer's (Fabric)"),
  peersUnreachable: z
    .array(z.object({ mspId: z.string(), reason: z.string() }))
    .describe('Active authorities whose peer could not be asked: not compared, and not counted as a break'),
  firstBroken: z
    .object({
      blockNumber: z.number().int(),
      reason: z.enum(['DATA_HASH_MISMATCH', 'PREVIOUS_HASH_MISMATCH', 'ENDORSEMENT_POLICY_NOT_SATISFIED', 'PEER_HASH_MISMATCH']),
      detail: z.string(),
    })
    .nullable(),
  elapsedMs: z.number().int(),
});

function toChainReportResponse(report: ChainReport): z.infer<typeof ChainReportResponse> {
  return ChainReportResponse.parse({
    ...report,
    fromBlock: Number(report.fromBlock),
    toBlock: Number(report.toBlock),
    firstBroken: report.firstBroken ? { ...report.firstBroken, blockNumber: Number(report.firstBroken.blockNumber) } : null,
  });
}

/** A signed export (its exact shape is checked offline by `npm run audit:verify-export`). */
const CaseExportResponse = z
  .object({
    format: z.literal('asylum-ledger/audit-export@1'),
    caseRef: z.string(),
    exportedBy: z.string(),
    exportedAt: z.string(),
    history: z.array(z.record(z.string(), z.unknown())),
    evidence: z.array(z.record(z.string(), z.unknown())),
    signature: z.object({ algorithm: z.literal('ECDSA-SHA256'), certificate: z.string().nullable(), publicKey: z.string(), value: z.string() }),
  })
  .describe('ECDSA-SHA256 over the canonical JSON (keys sorted at every depth) of everything but `signature`');

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
    {
      method: 'get',
      path: '/v1/audit/verify',
      operationId: 'verifyChain',
      summary: "Verify blocks: data hashes, the previous-hash chain, endorsements against the policy, and every org's peer's block hashes (auditors)",
      tags: ['audit'],
      authenticated: true,
      query: VerifyQuery,
      responses: { 200: { description: 'The report: ok, or the first broken block and why', schema: ChainReportResponse } },
      problems: ['VALIDATION_FAILED', 'FORBIDDEN_ROLE', 'LEDGER_UNAVAILABLE'],
      handler: async (req, res) => {
        const { fromBlock, toBlock } = parseRequestPart(VerifyQuery, req.query, 'query');
        const report = await services.audit.verify(principalOf(res), BigInt(fromBlock), toBlock === undefined ? undefined : BigInt(toBlock));
        res.json(toChainReportResponse(report));
      },
    },
    {
      method: 'get',
      path: '/v1/audit/cases/{caseRef}/export',
      operationId: 'exportCaseAudit',
      summary: "Export a case's history with block and transaction evidence, signed with this org's key (auditors)",
      tags: ['audit'],
      authenticated: true,
      params: GetCaseInput,
      responses: { 200: { description: 'The signed export; verify offline with npm run audit:verify-export -- file', schema: CaseExportResponse } },
      problems: ['VALIDATION_FAILED', 'FORBIDDEN_ROLE', 'CASE_NOT_FOUND', 'FORBIDDEN_READ', 'EXPORT_UNAVAILABLE', 'LEDGER_UNAVAILABLE'],
      handler: async (req, res) => {
        const { caseRef } = parseRequestPart(GetCaseInput, req.params, 'path');
        const principal = principalOf(res);
        const exported = await services.audit.exportCase(principal, caseRef, async () =>
          markSuperseded(toHistoryResponse(caseRef, await services.reads.history(principal, caseRef)).entries),
        );
        res.json(exported);
      },
    },
  ];
}
