/**
 * A hand-written fake of the gRPC client fabric-gateway talks through (the narrow transport, as
 * fabric-gateway's own MockGatewayGrpcClient): it answers the Gateway service's unary calls from a
 * script and records every call, so FabricLedger runs unchanged on top of it.
 */
import { status as Status, type CallOptions, type ServiceError } from '@grpc/grpc-js';
import type { GrpcClient } from '@hyperledger/fabric-gateway';
import { common, gateway, peer } from '@hyperledger/fabric-protos';
import { serviceError } from './gateway-fakes';

/** One recorded call: which Gateway method, with what call options. */
export interface RecordedCall {
  readonly method: string;
  readonly options: CallOptions;
}

/** How a scripted call answers: bytes of the response message, or a gRPC error. */
export type ScriptedAnswer = { readonly response: Uint8Array } | { readonly error: Status };

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

/** The Evaluate answer: a chaincode result. */
export function evaluateResponse(result: string): ScriptedAnswer {
  const response = new peer.Response();
  response.setStatus(200);
  response.setPayload(Buffer.from(result));
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

  /** The names of the methods called, in order. */
  get methods(): string[] {
    return this.calls.map((call) => call.method);
  }

  makeUnaryRequest(method: string, _serialize: unknown, deserialize: (bytes: Buffer) => unknown, _request: unknown, options: CallOptions, callback: Callback): void {
    const name = method.replace('/gateway.Gateway/', '');
    this.calls.push({ method: name, options });
    const answer = this.#script.get(name)?.shift();
    setImmediate(() => {
      if (!answer) callback(serviceError(Status.INTERNAL, `unscripted call ${name}`));
      else if ('error' in answer) callback(serviceError(answer.error, `scripted ${name} failure`));
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
