/** What route handlers share: the services, the caller, and how a write result is answered. */
import type { Response } from 'express';
import { z } from 'zod';
import { LedgerError } from '@asylum-ledger/domain';
import type { AuditReads } from '../audit/audit-reads';
import type { Principal } from '../auth/principal';
import type { EventDelivery } from '../events/event-delivery';
import type { CaseReads } from '../services/case-reads';
import type { CaseWrites, WriteResult } from '../services/case-writes';
import type { LocalReferences } from '../services/local-references';
import type { Fingerprinter } from '../services/request-fingerprint';
import { IdempotencyKey } from './request-formats';
import { toReceiptResponse } from './response-mappers';
import type { HeaderDoc } from './route-spec';

/** The services the API routes call. */
export interface RouteServices {
  readonly writes: CaseWrites;
  readonly reads: CaseReads;
  readonly localReferences: LocalReferences;
  readonly fingerprint: Fingerprinter;
  /** Event delivery: the outbox, SSE streams and webhook subscriptions. */
  readonly events: EventDelivery;
  /** The auditors' reads of the ledger (provenance, verification, export). */
  readonly audit: AuditReads;
}

/** Stores the authenticated caller for the handler. */
export function setPrincipal(res: Response, principal: Principal): void {
  (res.locals as { principal?: Principal }).principal = principal;
}

/**
 * The authenticated caller of this request.
 * @throws {LedgerError} UNAUTHENTICATED when the route was registered without authentication (a bug).
 */
export function principalOf(res: Response): Principal {
  const principal = (res.locals as { principal?: Principal }).principal;
  if (!principal) throw new LedgerError('UNAUTHENTICATED', 'no authenticated caller');
  return principal;
}

/**
 * The Idempotency-Key header, validated (1-255 visible ASCII characters).
 * @throws {LedgerError} IDEMPOTENCY_KEY_MISSING when absent (every write needs one), VALIDATION_FAILED when malformed.
 */
export function idempotencyKeyOf(header: string | undefined): string {
  if (header === undefined || header === '') {
    throw new LedgerError('IDEMPOTENCY_KEY_MISSING', 'send an Idempotency-Key header (e.g. a fresh UUID per intended change)');
  }
  if (!IdempotencyKey.safeParse(header).success) {
    throw new LedgerError('VALIDATION_FAILED', 'the Idempotency-Key header must be 1-255 visible ASCII characters', {
      details: { issues: [{ path: 'header.Idempotency-Key', code: 'invalid_format', message: '1-255 visible ASCII characters' }] },
    });
  }
  return header;
}

/** The Ledger-Min-Block header's format: a block number in decimal, without sign or leading zeros. */
export const LedgerMinBlock = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,14})$/, 'a block number: decimal digits, no sign, no leading zeros, at most 15 digits');

/** The Ledger-Min-Block header of the write routes, for the OpenAPI document. */
export const LEDGER_MIN_BLOCK_HEADER: HeaderDoc = {
  name: 'Ledger-Min-Block',
  required: false,
  description:
    'The highest blockNumber you have seen in a receipt (from any authority\'s gateway). A refusal counts only when ' +
    'this authority\'s peer holds that block: a peer that is behind is waited for (bounded) and asked again, ' +
    'else 503 LEDGER_BEHIND and the Idempotency-Key stays pending. A block that no peer of the channel holds (every peer answered) ' +
    'was never seen: the refusal stands at once.',
  schema: LedgerMinBlock,
};

/**
 * The Ledger-Min-Block header, validated.
 * @returns the block number, or undefined when the header is absent.
 * @throws {LedgerError} VALIDATION_FAILED when it is not a block number.
 */
export function ledgerMinBlockOf(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  if (!LedgerMinBlock.safeParse(header).success) {
    throw new LedgerError('VALIDATION_FAILED', 'the Ledger-Min-Block header must be a block number (decimal digits)', {
      details: { issues: [{ path: 'header.Ledger-Min-Block', code: 'invalid_format', message: 'a block number: decimal digits, no sign' }] },
    });
  }
  return Number(header);
}

/**
 * Answers a write: the receipt with `status`; marks replays.
 * @throws {LedgerError} the final refusal (the error handler answers it as a problem, as any other).
 */
export function sendWriteResult(res: Response, result: WriteResult, status: number): void {
  if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
  if (result.outcome instanceof LedgerError) throw result.outcome;
  const receipt = toReceiptResponse(result.outcome);
  if (status === 201) res.setHeader('Location', `/v1/cases/${receipt.caseRef}`);
  res.status(status).json(receipt);
}
