/**
 * The case record kept in world state (one key per case) and the private record kept in the
 * Land's private data collection. Both are closed schemas: a field not listed here cannot exist.
 */
import { z } from 'zod';
import { LandCode, MspId, Role } from './authorities';
import { CaseRef, Day, DocRef, MunicipalityCode, TxId, UnitCode } from './identifiers';
import {
  CaseState,
  CorrectionReason,
  DepartureMode,
  DublinStatus,
  HearingStatus,
  Hold,
  OutcomeClass,
  Placement,
  ProcedureKind,
  ProtectionType,
  TitleType,
} from './vocabulary';

/**
 * The own input fields of the transaction that wrote a version (what happened, without caseRef and
 * request id). They were validated by that transaction's strict schema before they were stored;
 * corrections replay the history from them.
 */
export const RecordedInput = z.record(z.string().regex(/^[a-zA-Z]{1,40}$/), z.json());
export type RecordedInput = z.infer<typeof RecordedInput>;

/** Public status of one case: codes, day-precision dates and hashes only. */
export const CaseRecord = z.strictObject({
  caseRef: CaseRef,
  procedureKind: ProcedureKind,
  state: CaseState,
  seq: z.number().int().min(1),
  outcomeClass: OutcomeClass.nullable(),
  landCode: LandCode.nullable(),
  responsible: MspId,
  placement: Placement,
  holds: z.array(Hold).max(3),
  dublin: DublinStatus,
  hearing: HearingStatus,
  departureMode: DepartureMode.nullable(),
  effectiveOn: Day.nullable(),
  servedOn: Day.nullable(),
  dueBy: Day.nullable(),
  retainUntil: Day.nullable(),
  docRef: DocRef.nullable(),
  correctsTxId: TxId.nullable(),
  reasonCode: CorrectionReason.nullable(),
  participants: z.array(MspId).max(100),
  erasureAttestations: z.array(MspId).max(100),
  lastTxId: TxId.or(z.string().min(1).max(128)),
  /** The transaction that wrote this version (one of the transition names). */
  lastTransaction: z.string().regex(/^[a-zA-Z]{3,40}$/),
  /** The own input fields of that transaction (null on versions written before inputs were recorded). */
  lastInput: RecordedInput.nullable().default(null),
  updatedByMsp: MspId,
  updatedByRole: Role,
});
export type CaseRecord = z.infer<typeof CaseRecord>;

/**
 * The process fields of a case with nothing recorded yet: a new case starts from them, and an
 * erased case (tombstone) returns to them.
 */
export const BLANK_PROCESS_FIELDS = {
  outcomeClass: null,
  placement: 'NONE',
  holds: [],
  dublin: 'NONE',
  hearing: 'NONE',
  departureMode: null,
  effectiveOn: null,
  servedOn: null,
  dueBy: null,
  docRef: null,
  correctsTxId: null,
  reasonCode: null,
} as const satisfies Partial<CaseRecord>;

/** Fields kept only in the Land's private data collection (passed as transient data). */
export const PrivateCaseFields = z.strictObject({
  protectionType: ProtectionType.optional(),
  responsibleUnit: UnitCode.optional(),
  municipalityCode: MunicipalityCode.optional(),
  titleType: TitleType.optional(),
});
export type PrivateCaseFields = z.infer<typeof PrivateCaseFields>;

/** Names of the private fields. */
export type PrivateFieldName = keyof PrivateCaseFields;

/**
 * A random salt (128-256 bits, hex) the gateway sends with every private write. Fabric puts the
 * hash of the private value into the block for every channel member; with these tiny vocabularies
 * an unsalted value could be found by trying them all.
 */
export const PrivateSalt = z.string().regex(/^[0-9a-f]{32,64}$/, 'a random salt: 32-64 lowercase hex digits');

/** Private fields as passed in transient data: the fields plus a fresh salt. */
export const PrivateInput = PrivateCaseFields.extend({ salt: PrivateSalt });
export type PrivateInput = z.infer<typeof PrivateInput>;

/** The private record as stored in the collection. */
export const PrivateCaseRecord = PrivateCaseFields.extend({ caseRef: CaseRef, salt: PrivateSalt });
export type PrivateCaseRecord = z.infer<typeof PrivateCaseRecord>;
