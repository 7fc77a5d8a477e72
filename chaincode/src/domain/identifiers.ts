/**
 * Formats of the identifiers and dates that may appear on the ledger. Each format is narrow enough
 * that no name or other free text fits into it.
 */
import { z } from 'zod';

/** A case pseudonym: 128 random bits as 32 lowercase hex digits, made by the registering gateway. */
export const CaseRef = z.string().regex(/^[0-9a-f]{32}$/, 'a case pseudonym: 32 lowercase hex digits');
export type CaseRef = z.infer<typeof CaseRef>;

/** A client request id (UUID), used once per case for idempotency. */
export const RequestId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a lowercase UUID');
export type RequestId = z.infer<typeof RequestId>;

/** A document reference: salted SHA-256 of an off-chain document id, as 64 lowercase hex digits. */
export const DocRef = z.string().regex(/^[0-9a-f]{64}$/, 'a salted SHA-256 as 64 lowercase hex digits');
export type DocRef = z.infer<typeof DocRef>;

/** A Fabric transaction id: 64 lowercase hex digits. */
export const TxId = z.string().regex(/^[0-9a-f]{64}$/, 'a transaction id: 64 lowercase hex digits');
export type TxId = z.infer<typeof TxId>;

/** A calendar day, YYYY-MM-DD (day precision only: no times on the ledger). */
export const Day = z.iso.date();
export type Day = z.infer<typeof Day>;

/** A municipality key (Amtlicher Gemeindeschlüssel, 8 digits); private data only. */
export const MunicipalityCode = z.string().regex(/^\d{8}$/, 'an 8-digit AGS');

/** A responsible unit code (reception facility, ABH, BAMF branch); private data only. */
export const UnitCode = z.string().regex(/^[A-Z0-9-]{2,16}$/, 'a unit code: 2-16 of A-Z, 0-9, dash');
