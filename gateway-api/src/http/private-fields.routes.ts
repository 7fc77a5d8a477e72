/** The private-fields route: a case's fields from its Land's collection, for the case's participants. */
import { GetCaseInput, PrivateCaseView } from '@asylum-ledger/domain';
import { principalOf, type RouteServices } from './route-context';
import type { RouteSpec } from './route-spec';
import { parseRequestPart } from './parse-request';

/** The private-fields routes. */
export function privateFieldsRoutes(services: RouteServices): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/v1/cases/{caseRef}/private-fields',
      operationId: 'getCasePrivateFields',
      summary: "A case's private fields (protection type, unit, municipality, title type) from its Land's collection",
      description:
        "For the participants of the case, never for auditors. Fields never written are absent. A gateway whose org keeps no copy of the Land's collection " +
        "(an Ausländerbehörde) reads them through the chaincode at a member's peer (the Land's authority, else BAMF); every read is in the gateway's audit log.",
      tags: ['cases'],
      authenticated: true,
      params: GetCaseInput,
      responses: { 200: { description: 'The private fields of the case', schema: PrivateCaseView } },
      problems: ['VALIDATION_FAILED', 'CASE_NOT_FOUND', 'FORBIDDEN_READ', 'FORBIDDEN_ORG', 'PRIVATE_DATA_NOT_HELD'],
      handler: async (req, res) => {
        const { caseRef } = parseRequestPart(GetCaseInput, req.params, 'path');
        res.json(await services.reads.privateFields(principalOf(res), caseRef));
      },
    },
  ];
}
