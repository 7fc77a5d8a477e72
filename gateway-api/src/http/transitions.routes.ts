/** The transition route: one process step on a case, idempotent by the Idempotency-Key header. */
import type { Request } from 'express';
import { CommittedReceipt, GetCaseInput, LedgerError } from '@asylum-ledger/domain';
import { idempotencyKeyOf, LEDGER_MIN_BLOCK_HEADER, ledgerMinBlockOf, principalOf, sendWriteResult, type RouteServices } from './route-context';
import type { JsonSchema, RouteSpec } from './route-spec';
import { parseRequestPart } from './parse-request';
import { IdempotencyKey } from './request-formats';
import { parseTransitionBody, TRANSITION_ROUTE_TYPES, transitionBodySchema, type ParsedWrite } from './write-bodies';

/** The body schema: one alternative per transition type, discriminated by `type`. */
function transitionsBodySchema(): JsonSchema {
  return { oneOf: TRANSITION_ROUTE_TYPES.map((type) => transitionBodySchema(type)) };
}

/** The operation a refused transition request names: its type when that is one, else the route's operation. */
function transitionOperationOf(body: unknown): string {
  const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
  return typeof type === 'string' && (TRANSITION_ROUTE_TYPES as readonly string[]).includes(type) ? type : 'applyTransition';
}

/** The headers, path and body of a transition request, parsed (the checks that come before the write use case). */
function parseTransitionRequest(req: Request, services: RouteServices): { key: string; minBlock: number | undefined; caseRef: string; parsed: ParsedWrite } {
  const { caseRef } = parseRequestPart(GetCaseInput, req.params, 'path');
  return {
    key: idempotencyKeyOf(req.get('Idempotency-Key')),
    minBlock: ledgerMinBlockOf(req.get('Ledger-Min-Block')),
    caseRef,
    parsed: parseTransitionBody(req.body, (documentHash) => services.localReferences.saltDocRef(caseRef, documentHash)),
  };
}

/** The transition routes. */
export function transitionRoutes(services: RouteServices): RouteSpec[] {
  return [
    {
      method: 'post',
      path: '/v1/cases/{caseRef}/transitions',
      operationId: 'applyTransition',
      summary: 'Apply one process step to a case; answers once the transaction is committed',
      description:
        'Body: `{type, ...fields, expectedSeq?, private?}` with the fields of that transition. ' +
        'Retry with the same Idempotency-Key after a timeout or 503: the gateway never applies a change twice. ' +
        'Send Ledger-Min-Block with the highest blockNumber you have seen, so a refusal from a peer that is behind is not taken as final.',
      tags: ['transitions'],
      authenticated: true,
      jsonBody: true,
      params: GetCaseInput,
      headers: [
        { name: 'Idempotency-Key', required: true, description: 'A fresh value (e.g. a UUID) per intended change; reuse it only to retry.', schema: IdempotencyKey },
        LEDGER_MIN_BLOCK_HEADER,
      ],
      body: { jsonSchema: transitionsBodySchema() },
      responses: { 200: { description: 'Committed: the new status', schema: CommittedReceipt } },
      problems: [
        'VALIDATION_FAILED', 'IDEMPOTENCY_KEY_MISSING', 'FORBIDDEN_ROLE', 'FORBIDDEN_ORG', 'CASE_NOT_FOUND',
        'INVALID_TRANSITION', 'REMOVAL_HOLD_ACTIVE', 'VERSION_CONFLICT', 'REQUEST_IN_PROGRESS', 'MVCC_READ_CONFLICT',
        'IDEMPOTENCY_KEY_REUSED', 'DATE_IN_FUTURE', 'CORRECTION_NOT_ALLOWED', 'ERASURE_NOT_ALLOWED', 'NOT_IN_REGIME',
        'PROCEDURE_TRACK_REQUIRED', 'FINALITY_PREMATURE', 'PERIOD_EXPIRED', 'DEPARTURE_NOT_YET_REQUIRED',
        'DEPARTURE_PERIOD_TOO_SHORT', 'REMOVAL_NOT_YET_LAWFUL', 'REMOVAL_BARRED_BY_FOLLOW_UP', 'ENDORSERS_DISAGREE',
        'LEDGER_BEHIND', 'DUPLICATE_UNCONFIRMED', 'COMMIT_TIMEOUT', 'TRANSFER_PERIOD_EXPIRED',
      ],
      handler: async (req, res) => {
        const principal = principalOf(res);
        const body: unknown = req.body;
        const pathCase = GetCaseInput.safeParse(req.params);
        const { key, minBlock, caseRef, parsed } = services.writes.refusingAudited(
          principal,
          () => transitionOperationOf(body),
          () => parseTransitionRequest(req, services),
          pathCase.success ? pathCase.data.caseRef : undefined,
        );
        const result = await services.writes.write({
          ...parsed,
          principal,
          caseRef,
          idempotencyKey: key,
          ...(minBlock !== undefined ? { minBlock } : {}),
          fingerprint: services.fingerprint({ role: principal.role, method: 'POST', path: `/v1/cases/${caseRef}/transitions`, body }),
        });
        // having attested on the ledger that it deleted its mapping, this gateway keeps nothing else of the case either
        if (parsed.type === 'attestMappingDeleted' && !(result.outcome instanceof LedgerError)) services.localReferences.forgetCase(caseRef);
        sendWriteResult(res, result, 200);
      },
    },
  ];
}
