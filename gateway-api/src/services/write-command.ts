/**
 * What the HTTP layer hands the write use case: one write, parsed once into the domain's typed input
 * fields. The gateway owns `caseRef` (from the path, or made for a registration) and `requestId`
 * (from the idempotency record), so the fields never carry them; {@link chaincodeInput} adds them
 * once both are known. Data only: nothing here calls back into the HTTP layer.
 */
import type { TRANSITIONS, TransitionType } from '@asylum-ledger/domain';
import type { z } from 'zod';
import type { Principal } from '../auth/principal';
import type { PrivateFields } from './case-ledger';

/** The ids of a case write that the gateway owns. */
export interface GatewayOwnedIds {
  readonly caseRef: string;
  readonly requestId: string;
}

/** The input of a transition, as the domain's schema for its type outputs it. */
export type TransitionInput<T extends TransitionType = TransitionType> = T extends TransitionType
  ? z.output<(typeof TRANSITIONS)[T]['input']>
  : never;

/** What a client sends of a transition's input: the input without the ids the gateway owns. */
export type TransitionFields<T extends TransitionType = TransitionType> = T extends TransitionType
  ? Omit<TransitionInput<T>, keyof GatewayOwnedIds>
  : never;

/** A transition type with its parsed fields (the type decides which fields). */
export type TransitionWrite = { [T in TransitionType]: { readonly type: T; readonly fields: TransitionFields<T> } }[TransitionType];

/** One write as the HTTP layer hands it over, parsed once against the domain schema. */
export type WriteCommand = TransitionWrite & {
  readonly principal: Principal;
  /** The case of a transition; undefined for a registration (the gateway makes a fresh caseRef). */
  readonly caseRef?: string;
  /** The client's Idempotency-Key (required for every write). */
  readonly idempotencyKey: string;
  /** Keyed hash of the request (see request-fingerprint.ts). */
  readonly fingerprint: string;
  readonly privateFields?: PrivateFields;
  /** The authority's own file reference (registration only); stored locally, never sent to Fabric. */
  readonly localReference?: string;
  /** The block the client last saw (Ledger-Min-Block): a refusal counts only from a peer that holds it. */
  readonly minBlock?: number;
};

/**
 * The chaincode input of a write: its parsed fields and the ids the gateway owns.
 * @param write the transition type and its fields.
 * @param ids the request's caseRef and request id.
 * @returns the input the chaincode parses (with the same domain schema).
 */
export function chaincodeInput(write: TransitionWrite, ids: GatewayOwnedIds): TransitionInput {
  return { ...write.fields, caseRef: ids.caseRef, requestId: ids.requestId };
}
