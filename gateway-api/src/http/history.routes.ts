/** The history route: every change of a case (auditors and participants). */
import { GetCaseInput } from '@asylum-ledger/domain';
import { principalOf, type RouteServices } from './route-context';
import type { RouteSpec } from './route-spec';
import { parseRequestPart } from './parse-request';
import { AuditorHistory, markSuperseded } from '../audit/superseded-history';
import { toHistoryResponse } from './response-mappers';

/** The history routes. */
export function historyRoutes(services: RouteServices): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/v1/cases/{caseRef}/history',
      operationId: 'getCaseHistory',
      summary: 'Every change of a case with txId, time, org, role and correction links',
      tags: ['cases'],
      authenticated: true,
      params: GetCaseInput,
      responses: { 200: { description: 'The history, oldest first; for auditors each corrected entry is marked superseded and linked to its correction', schema: AuditorHistory } },
      problems: ['VALIDATION_FAILED', 'CASE_NOT_FOUND', 'FORBIDDEN_READ', 'FORBIDDEN_ORG'],
      handler: async (req, res) => {
        const { caseRef } = parseRequestPart(GetCaseInput, req.params, 'path');
        const principal = principalOf(res);
        const history = toHistoryResponse(caseRef, await services.reads.history(principal, caseRef));
        res.json(principal.role === 'AUDITOR' ? { ...history, entries: markSuperseded(history.entries) } : history);
      },
    },
  ];
}
