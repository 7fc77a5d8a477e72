/**
 * A hand-written fake of the gRPC client fabric-gateway talks through (the narrow transport, as
 * fabric-gateway's own MockGatewayGrpcClient): it answers the Gateway service's unary calls from a
 * script and records every call, so FabricLedger runs unchanged on top of it.
 */
import { Metadata, status as Status, type CallOptions, type ServiceError } from '@grpc/grpc-js';
import type { ErrorDetail, GrpcClient } from '@hyperledger/fabric-gateway';
import { common, gateway, google, peer } from '@hyperledger/fabric-protos';
import { serviceError } from './gateway-fakes';
import type { ObservedGatewayError } from './observed-gateway-errors';

/** One recorded call: which Gateway method, with what request message and call options. */
export interface RecordedCall {
  readonly method: string;
  /** The request message (e.g. a gateway.EvaluateRequest). */
  readonly request: unknown;
  readonly options: CallOptions;
}

/**
 * How a scripted call answers: bytes of the response message, or a gRPC error, optionally with
 * the message and the per-endorser details the Fabric Gateway attaches.
 */
export type ScriptedAnswer =
  | { readonly response: Uint8Array }
  | { readonly error: Status; readonly message?: string; readonly details?: readonly ErrorDetail[] };

type Callback = (error: ServiceError | null, value?: unknown) => void;

/** The Endorse answer: a prepared transaction whose chaincode response carries `result`. */
export function endorseResponse(result: string): ScriptedAnswer {
  const response = new peer.Response();
  response.setStatus(200);
  response.setPayload(Buffer.from(result));
  const chaincodeAction = new peer.ChaincodeAction();
  chaincodeAction.setResponse(response);
  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setExtension$(chaincodeAction.serializeBinary());
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(responsePayload.serializeBinary());
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setAction(endorsed);
  const action = new peer.TransactionAction();
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setChannelId('asylum');
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(transaction.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  const answer = new gateway.EndorseResponse();
  answer.setPreparedTransaction(envelope);
  return { response: answer.serializeBinary() };
}

/** The answer of a call that fails as a recorded real-network error did. */
export function observedAnswer(observed: ObservedGatewayError): ScriptedAnswer {
  return { error: observed.code, message: observed.message.replace(/^\d+ [A-Z_]+: /, ''), details: observed.details };
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

function lengthDelimited(field: number, bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(bytes.length)]), bytes]);
}

/**
 * A gRPC error as the Fabric Gateway sends it: google.rpc.Status in `grpc-status-details-bin`, its
 * details packed as google.protobuf.Any of gateway.ErrorDetail (Any is encoded by hand: the protos
 * package does not export it).
 */
function gatewayServiceError(code: Status, message: string, details: readonly ErrorDetail[]): ServiceError {
  const rpcStatus = new google.rpc.Status();
  rpcStatus.setCode(code);
  rpcStatus.setMessage(message);
  const anys = details.map((detail) => {
    const errorDetail = new gateway.ErrorDetail();
    errorDetail.setAddress(detail.address);
    errorDetail.setMspId(detail.mspId);
    errorDetail.setMessage(detail.message);
    const any = Buffer.concat([lengthDelimited(1, Buffer.from('type.googleapis.com/gateway.ErrorDetail')), lengthDelimited(2, errorDetail.serializeBinary())]);
    return lengthDelimited(3, any);
  });
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', Buffer.concat([Buffer.from(rpcStatus.serializeBinary()), ...anys]));
  return Object.assign(serviceError(code, message), { metadata });
}

/** The Submit answer (empty: the orderer took it). */
export function submitResponse(): ScriptedAnswer {
  return { response: new gateway.SubmitResponse().serializeBinary() };
}

/** The CommitStatus answer: a validation code in a block. */
export function commitStatusResponse(code: number, blockNumber: number): ScriptedAnswer {
  const answer = new gateway.CommitStatusResponse();
  answer.setResult(code as Parameters<gateway.CommitStatusResponse['setResult']>[0]);
  answer.setBlockNumber(blockNumber);
  return { response: answer.serializeBinary() };
}

/** The Evaluate answer: a chaincode result (text, or bytes such as a qscc answer). */
export function evaluateResponse(result: string | Uint8Array): ScriptedAnswer {
  const response = new peer.Response();
  response.setStatus(200);
  response.setPayload(typeof result === 'string' ? Buffer.from(result) : result);
  const answer = new gateway.EvaluateResponse();
  answer.setResult(response);
  return { response: answer.serializeBinary() };
}

/** The fake client; hand `asGrpcClient()` to FabricLedger. */
export class FakeGatewayClient {
  readonly calls: RecordedCall[] = [];
  closed = false;
  readonly #script = new Map<string, ScriptedAnswer[]>();

  /** Queues answers for a method, e.g. `Endorse`. */
  answer(method: 'Evaluate' | 'Endorse' | 'Submit' | 'CommitStatus', ...answers: ScriptedAnswer[]): this {
    const queue = this.#script.get(method) ?? [];
    queue.push(...answers);
    this.#script.set(method, queue);
    return this;
  }

  /** The target organizations of each Evaluate call, in order. */
  get evaluateTargets(): string[][] {
    return this.calls
      .filter((call) => call.method === 'Evaluate')
      .map((call) => (call.request as gateway.EvaluateRequest).getTargetOrganizationsList());
  }

  /** The names of the methods called, in order. */
  get methods(): string[] {
    return this.calls.map((call) => call.method);
  }

  makeUnaryRequest(method: string, _serialize: unknown, deserialize: (bytes: Buffer) => unknown, request: unknown, options: CallOptions, callback: Callback): void {
    const name = method.replace('/gateway.Gateway/', '');
    this.calls.push({ method: name, request, options });
    const answer = this.#script.get(name)?.shift();
    setImmediate(() => {
      if (!answer) callback(serviceError(Status.INTERNAL, `unscripted call ${name}`));
      else if ('error' in answer) callback(gatewayServiceError(answer.error, answer.message ?? `scripted ${name} failure`, answer.details ?? []));
      else callback(null, deserialize(Buffer.from(answer.response)));
    });
  }

  getChannel(): { getTarget(): string } {
    return { getTarget: () => 'dns:fake-peer:7051' };
  }

  waitForReady(_deadline: unknown, callback: (error?: Error) => void): void {
    setImmediate(() => { callback(); });
  }

  close(): void {
    this.closed = true;
  }

  /** This fake typed as the client fabric-gateway expects (it implements the unary calls only). */
  asGrpcClient(): GrpcClient {
    return this as unknown as GrpcClient;
  }
}
