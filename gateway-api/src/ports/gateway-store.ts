/**
 * The gateway's own local state, as ports: idempotency records, the local reference mapping and
 * the local audit log. Services depend on these interfaces; `store/` implements them on SQLite.
 */
import { CommittedReceipt } from '@asylum-ledger/domain';
import { z } from 'zod';
import type { EventStore } from './event-store';

/**
 * A final refusal as stored: the serialised form of its LedgerError (code, message, details). The
 * txId of a refused proposal is not kept: that proposal was never ordered.
 */
export const StoredRefusal = z.object({
  ok: z.literal(false),
  code: z.string().min(1),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

/**
 * The final outcome of a write, replayed for the same Idempotency-Key: the receipt, or a
 * deterministic refusal by the chaincode (INVALID_TRANSITION, ...). HTTP-free: the HTTP layer maps it.
 * Read back through this schema, so a stored row is checked, not trusted.
 */
export const StoredOutcome = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), receipt: CommittedReceipt }), StoredRefusal]);
/** The final outcome of a write, as stored. */
export type StoredOutcome = z.infer<typeof StoredOutcome>;

/** One Idempotency-Key and what happened to it. */
export interface IdempotencyRecord {
  readonly key: string;
  /** Keyed hash of (role, method, path, body): same key with another fingerprint is refused. */
  readonly fingerprint: string;
  /** The request id sent to the chaincode; the same for every attempt under this key. */
  readonly requestId: string;
  /** The case the request is about (made by the gateway for a registration). */
  readonly caseRef: string;
  /** `pending` until the outcome is known; a pending record is resumed, never re-submitted blindly. */
  readonly state: 'pending' | 'done';
  /** The transaction id of the last attempt whose commit status was unknown, or of the result. */
  readonly txId: string | null;
  readonly outcome: StoredOutcome | null;
  readonly createdAt: string;
}

/** What a new idempotency record starts with. */
export type NewIdempotencyRecord = Pick<IdempotencyRecord, 'key' | 'fingerprint' | 'requestId' | 'caseRef'>;

/**
 * Idempotency records, keyed by a keyed digest of the token subject and the client's
 * Idempotency-Key (so two clerks' keys never meet), kept for a configured time.
 */
export interface IdempotencyStore {
  /**
   * Inserts a pending record, or returns the existing one for this key (then `created` is false).
   * Expired records are deleted first: a key is remembered for the configured time only.
   */
  claim(record: NewIdempotencyRecord): { readonly created: boolean; readonly record: IdempotencyRecord };
  /** Remembers the transaction id of an attempt whose commit status is unknown. */
  noteTxId(key: string, txId: string): void;
  /** Stores the final outcome; replays return it from now on. */
  complete(key: string, outcome: StoredOutcome, txId: string | null): void;
  /**
   * The highest block number of any receipt stored (the highest block handed to a client), or null;
   * kept when the records themselves expire or are erased.
   */
  highestBlock(): number | null;
  /** Deletes the records older than the configured time to live; returns how many went. */
  prune(): number;
  /**
   * Deletes every record of a case (erasure: their fingerprints are keyed hashes of bodies that
   * held the local reference); returns how many went.
   */
  forgetCase(caseRef: string): number;
}

/** One case mapped to a local reference. */
export interface LocalReferenceMapping {
  readonly caseRef: string;
  readonly createdAt: string;
}

/** The authority's own file reference <-> caseRef mapping, encrypted at rest. Never sent to Fabric. */
export interface LocalReferenceStore {
  /** Maps a local reference to a case (idempotent for the same pair). */
  add(localReference: string, caseRef: string): void;
  /** The cases mapped to a local reference, oldest first. */
  find(localReference: string): readonly LocalReferenceMapping[];
  /** Deletes the mapping (of one case, or of all cases of the reference); returns how many went. */
  remove(localReference: string, caseRef?: string): number;
}

/**
 * The per-case salts of document references: the ledger holds HMAC-SHA256(salt of the case, the
 * document's SHA-256), so a document cannot be confirmed against the ledger without the salt, which
 * stays in this gateway and is deleted with the case's mapping.
 */
export interface DocumentSaltStore {
  /** The docRef of a document hash (64 lowercase hex digits) in a case; makes the case's salt on first use. */
  saltedDocRef(caseRef: string, documentHash: string): string;
  /** Deletes the salt of a case (erasure); returns how many went (0 or 1). */
  forgetCase(caseRef: string): number;
}

/** One line of the local audit log: which clerk did what. Stays in the authority, never on the ledger. */
export interface AuditEntry {
  readonly subject: string;
  readonly role: string;
  readonly action: string;
  readonly caseRef: string | null;
  readonly txId: string | null;
  /** `OK` or the problem code. */
  readonly outcome: string;
  readonly at: string;
}

/** The append-only local audit log. */
export interface AuditLog {
  append(entry: AuditEntry): void;
  /** The latest entries, newest first (for operators and tests). */
  recent(limit: number): readonly AuditEntry[];
}

/** All local state behind one handle, with a way to change several parts atomically. */
export interface GatewayStore {
  readonly idempotency: IdempotencyStore;
  readonly localReferences: LocalReferenceStore;
  readonly audit: AuditLog;
  /** The per-case salts of document references. */
  readonly docSalts: DocumentSaltStore;
  /** The event listener's checkpoint, the outbox, webhook subscriptions and deliveries. */
  readonly events: EventStore;
  /** Runs `work` in one local transaction: all of its changes happen, or none. */
  atomically<T>(work: () => T): T;
  /**
   * Moves every committed change from the write-ahead log into the database file and empties the
   * log, so that old page images of deleted rows leave the log too (after an erasure).
   */
  checkpoint(): void;
  close(): void;
}
