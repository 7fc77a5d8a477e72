/**
 * Hand-made fabric-gateway errors and event streams for unit tests: the narrow things the adapter
 * reads, built with fabric-gateway's own classes (no module mocks).
 */
import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import type { ChaincodeEvent, CloseableAsyncIterable, ErrorDetail } from '@hyperledger/fabric-gateway';
import { GatewayError } from '@hyperledger/fabric-gateway';

/** A gRPC ServiceError as grpc-js raises it. */
export function serviceError(code: GrpcStatus, message: string): ServiceError {
  return Object.assign(new Error(`${code} ${GrpcStatus[code]}: ${message}`), { code, details: message, metadata: new Metadata() });
}

/** The properties every fabric-gateway error class takes. */
export function gatewayErrorProperties(
  code: GrpcStatus,
  message: string,
  details: ErrorDetail[] = [],
): { code: number; details: ErrorDetail[]; cause: ServiceError; message: string } {
  return { code, details, cause: serviceError(code, message), message: `${code} ${GrpcStatus[code]}: ${message}` };
}

/** An endorser's error detail carrying a message. */
export function endorserDetail(message: string, mspId = 'LDSMSP'): ErrorDetail {
  return { address: `peer0.${mspId.toLowerCase()}:7251`, mspId, message };
}

/** A chaincode event as fabric-gateway delivers it. */
export function chaincodeEvent(blockNumber: bigint, transactionId: string, eventName = 'CaseEvent'): ChaincodeEvent {
  return { blockNumber, transactionId, chaincodeName: 'casestatus', eventName, payload: Buffer.from(`{"txId":"${transactionId}"}`) };
}

/**
 * A scripted event stream: yields its events, then fails with `failWith` or, without one, waits
 * until closed and ends with CANCELLED as a real closed stream does.
 */
export class ScriptedEventStream implements CloseableAsyncIterable<ChaincodeEvent> {
  closed = false;
  readonly #events: readonly ChaincodeEvent[];
  readonly #failWith: GrpcStatus | undefined;
  #cancel: (() => void) | undefined;

  constructor(events: readonly ChaincodeEvent[], failWith?: GrpcStatus) {
    this.#events = events;
    this.#failWith = failWith;
  }

  close(): void {
    this.closed = true;
    this.#cancel?.();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ChaincodeEvent> {
    for (const event of this.#events) {
      if (this.closed) throw cancelled();
      yield event;
    }
    if (this.#failWith !== undefined) throw new GatewayError(gatewayErrorProperties(this.#failWith, 'stream broke'));
    if (!this.closed) await new Promise<void>((resolve) => (this.#cancel = resolve));
    throw cancelled();
  }
}

function cancelled(): GatewayError {
  return new GatewayError(gatewayErrorProperties(GrpcStatus.CANCELLED, 'Cancelled on client'));
}
