/** Routes of the local reference mapping (this gateway's database only; nothing on the ledger). */
import { CaseRef } from '@asylum-ledger/domain';
import { z } from 'zod';
import { principalOf, type RouteServices } from './route-context';
import type { RouteSpec } from './route-spec';
import { parseRequestPart } from './parse-request';
import { LocalReferenceResponse, toLocalReferenceResponse } from './response-mappers';
import { LocalReference } from './request-formats';

const RefParams = z.strictObject({ ref: LocalReference });
const DeleteQuery = z.strictObject({ caseRef: CaseRef.optional() });

/** The local reference routes. */
export function localReferenceRoutes(services: RouteServices): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/v1/local-references/{ref}',
      operationId: 'findLocalReference',
      summary: 'The cases your own file reference maps to (URL-encode the reference)',
      tags: ['local references'],
      authenticated: true,
      params: RefParams,
      responses: { 200: { description: 'The mapped cases', schema: LocalReferenceResponse } },
      problems: ['VALIDATION_FAILED', 'FORBIDDEN_ROLE', 'LOCAL_REFERENCE_NOT_FOUND'],
      handler: async (req, res) => {
        const { ref } = parseRequestPart(RefParams, req.params, 'path');
        res.json(toLocalReferenceResponse(services.localReferences.find(principalOf(res), ref)));
      },
    },
    {
      method: 'delete',
      path: '/v1/local-references/{ref}',
      operationId: 'deleteLocalReference',
      summary: 'Delete the mapping of your file reference (to one case with ?caseRef=, else to all)',
      description: 'The first step of erasure; then attest it on the ledger with the attestMappingDeleted transition.',
      tags: ['local references'],
      authenticated: true,
      params: RefParams,
      query: DeleteQuery,
      responses: { 204: { description: 'Deleted' } },
      problems: ['VALIDATION_FAILED', 'FORBIDDEN_ROLE', 'LOCAL_REFERENCE_NOT_FOUND'],
      handler: async (req, res) => {
        const { ref } = parseRequestPart(RefParams, req.params, 'path');
        const { caseRef } = parseRequestPart(DeleteQuery, req.query, 'query');
        services.localReferences.remove(principalOf(res), ref, caseRef);
        res.status(204).end();
      },
    },
  ];
}
