/**
 * Errors as the real network raised them (Fabric 2.5.16 peers, @hyperledger/fabric-gateway 1.11,
 * the gateway of LDSMSP, recorded 2026-12-06 by hand and re-checked for their shape by
 * test/e2e/own-peer-outcomes.test.ts): what a gRPC status, message and per-endorser details look like
 * when the chaincode refuses. Unit tests build fabric-gateway errors from these, so the adapter is
 * tested against what Fabric really sends, not against a guess.
 *
 * What they show:
 * - Endorse, default plan: the Fabric Gateway asks its own org's peer first; when that peer refuses,
 *   it stops there (ABORTED "failed to endorse transaction"), with one detail: the own peer's.
 * - Endorse, other orgs: when other orgs' peers refuse (here asked alone, with endorsingOrganizations),
 *   the error is ABORTED "failed to collect enough transaction endorsements" and the details name
 *   only them; nothing says what the own peer thought. Details come in the order the endorsers
 *   answered, which varies from run to run.
 * - Evaluate: UNKNOWN, and the top-level message repeats the answering peer's message without
 *   saying whose it is; only the detail's mspId tells. An evaluate targeted at ABHMSP reads exactly
 *   like one answered by the own peer.
 * - qscc's unknown transaction is a plain chaincode 500 from the own peer, no code.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { EndorseError, GatewayError, type ErrorDetail } from '@hyperledger/fabric-gateway';
import { serviceError } from './gateway-fakes';

/** One recorded error: gRPC status, message, and what each endorser said. */
export interface ObservedGatewayError {
  /** How it was provoked. */
  readonly scenario: string;
  readonly kind: 'endorse' | 'evaluate';
  readonly code: GrpcStatus;
  readonly message: string;
  readonly details: readonly ErrorDetail[];
}

const LDS = '127.0.0.1:7251';
const ABH = '127.0.0.1:7351';
const TX = 'b6c9ccfe5138ec5a227071a677e3dfca30a9df48faabb294944e0354fcf2a892';
const CASE = '74372b0f5f396f4e5af6d9ac9f2a9536';
const invalidTransition =
  'chaincode response 500, ASYLUM_LEDGER_ERROR {"code":"INVALID_TRANSITION","message":"confirmArrival: not allowed from REGISTERED","details":{"transaction":"confirmArrival","state":"REGISTERED","allowedFrom":["DISTRIBUTED"]}}';
const caseNotFound = `chaincode response 500, ASYLUM_LEDGER_ERROR {"code":"CASE_NOT_FOUND","message":"no case with this caseRef","details":{"caseRef":"${CASE}"}}`;

/** The recorded errors, by name. */
export const OBSERVED = {
  ownPeerRefuses: {
    scenario: 'LDSMSP LAND_RECEPTION submits confirmArrival on a REGISTERED case (default endorsement plan)',
    kind: 'endorse',
    code: GrpcStatus.ABORTED,
    message: '10 ABORTED: failed to endorse transaction, see attached details for more info',
    details: [{ address: LDS, mspId: 'LDSMSP', message: invalidTransition }],
  },
  otherOrgRefuses: {
    scenario: 'the same, endorsingOrganizations [ABHMSP]: the own peer is not asked',
    kind: 'endorse',
    code: GrpcStatus.ABORTED,
    message: '10 ABORTED: failed to collect enough transaction endorsements, see attached details for more info',
    details: [{ address: ABH, mspId: 'ABHMSP', message: invalidTransition }],
  },
  bothRefuse: {
    scenario: 'the same, endorsingOrganizations [LDSMSP, ABHMSP]',
    kind: 'endorse',
    code: GrpcStatus.ABORTED,
    message: '10 ABORTED: failed to collect enough transaction endorsements, see attached details for more info',
    details: [
      { address: LDS, mspId: 'LDSMSP', message: invalidTransition },
      { address: ABH, mspId: 'ABHMSP', message: invalidTransition },
    ],
  },
  ownPeerDuplicate: {
    scenario: 'registerCase submitted again with the request id of a committed registration',
    kind: 'endorse',
    code: GrpcStatus.ABORTED,
    message: '10 ABORTED: failed to endorse transaction, see attached details for more info',
    details: [
      {
        address: LDS,
        mspId: 'LDSMSP',
        message: `chaincode response 500, ASYLUM_LEDGER_ERROR {"code":"DUPLICATE_REQUEST","message":"this request id was already used for this case","details":{"originalTxId":"${TX}"}}`,
      },
    ],
  },
  ownPeerEvaluateRefuses: {
    scenario: 'getCase of an unknown case, evaluated with endorsingOrganizations [LDSMSP] (and the same without targets)',
    kind: 'evaluate',
    code: GrpcStatus.UNKNOWN,
    message: `2 UNKNOWN: evaluate call to endorser returned error: ${caseNotFound}`,
    details: [{ address: LDS, mspId: 'LDSMSP', message: caseNotFound }],
  },
  otherOrgEvaluateRefuses: {
    scenario: 'getCase of an unknown case, evaluated with endorsingOrganizations [ABHMSP]',
    kind: 'evaluate',
    code: GrpcStatus.UNKNOWN,
    message: `2 UNKNOWN: evaluate call to endorser returned error: ${caseNotFound}`,
    details: [{ address: ABH, mspId: 'ABHMSP', message: caseNotFound }],
  },
} as const satisfies Record<string, ObservedGatewayError>;

/** The original txId the recorded DUPLICATE_REQUEST names. */
export const OBSERVED_ORIGINAL_TX = TX;

/** A fabric-gateway error of the recorded shape, as the adapter would catch it. */
export function raiseObserved(observed: ObservedGatewayError, transactionId = 'e'.repeat(64)): GatewayError {
  const properties = { code: observed.code, message: observed.message, details: [...observed.details], cause: serviceError(observed.code, observed.message) };
  return observed.kind === 'endorse' ? new EndorseError({ ...properties, transactionId }) : new GatewayError(properties);
}
