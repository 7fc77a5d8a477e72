import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, CommitStatusError, EndorseError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import { SubmitError } from '@hyperledger/fabric-gateway/dist/submiterror';
import { LedgerError } from '@asylum-ledger/domain';
import { toLedgerError, validationCodeName } from './fabric-errors';
import { endorserDetail, gatewayErrorProperties } from './test-support/gateway-fakes';
import { OBSERVED, OBSERVED_ORIGINAL_TX, raiseObserved } from './test-support/observed-gateway-errors';

const TX = 'a'.repeat(64);

function shapeOf(error: LedgerError): { name: string; code: string; txId: string | undefined } {
  return { name: error.name, code: error.code, txId: error.txId };
}

describe('toLedgerError: the one boundary from Fabric errors to ledger port codes (only the own org\'s peer speaks)', () => {
  const own = { ownMspId: 'LDSMSP' };

  it('keeps the chaincode code, message and details of the own org\'s peer\'s refusal, with the txId', () => {
    const endorse = raiseObserved(OBSERVED.ownPeerRefuses, TX);
    const error = toLedgerError(endorse, own);
    expect(shapeOf(error)).toEqual({ name: 'LedgerError', code: 'INVALID_TRANSITION', txId: TX });
    expect(error.message).toBe('confirmArrival: not allowed from REGISTERED');
    expect(error.details).toEqual({ transaction: 'confirmArrival', state: 'REGISTERED', allowedFrom: ['DISTRIBUTED'] });
    expect(error.cause).toBe(endorse);
  });

  it('believes the own peer when it and another org\'s peer both refused', () => {
    expect(toLedgerError(raiseObserved(OBSERVED.bothRefuse, TX), own).code).toBe('INVALID_TRANSITION');
    expect(toLedgerError(raiseObserved(OBSERVED.ownPeerDuplicate, TX), own)).toMatchObject({
      code: 'DUPLICATE_REQUEST',
      details: { originalTxId: OBSERVED_ORIGINAL_TX },
    });
  });

  it.each([
    ['a refusal only another org\'s peer gave (own peer not asked)', OBSERVED.otherOrgRefuses, TX],
    ['an evaluate another org\'s peer answered', OBSERVED.otherOrgEvaluateRefuses, undefined],
  ])('turns %s into ENDORSERS_DISAGREE naming the org and code only', (_what, observed, txId) => {
    const error = toLedgerError(raiseObserved(observed, TX), own);
    expect(shapeOf(error)).toEqual({ name: 'LedgerError', code: 'ENDORSERS_DISAGREE', txId });
    expect(error.details).toEqual({
      ownMspId: 'LDSMSP',
      disagreeingOrgs: ['ABHMSP'],
      claimedCodes: [observed === OBSERVED.otherOrgRefuses ? 'INVALID_TRANSITION' : 'CASE_NOT_FOUND'],
      stage: observed.kind,
    });
    expect(JSON.stringify(error.details)).not.toMatch(/REGISTERED|7436|caseRef/);
  });

  it('believes no refusal when it does not know its own org (event streams, commit status)', () => {
    expect(toLedgerError(raiseObserved(OBSERVED.ownPeerRefuses, TX)).code).toBe('ENDORSERS_DISAGREE');
  });

  it('names every disagreeing org once, sorted, when the own peer failed without a code', () => {
    const claim = OBSERVED.otherOrgRefuses.details[0].message.replace('INVALID_TRANSITION', 'DUPLICATE_REQUEST');
    const endorse = new EndorseError({
      ...gatewayErrorProperties(GrpcStatus.ABORTED, 'failed to collect enough transaction endorsements', [
        endorserDetail('chaincode stream terminated', 'LDSMSP'),
        endorserDetail(claim, 'BAMFMSP'),
        endorserDetail(OBSERVED.otherOrgRefuses.details[0].message, 'ABHMSP'),
        endorserDetail(claim, 'BAMFMSP'),
      ]),
      transactionId: TX,
    });
    expect(toLedgerError(endorse, own).details).toMatchObject({
      disagreeingOrgs: ['ABHMSP', 'BAMFMSP'],
      claimedCodes: ['DUPLICATE_REQUEST', 'INVALID_TRANSITION'],
    });
  });

  it('decodes the own peer\'s refusal of an evaluate from its detail, never from the unattributed message', () => {
    expect(shapeOf(toLedgerError(raiseObserved(OBSERVED.ownPeerEvaluateRefuses), own))).toEqual({ name: 'LedgerError', code: 'CASE_NOT_FOUND', txId: undefined });
    const messageOnly = new GatewayError(gatewayErrorProperties(GrpcStatus.UNKNOWN, OBSERVED.ownPeerEvaluateRefuses.message.replace(/^2 UNKNOWN: /, '')));
    expect(toLedgerError(messageOnly, own).code).toBe('LEDGER_INTERNAL');
  });

  it.each([
    ['endorse, UNAVAILABLE', new EndorseError({ ...gatewayErrorProperties(GrpcStatus.UNAVAILABLE, 'No connection established'), transactionId: TX }), 'LEDGER_UNAVAILABLE', TX],
    ['endorse, DEADLINE_EXCEEDED', new EndorseError({ ...gatewayErrorProperties(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded'), transactionId: TX }), 'LEDGER_UNAVAILABLE', TX],
    ['evaluate, UNAVAILABLE', new GatewayError(gatewayErrorProperties(GrpcStatus.UNAVAILABLE, 'connect ECONNREFUSED')), 'LEDGER_UNAVAILABLE', undefined],
    ['endorse, FAILED_PRECONDITION (no peer combination satisfies the policy yet)', new EndorseError({ ...gatewayErrorProperties(GrpcStatus.FAILED_PRECONDITION, 'no combination of peers can be derived which satisfy the endorsement policy'), transactionId: TX }), 'LEDGER_UNAVAILABLE', TX],
    ['evaluate, FAILED_PRECONDITION', new GatewayError(gatewayErrorProperties(GrpcStatus.FAILED_PRECONDITION, 'no endorsing peers found')), 'LEDGER_INTERNAL', undefined],
    [
      'endorse, ABORTED because a peer the policy needs cannot be dialled (as observed with BAMF\'s peer down)',
      new EndorseError({
        ...gatewayErrorProperties(GrpcStatus.ABORTED, 'failed to collect enough transaction endorsements, see attached details for more info', [
          endorserDetail('rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:7151: connect: connection refused"', 'BAMFMSP'),
        ]),
        transactionId: TX,
      }),
      'LEDGER_UNAVAILABLE',
      TX,
    ],
    ['endorse, ABORTED without a coded error (a chaincode bug)', new EndorseError({ ...gatewayErrorProperties(GrpcStatus.ABORTED, 'failed', [endorserDetail('chaincode response 500, TypeError: x is undefined')]), transactionId: TX }), 'LEDGER_INTERNAL', TX],
    ['submit, UNAVAILABLE (no orderer took it)', new SubmitError({ ...gatewayErrorProperties(GrpcStatus.UNAVAILABLE, 'no orderers could successfully process transaction'), transactionId: TX }), 'LEDGER_UNAVAILABLE', TX],
    ['submit, DEADLINE_EXCEEDED (an orderer may have taken it)', new SubmitError({ ...gatewayErrorProperties(GrpcStatus.DEADLINE_EXCEEDED, 'submit timeout expired'), transactionId: TX }), 'COMMIT_TIMEOUT', TX],
    ['commit status, DEADLINE_EXCEEDED', new CommitStatusError({ ...gatewayErrorProperties(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded'), transactionId: TX }), 'COMMIT_TIMEOUT', TX],
    ['commit status, PERMISSION_DENIED', new CommitStatusError({ ...gatewayErrorProperties(GrpcStatus.PERMISSION_DENIED, 'denied'), transactionId: TX }), 'LEDGER_INTERNAL', TX],
  ])('%s → %s', (_what, error, code, txId) => {
    const translated = toLedgerError(error);
    expect(shapeOf(translated)).toEqual({ name: 'LedgerError', code, txId });
    expect(translated.cause).toBe(error);
  });

  it('names the stage and the gRPC status in the details of a transport failure', () => {
    const error = toLedgerError(new EndorseError({ ...gatewayErrorProperties(GrpcStatus.UNAVAILABLE, 'down', [endorserDetail('connection refused')]), transactionId: TX }));
    expect(error.details).toEqual({ stage: 'endorse', grpcStatus: 'UNAVAILABLE', endpoints: ['LDSMSP peer0.ldsmsp:7251: connection refused'] });
    expect(toLedgerError(new GatewayError(gatewayErrorProperties(GrpcStatus.UNAVAILABLE, 'down')), { stage: 'events' }).details).toMatchObject({ stage: 'events' });
  });

  it.each([
    [StatusCode.MVCC_READ_CONFLICT, 'MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT'],
    [StatusCode.ENDORSEMENT_POLICY_FAILURE, 'ENDORSEMENT_POLICY_FAILURE', 'ENDORSEMENT_POLICY_FAILURE'],
    [StatusCode.PHANTOM_READ_CONFLICT, 'TRANSACTION_INVALID', 'PHANTOM_READ_CONFLICT'],
    [StatusCode.DUPLICATE_TXID, 'TRANSACTION_INVALID', 'DUPLICATE_TXID'],
  ])('a CommitError with validation code %d → %s', (validation, code, name) => {
    const error = toLedgerError(new CommitError({ code: validation, transactionId: TX, message: 'invalid' }));
    expect(shapeOf(error)).toEqual({ name: 'LedgerError', code, txId: TX });
    expect(error.details).toEqual({ validationCode: name });
  });

  it('passes a LedgerError through and wraps anything else as LEDGER_INTERNAL', () => {
    const ledgerError = new LedgerError('NOT_FOUND', 'no block 9');
    expect(toLedgerError(ledgerError)).toBe(ledgerError);
    expect(shapeOf(toLedgerError(new TypeError('boom')))).toEqual({ name: 'LedgerError', code: 'LEDGER_INTERNAL', txId: undefined });
    expect(toLedgerError('text').code).toBe('LEDGER_INTERNAL');
  });

  it('names validation codes as Fabric does', () => {
    expect(validationCodeName(0)).toBe('VALID');
    expect(validationCodeName(11)).toBe('MVCC_READ_CONFLICT');
    expect(validationCodeName(254)).toBe('NOT_VALIDATED');
    expect(validationCodeName(99)).toBe('UNKNOWN_VALIDATION_CODE_99');
  });
});
