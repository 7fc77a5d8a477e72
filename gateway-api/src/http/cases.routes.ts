/** Routes of the case resource: register, read one, list by state or responsible org. */
import { CommittedReceipt, GetCaseInput, ListCasesInput } from '@asylum-ledger/domain';
import { z } from 'zod';
import { idempotencyKeyOf, LEDGER_MIN_BLOCK_HEADER, ledgerMinBlockOf, principalOf, sendWriteResult, type RouteServices } from './route-context';
import type { RouteSpec } from './route-spec';
import { parseRequestPart } from './parse-request';
import { IdempotencyKey } from './request-formats';
import { CasePageResponse, CaseResponse, toCasePageResponse, toCaseResponse } from './response-mappers';
import { parseRegisterBody, registerBodySchema } from './write-bodies';

/** Query of GET /v1/cases: the domain's ListCasesInput with pageSize from a query string. */
const ListCasesQuery = z.strictObject({
  state: z.string().optional(),
  responsible: z.string().optional(),
  pageSize: z.coerce.number().optional(),
  bookmark: z.string().optional(),
});

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: true,
  description: 'A fresh key (e.g. a UUID) per intended registration: a retry with the same key returns the first result instead of registering twice.',
  schema: IdempotencyKey,
};

/** The case routes. */
export function caseRoutes(services: RouteServices): RouteSpec[] {
  return [
    {
      method: 'post',
      path: '/v1/cases',
      operationId: 'registerCase',
      summary: 'Register a new case under a fresh random pseudonym (caseRef)',
      description: '`localReference` (your own file reference) is stored encrypted in this gateway only and never sent to the ledger.',
      tags: ['cases'],
      authenticated: true,
      jsonBody: true,
      headers: [IDEMPOTENCY_HEADER, LEDGER_MIN_BLOCK_HEADER],
      body: { jsonSchema: registerBodySchema() },
      responses: { 201: { description: 'Committed: the new case', schema: CommittedReceipt } },
      problems: [
        'VALIDATION_FAILED', 'FORBIDDEN_ROLE', 'FORBIDDEN_ORG', 'DATE_IN_FUTURE', 'IDEMPOTENCY_KEY_REUSED', 'REQUEST_IN_PROGRESS',
        'ENDORSERS_DISAGREE', 'LEDGER_BEHIND', 'DUPLICATE_UNCONFIRMED', 'COMMIT_TIMEOUT', 'NOT_IN_REGIME', 'PREVIOUS_CASE_NOT_FOUND',
      ],
      handler: async (req, res) => {
        const principal = principalOf(res);
        const body: unknown = req.body;
        const { key, minBlock, parsed } = services.writes.refusingAudited(principal, () => 'registerCase', () => ({
          key: idempotencyKeyOf(req.get('Idempotency-Key')),
          minBlock: ledgerMinBlockOf(req.get('Ledger-Min-Block')),
          parsed: parseRegisterBody(body),
        }));
        const result = await services.writes.write({
          ...parsed,
          principal,
          idempotencyKey: key,
          ...(minBlock !== undefined ? { minBlock } : {}),
          fingerprint: services.fingerprint({ role: principal.role, method: 'POST', path: '/v1/cases', body }),
        });
        sendWriteResult(res, result, 201);
      },
    },
    {
      method: 'get',
      path: '/v1/cases/{caseRef}',
      operationId: 'getCase',
      summary: 'The current public status of a case',
      tags: ['cases'],
      authenticated: true,
      params: GetCaseInput,
      responses: { 200: { description: 'The case', schema: CaseResponse } },
      problems: ['VALIDATION_FAILED', 'CASE_NOT_FOUND', 'FORBIDDEN_ORG', 'FORBIDDEN_READ'],
      handler: async (req, res) => {
        const { caseRef } = parseRequestPart(GetCaseInput, req.params, 'path');
        res.json(toCaseResponse(await services.reads.getCase(principalOf(res), caseRef)));
      },
    },
    {
      method: 'get',
      path: '/v1/cases',
      operationId: 'listCases',
      summary: 'One page of cases in a state, or of cases an org is responsible for (give exactly one)',
      tags: ['cases'],
      authenticated: true,
      query: ListCasesInput,
      responses: { 200: { description: 'A page of cases', schema: CasePageResponse } },
      problems: ['VALIDATION_FAILED', 'FORBIDDEN_ORG'],
      handler: async (req, res) => {
        const raw = parseRequestPart(ListCasesQuery, req.query, 'query');
        const query = parseRequestPart(ListCasesInput, raw, 'query');
        res.json(toCasePageResponse(await services.reads.listCases(principalOf(res), query)));
      },
    },
  ];
}
