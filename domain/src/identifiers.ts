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

/** A municipality key (Amtlicher Gemeindeschlüssel, 8 digits: 2 for the Land, then district and municipality); private data only. */
export const MunicipalityCode = z.string().regex(/^(0[1-9]|1[0-6])\d{6}$/, 'an 8-digit AGS starting with a Land key 01-16');

/**
 * Kinds of responsible unit: AE Aufnahmeeinrichtung (reception facility), ANK AnkER centre, AS
 * BAMF Außenstelle (branch), ABH an Ausländerbehörde's office, ZAB a central foreigners' authority.
 */
export const UNIT_KINDS = ['AE', 'ANK', 'AS', 'ABH', 'ZAB'] as const;

/**
 * A responsible unit code: a unit kind and a number (e.g. AE-01, AS-110). A closed prefix and digits
 * only, so no name fits. Private data only.
 */
export const UnitCode = z.string().regex(new RegExp(`^(${UNIT_KINDS.join('|')})-[0-9]{2,6}$`), 'a unit code: AE, ANK, AS, ABH or ZAB, a dash, 2-6 digits');
