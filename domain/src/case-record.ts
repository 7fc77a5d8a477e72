/**
 * The case record kept in world state (one key per case) and the private record kept in the
 * Land's private data collection. Both are closed schemas: a field not listed here cannot exist.
 */
import { z } from 'zod';
import { LandCode, MspId, Role } from './authorities';
import { MAX_CASE_PARTICIPANTS } from './directory-limits';
import { Deadline } from './case-deadlines';
import { PendingRedistribution } from './competence-vocabulary';
import { CaseRef, Day, DocRef, MunicipalityCode, TxId, UnitCode } from './identifiers';
import { ProcedureRegime, ProcedureTrack, ResponsibilityRegime } from './legal-regimes';
import { NO_PROCEDURE_DATES, ProcedureDates } from './procedure-dates';
import { NOT_ENFORCEABLE, RemovalStatus } from './removal-status';
import {
  CaseState,
  CorrectionReason,
  DepartureMode,
  DublinStatus,
  HearingStatus,
  Hold,
  NonRefoulementGround,
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
  /** The law of the asylum procedure, from the lodging day (derived; null before lodging). */
  procedureRegime: ProcedureRegime.nullable(),
  /** The law of responsibility between Member States, from the registration day (derived). */
  responsibilityRegime: ResponsibilityRegime.nullable(),
  /** The procedure BAMF examined the application in, recorded with its decision. */
  procedureTrack: ProcedureTrack.nullable(),
  /** The days of the procedure that periods count from. */
  dates: ProcedureDates,
  /** When a removal or transfer becomes lawful (derived). */
  removal: RemovalStatus,
  /** The running legal deadlines (derived). */
  deadlines: z.array(Deadline).max(12),
  correctsTxId: TxId.nullable(),
  reasonCode: CorrectionReason.nullable(),
  participants: z.array(MspId).max(MAX_CASE_PARTICIPANTS),
  erasureAttestations: z.array(MspId).max(100),
  lastTxId: TxId.or(z.string().min(1).max(128)),
  /** The transaction that wrote this version (one of the transition names). */
  lastTransaction: z.string().regex(/^[a-zA-Z]{3,40}$/),
  /** The own input fields of that transaction (null on versions written before inputs were recorded). */
  lastInput: RecordedInput.nullable().default(null),
  updatedByMsp: MspId,
  updatedByRole: Role,
  /** The earlier case a follow-up or second application follows, when that case is on the ledger. */
  previousCaseRef: CaseRef.nullable().default(null),
  /** A follow-up application: BAMF communicated that non-refoulement is respected (Art. 56 APR, § 71 (3) S. 2 AsylG). */
  nonRefoulement: z.strictObject({ ground: NonRefoulementGround, communicatedOn: Day }).nullable().default(null),
  /** Inland screening (§ 15b AufenthG, Screening Regulation) completed with referral to the asylum procedure, recorded with the registration. */
  screeningCompletedOn: Day.nullable().default(null),
  /** A redistribution to another Land waiting for that Land's answer (§ 51 AsylG); null when none. */
  redistribution: PendingRedistribution.nullable().default(null),
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
  procedureRegime: null,
  responsibilityRegime: null,
  procedureTrack: null,
  dates: NO_PROCEDURE_DATES,
  removal: NOT_ENFORCEABLE,
  deadlines: [],
  correctsTxId: null,
  reasonCode: null,
  previousCaseRef: null,
  nonRefoulement: null,
  screeningCompletedOn: null,
  redistribution: null,
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

/** Names of the private fields, in schema order. */
export const PRIVATE_FIELD_NAMES = PrivateCaseFields.keyof().options;

/**
 * A private record as stored in the collection: the case, the salt of the write, and the fields
 * it holds. Since ADR 0009 each field has its own key (one field per record), so a write needs
 * no read and a peer that holds no copy (an Ausländerbehörde's) can endorse it; records of
 * earlier versions hold several fields under the case's own key.
 */
export const PrivateCaseRecord = PrivateCaseFields.extend({ caseRef: CaseRef, salt: PrivateSalt });
export type PrivateCaseRecord = z.infer<typeof PrivateCaseRecord>;

/** The private fields of a case as its participants read them (salts are the store's, not the reader's). */
export const PrivateCaseView = PrivateCaseFields.extend({ caseRef: CaseRef });
export type PrivateCaseView = z.infer<typeof PrivateCaseView>;
