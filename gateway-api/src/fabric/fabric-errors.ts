/**
 * The one boundary where Fabric's errors become {@link LedgerError}s, as fabric-gateway's own
 * `newGatewayError` turns a gRPC error into a GatewayError: callers above never see a GatewayError,
 * a validation code number or a gRPC status.
 */
import { decodeError, type DecodedError } from '@asylum-ledger/chaincode/dist/domain';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, CommitStatusError, EndorseError, GatewayError, type SubmitError } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { LedgerError } from '../ports/ledger-port';

const VALIDATION_CODE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(peer.TxValidationCode).map(([name, code]) => [code, name]),
);

/** Calls that raise a plain GatewayError (no transaction id): queries and event streams. */
export type PlainStage = 'evaluate' | 'query' | 'events';

/**
 * Whether a gRPC status code (a number, as fabric-gateway errors carry it) is one of some statuses.
 * @param code the error's code.
 * @param statuses e.g. `status.UNAVAILABLE`.
 */
export function isGrpcStatus(code: number, ...statuses: readonly GrpcStatus[]): boolean {
  return (statuses as readonly number[]).includes(code);
}

/** gRPC statuses that mean the peer (or what it needs) could not be reached or did not answer in time. */
const UNREACHABLE: readonly GrpcStatus[] = [GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED];

/**
 * The name of a Fabric transaction validation code.
 * @param code a `TxValidationCode` number, e.g. 11.
 * @returns the name, e.g. `MVCC_READ_CONFLICT`, or `UNKNOWN_VALIDATION_CODE_<n>`.
 */
export function validationCodeName(code: number): string {
  return VALIDATION_CODE_NAMES.get(code) ?? `UNKNOWN_VALIDATION_CODE_${code}`;
}

/**
 * The error for a transaction that was ordered but not committed as valid.
 * @param code its validation code (not `VALID`).
 * @param txId the transaction id.
 * @param blockNumber the block it was recorded in, when known.
 * @param cause the error that reported it, if any.
 * @returns `MVCC_READ_CONFLICT`, `ENDORSEMENT_POLICY_FAILURE`, or `TRANSACTION_INVALID` naming the code.
 */
export function newInvalidTransactionError(code: number, txId: string, blockNumber?: bigint, cause?: unknown): LedgerError {
  const validationCode = validationCodeName(code);
  const details: Record<string, unknown> = { validationCode, ...(blockNumber === undefined ? {} : { blockNumber: blockNumber.toString() }) };
  const options = { details, txId, cause };
  if (code === peer.TxValidationCode.MVCC_READ_CONFLICT) {
    return new LedgerError('MVCC_READ_CONFLICT', `transaction ${txId} was invalidated by a read conflict; a fresh transaction may succeed`, options);
  }
  if (code === peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE) {
    return new LedgerError('ENDORSEMENT_POLICY_FAILURE', `transaction ${txId} did not satisfy the endorsement policy`, options);
  }
  return new LedgerError('TRANSACTION_INVALID', `transaction ${txId} was invalidated: ${validationCode}`, options);
}

/**
 * Translates anything the Fabric adapter caught into a {@link LedgerError}: a chaincode's coded error
 * (from any endorser's message) keeps its code; the rest get a port code by stage and gRPC status.
 * @param error what was thrown (a fabric-gateway error, a LedgerError, or anything else).
 * @param stage what the adapter was doing when a plain GatewayError (one without a transaction) came.
 * @returns the error to throw to the port's caller.
 */
export function toLedgerError(error: unknown, stage: PlainStage = 'evaluate'): LedgerError {
  if (error instanceof LedgerError) return error;
  if (error instanceof CommitError) return newInvalidTransactionError(error.code, error.transactionId, undefined, error);
  if (error instanceof GatewayError) return fromGatewayError(error, stage);
  const message = error instanceof Error ? error.message : String(error);
  return new LedgerError('LEDGER_INTERNAL', `unexpected failure at the Fabric adapter: ${message}`, { cause: error });
}

function fromGatewayError(error: GatewayError, plainStage: PlainStage): LedgerError {
  const txId = transactionIdOf(error);
  const coded = findChaincodeError(error);
  if (coded) return new LedgerError(coded.code, coded.message, { details: { ...coded.details }, txId, cause: error });
  const details = describeGatewayError(error, plainStage);
  const options = { details, txId, cause: error };
  const stage = details.stage;
  if (error instanceof CommitStatusError) {
    return isGrpcStatus(error.code, ...UNREACHABLE)
      ? new LedgerError('COMMIT_TIMEOUT', `the commit status of ${error.transactionId} did not arrive in time; it may still commit`, options)
      : new LedgerError('LEDGER_INTERNAL', `reading the commit status of ${error.transactionId} failed: ${error.message}`, options);
  }
  if (isSubmitError(error) && isGrpcStatus(error.code, GrpcStatus.DEADLINE_EXCEEDED)) {
    // the orderer may have taken it: the outcome is unknown, so it must not be re-submitted blindly
    return new LedgerError('COMMIT_TIMEOUT', `ordering of ${error.transactionId} did not answer in time; it may still commit`, options);
  }
  if (isGrpcStatus(error.code, ...UNREACHABLE)) {
    return new LedgerError('LEDGER_UNAVAILABLE', `the ledger did not answer (${details.grpcStatus} at ${stage})`, options);
  }
  return new LedgerError('LEDGER_INTERNAL', `the ledger failed at ${stage} (${details.grpcStatus}): ${error.message}`, options);
}

/** fabric-gateway exports SubmitError as a type only: it is the GatewayError of a transaction that is neither of the others. */
function isSubmitError(error: GatewayError): error is SubmitError {
  return (
    !(error instanceof EndorseError) &&
    !(error instanceof CommitStatusError) &&
    typeof (error as Partial<SubmitError>).transactionId === 'string'
  );
}

function transactionIdOf(error: GatewayError): string | undefined {
  if (error instanceof EndorseError || error instanceof CommitStatusError || isSubmitError(error)) return error.transactionId;
  return undefined;
}

/** The chaincode's coded error, if the gateway's message or any endorser's message carries one. */
function findChaincodeError(error: GatewayError): DecodedError | undefined {
  for (const text of [...error.details.map((detail) => detail.message), error.message]) {
    const decoded = decodeError(text);
    if (decoded) return decoded;
  }
  return undefined;
}

function stageOf(error: GatewayError, plainStage: PlainStage): string {
  if (error instanceof EndorseError) return 'endorse';
  if (isSubmitError(error)) return 'submit';
  if (error instanceof CommitStatusError) return 'commitStatus';
  return plainStage;
}

function describeGatewayError(error: GatewayError, plainStage: PlainStage): { stage: string; grpcStatus: string; endpoints: string[] } {
  return {
    stage: stageOf(error, plainStage),
    grpcStatus: (GrpcStatus as Record<number, string | undefined>)[error.code] ?? String(error.code),
    endpoints: error.details.map((detail) => `${detail.mspId} ${detail.address}: ${detail.message}`),
  };
}
