/** The JSON that a webhook delivery and an SSE message carry for one outbox event. */
import type { OutboxEvent } from '../ports/event-store';

/** The body of a delivery: the event id (txId), where it was committed, and the CaseEvent itself. */
export interface DeliveryBody {
  /** The event id: the CaseEvent's transaction id, the same at every authority and on every retry. */
  readonly id: string;
  readonly type: string;
  readonly blockNumber: string;
  readonly caseRef: string;
  readonly seq: number;
  readonly event: unknown;
}

/** The body of an outbox event. */
export function deliveryBody(event: OutboxEvent): DeliveryBody {
  return {
    id: event.txId,
    type: event.type,
    blockNumber: event.blockNumber.toString(),
    caseRef: event.caseRef,
    seq: event.seq,
    event: JSON.parse(event.payload) as unknown,
  };
}
