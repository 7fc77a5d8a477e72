import { encodeError, ChaincodeError } from '@asylum-ledger/chaincode/dist/domain';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, CommitStatusError, EndorseError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import { SubmitError } from '@hyperledger/fabric-gateway/dist/submiterror';
import { LedgerError } from '../ports/ledger-port';
import { toLedgerError, validationCodeName } from './fabric-errors';
import { endorserDetail, gatewayErrorProperties } from './test-support/gateway-fakes';

const TX = 'a'.repeat(64);
const coded = (code: ConstructorParameters<typeof ChaincodeError>[0], details = {}): string =>
  `chaincode response 500, ${encodeError(new ChaincodeError(code, `${code} happened`, details))}`;

function shapeOf(error: LedgerError): { name: string; code: string; txId: string | undefined } {
  return { name: error.name, code: error.code, txId: error.txId };
}

describe('toLedgerError: the one boundary from Fabric errors to ledger port codes', () => {
  it('keeps the chaincode code, message and details of an endorser\'s coded error, with the txId', () => {
    const endorse = new EndorseError({
      ...gatewayErrorProperties(GrpcStatus.ABORTED, 'failed to endorse transaction, see attached details for more info', [
        endorserDetail(coded('INVALID_TRANSITION', { state: 'REGISTERED', transaction: 'recordDecision' })),
      ]),
      transactionId: TX,
    });
    const error = toLedgerError(endorse);
    expect(shapeOf(error)).toEqual({ name: 'LedgerError', code: 'INVALID_TRANSITION', txId: TX });
    expect(error.message).toBe('INVALID_TRANSITION happened');
    expect(error.details).toEqual({ state: 'REGISTERED', transaction: 'recordDecision' });
    expect(error.cause).toBe(endorse);
  });

  it('finds the coded error in any endorser\'s detail, after details without one', () => {
    const endorse = new EndorseError({
      ...gatewayErrorProperties(GrpcStatus.ABORTED, 'failed to collect enough transaction endorsements', [
        endorserDetail('chaincode stream terminated', 'ABHMSP'),
        endorserDetail(coded('FORBIDDEN_ROLE'), 'BAMFMSP'),
      ]),
      transactionId: TX,
    });
    expect(toLedgerError(endorse).code).toBe('FORBIDDEN_ROLE');
  });

  it('decodes a coded error of an evaluate (a plain GatewayError, message or details)', () => {
    const inDetails = new GatewayError(gatewayErrorProperties(GrpcStatus.UNKNOWN, 'evaluate call to endorser returned error', [endorserDetail(coded('CASE_NOT_FOUND'))]));
    const inMessage = new GatewayError(gatewayErrorProperties(GrpcStatus.UNKNOWN, `evaluate call to endorser returned error: ${coded('VALIDATION_FAILED')}`));
    expect(shapeOf(toLedgerError(inDetails))).toEqual({ name: 'LedgerError', code: 'CASE_NOT_FOUND', txId: undefined });
    expect(toLedgerError(inMessage).code).toBe('VALIDATION_FAILED');
  });

  it.each([
    ['endorse, UNAVAILABLE', new EndorseError({ ...gatewayErrorProperties(GrpcStatus.UNAVAILABLE, 'No connection established'), transactionId: TX }), 'LEDGER_UNAVAILABLE', TX],
    ['endorse, DEADLINE_EXCEEDED', new EndorseError({ ...gatewayErrorProperties(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded'), transactionId: TX }), 'LEDGER_UNAVAILABLE', TX],
    ['evaluate, UNAVAILABLE', new GatewayError(gatewayErrorProperties(GrpcStatus.UNAVAILABLE, 'connect ECONNREFUSED')), 'LEDGER_UNAVAILABLE', undefined],
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
    expect(toLedgerError(new GatewayError(gatewayErrorProperties(GrpcStatus.UNAVAILABLE, 'down')), 'events').details).toMatchObject({ stage: 'events' });
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
