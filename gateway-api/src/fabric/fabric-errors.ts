/**
 * The one boundary where Fabric's errors become {@link LedgerError}s, as fabric-gateway's own
 * `newGatewayError` turns a gRPC error into a GatewayError: callers above never see a GatewayError,
 * a validation code number or a gRPC status.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, CommitStatusError, EndorseError, GatewayError, type SubmitError } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { LedgerError } from '@asylum-ledger/domain';
import { judgeRefusals } from './endorser-refusals';

const VALIDATION_CODE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(peer.TxValidationCode).map(([name, code]) => [code, name]),
);

/** Calls that raise a plain GatewayError (no transaction id): queries and event streams. */
export type PlainStage = 'evaluate' | 'query' | 'events';

/** What the translation needs to know besides the error. */
export interface ErrorContext {
  /**
   * The gateway's own MSP ID: only its peer's coded refusals count. Without it (event streams,
   * commit status: no chaincode speaks there) no coded refusal counts.
   */
  readonly ownMspId?: string;
  /** What the adapter was doing when a plain GatewayError (one without a transaction) came; default `evaluate`. */
  readonly stage?: PlainStage;
}

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
 * Translates anything the Fabric adapter caught into a {@link LedgerError}: a chaincode's coded
 * error keeps its code when the gateway's own org's peer gave it; a coded refusal that only other
 * orgs' peers gave becomes `ENDORSERS_DISAGREE` (retryable, never a final outcome); the rest get a
 * port code by stage and gRPC status.
 * @param error what was thrown (a fabric-gateway error, a LedgerError, or anything else).
 * @param context the own MSP ID and the stage of a plain GatewayError.
 * @returns the error to throw to the port's caller.
 */
export function toLedgerError(error: unknown, context: Readonly<ErrorContext> = {}): LedgerError {
  if (error instanceof LedgerError) return error;
  if (error instanceof CommitError) return newInvalidTransactionError(error.code, error.transactionId, undefined, error);
  if (error instanceof GatewayError) return fromGatewayError(error, context);
  const message = error instanceof Error ? error.message : String(error);
  return new LedgerError('LEDGER_INTERNAL', `unexpected failure at the Fabric adapter: ${message}`, { cause: error });
}

function fromGatewayError(error: GatewayError, context: Readonly<ErrorContext>): LedgerError {
  const txId = transactionIdOf(error);
  const verdict = judgeRefusals(error.details, context.ownMspId);
  const stage = stageOf(error, context.stage ?? 'evaluate');
  if (verdict.kind === 'own') {
    const { code, message, details } = verdict.refusal;
    return new LedgerError(code, message, { details: { ...details }, txId, cause: error });
  }
  if (verdict.kind === 'others-only') {
    const details = { ownMspId: context.ownMspId ?? null, disagreeingOrgs: verdict.orgs, claimedCodes: verdict.codes, stage };
    const own = context.ownMspId ?? 'this gateway\'s org';
    return new LedgerError('ENDORSERS_DISAGREE', `${verdict.orgs.join(', ')} refused (${verdict.codes.join(', ')}) but ${own}'s peer did not; not final, retry`, {
      details,
      txId,
      cause: error,
    });
  }
  return fromTransportError(error, describeGatewayError(error, stage), txId);
}

function fromTransportError(error: GatewayError, details: ReturnType<typeof describeGatewayError>, txId: string | undefined): LedgerError {
  const options = { details, txId, cause: error };
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
    return new LedgerError('LEDGER_UNAVAILABLE', `the ledger did not answer (${details.grpcStatus} at ${details.stage})`, options);
  }
  if (error instanceof EndorseError && isGrpcStatus(error.code, GrpcStatus.FAILED_PRECONDITION)) {
    // the Fabric Gateway found no set of reachable peers that satisfies the policy (seen for a few
    // seconds after a peer restart, until discovery knows the others again): nothing was endorsed
    return new LedgerError('LEDGER_UNAVAILABLE', `not enough endorsing peers are reachable (${details.grpcStatus} at endorse)`, options);
  }
  if (error instanceof EndorseError && error.details.length > 0 && error.details.every((detail) => isUnreachableEndorser(detail.message))) {
    // a peer the policy needs (e.g. BAMF's, which every case write needs) is down: nothing was endorsed
    const orgs = [...new Set(error.details.map((detail) => detail.mspId))].sort();
    return new LedgerError('LEDGER_UNAVAILABLE', `the peers of ${orgs.join(', ')} that the endorsement needs cannot be reached; retry later`, options);
  }
  return new LedgerError('LEDGER_INTERNAL', `the ledger failed at ${details.stage} (${details.grpcStatus}): ${error.message}`, options);
}

/**
 * Whether an endorser's detail says it could not be reached. The Fabric Gateway reports a peer it
 * could not dial only in the detail text, which carries the gRPC status as Go's grpc library
 * formats it ("rpc error: code = Unavailable desc = ..."): that status name is what is matched.
 */
function isUnreachableEndorser(message: string): boolean {
  return /rpc error: code = (Unavailable|DeadlineExceeded) /.test(message);
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

function stageOf(error: GatewayError, plainStage: PlainStage): string {
  if (error instanceof EndorseError) return 'endorse';
  if (isSubmitError(error)) return 'submit';
  if (error instanceof CommitStatusError) return 'commitStatus';
  return plainStage;
}

function describeGatewayError(error: GatewayError, stage: string): { stage: string; grpcStatus: string; endpoints: string[] } {
  return {
    stage,
    grpcStatus: (GrpcStatus as Record<number, string | undefined>)[error.code] ?? String(error.code),
    endpoints: error.details.map((detail) => `${detail.mspId} ${detail.address}: ${detail.message}`),
  };
}
