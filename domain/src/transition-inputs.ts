/**
 * Strict input schemas of every case transaction. Unknown fields are rejected, every string has a
 * narrow format and every list a bound, so no personal data can slip onto the ledger by accident.
 */
import { RedistributionAnswer, RedistributionGround, ReleaseGround, UrgentApplicationAgainst } from './competence-vocabulary';
import { z } from 'zod';
import { LandCode, MspId } from './authorities';
import { CaseRef, Day, DocRef, RequestId, TxId } from './identifiers';
import { ProcedureTrack } from './legal-regimes';
import { absentExactlyWhen, absentWhen, atLeastOneField, exactlyOneOf, presentExactlyWhen } from './object-rules';
import {
  CaseState,
  CorrectionReason,
  CourtResult,
  DepartureMode,
  AcceptanceGround,
  DublinConclusion,
  DublinRequestKind,
  ErasureGround,
  NonRefoulementGround,
  OutcomeClass,
  ProcedureKind,
  TransferExtensionGround,
  VOIDING_REASON,
} from './vocabulary';

/** Longest accepted JSON argument of a transaction, in bytes. */
export const MAX_INPUT_BYTES = 4096;

/** Fields every case write carries. */
export const CaseWriteBase = z.strictObject({
  caseRef: CaseRef,
  requestId: RequestId,
  expectedSeq: z.number().int().min(1).optional(),
});

/** Fields of a case write that address the case and the request rather than say what happened. */
export const ADDRESSING_FIELDS = ['caseRef', 'requestId', 'expectedSeq'] as const;

/** The input fields of a transition that say what happened (the input without its addressing fields). */
export function ownInputFields(input: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).filter(([name, value]) => value !== undefined && !(ADDRESSING_FIELDS as readonly string[]).includes(name)),
  );
}

const effective = { effectiveOn: Day };

export const RegisterCaseInput = absentWhen(
  z.strictObject({
    caseRef: CaseRef,
    requestId: RequestId,
    procedureKind: ProcedureKind,
    effectiveOn: Day,
    docRef: DocRef.optional(),
    /** A follow-up or second application: the earlier case, when it is on the ledger (its removal is barred while this one runs). */
    previousCaseRef: CaseRef.optional(),
    /** Reformed law only: the day inland screening (§ 15b AufenthG) was completed with referral to the asylum procedure; not after the registration. */
    screeningCompletedOn: Day.optional(),
  }),
  { field: 'previousCaseRef', when: 'procedureKind', equals: 'ERSTANTRAG', message: 'a first application follows no earlier case' },
);

export const RecordDistributionInput = CaseWriteBase.extend({
  ...effective,
  landCode: LandCode,
  responsible: MspId.optional(),
});

export const EffectiveOnlyInput = CaseWriteBase.extend(effective);

/**
 * A request to another Member State, of a kind that exists in the case's responsibility regime;
 * eurodacHitOn: the day of the Eurodac hit (a take back notification runs from it, Art. 41 AMMR;
 * it shortens the Dublin III periods). The reply deadline is derived, not entered.
 */
export const RecordDublinRequestInput = CaseWriteBase.extend({ ...effective, kind: DublinRequestKind, eurodacHitOn: Day.optional() });

/** acceptedBy (with ACCEPTED only): REPLY (default) or SILENCE once the reply period has run. */
export const ConcludeResponsibilityCheckInput = CaseWriteBase.extend({
  ...effective,
  dublin: DublinConclusion,
  acceptedBy: AcceptanceGround.optional(),
});

/** The start of the responsibility check; eurodacHitOn when it starts on a Eurodac hit. */
export const StartResponsibilityCheckInput = CaseWriteBase.extend({ ...effective, eurodacHitOn: Day.optional() });

/** BAMF extends the transfer period on a ground (Art. 29 (2) Dublin III, Art. 46 (2) AMMR). */
export const ExtendTransferPeriodInput = CaseWriteBase.extend({ ...effective, extensionGround: TransferExtensionGround });

export const ScheduleHearingInput = CaseWriteBase.extend({ dueBy: Day });

export const ChangeResponsibleInput = CaseWriteBase.extend({ ...effective, responsible: MspId });

export const RecordDecisionInput = CaseWriteBase.extend({
  ...effective,
  outcomeClass: OutcomeClass.exclude(['DISCONTINUED', 'TRANSFER', 'PROTECTION_WITHDRAWN']),
  /** The procedure BAMF examined in: required in the reformed procedure (Art. 68 (3) APR depends on it). */
  track: ProcedureTrack.optional(),
  docRef: DocRef.optional(),
});

export const RecordServiceInput = CaseWriteBase.extend({ servedOn: Day, docRef: DocRef.optional() });

export const RecordCourtOutcomeInput = presentExactlyWhen(
  CaseWriteBase.extend({
    ...effective,
    result: CourtResult,
    outcomeClass: OutcomeClass.exclude(['DISCONTINUED', 'TRANSFER', 'PROTECTION_WITHDRAWN']).optional(),
    docRef: DocRef.optional(),
  }),
  {
    field: 'outcomeClass',
    when: 'result',
    equals: CourtResult.enum.DECISION_ANNULLED,
    message: 'outcomeClass is required for DECISION_ANNULLED and not allowed otherwise',
  },
);

export const RecordTitleIssuedInput = CaseWriteBase.extend({ ...effective, docRef: DocRef.optional() });

/** dueBy: a departure deadline later than the statutory one (§ 38 (3) AsylG, § 59 AufenthG); the statutory one when absent. */
export const DeclareDepartureRequiredInput = CaseWriteBase.extend({ ...effective, dueBy: Day.optional() });

export const RecordTolerationInput = CaseWriteBase.extend({ ...effective, dueBy: Day.optional() });

export const RecordDepartureInput = CaseWriteBase.extend({ ...effective, mode: DepartureMode });

/**
 * Replacement input fields a correction may carry: the union of the own input fields of every
 * correctable transition (a test pins this list to the table). Which of them fit depends on the
 * corrected event's transaction; the engine checks that and re-validates the merged input with
 * that transaction's own schema. Derived fields (state, holds, dueBy of service, ...) are not here:
 * they follow from the replay.
 */
export const CorrectedFields = atLeastOneField(
  z
    .strictObject({
      procedureKind: ProcedureKind,
      effectiveOn: Day,
      landCode: LandCode,
      responsible: MspId,
      dueBy: Day,
      dublin: DublinConclusion,
      outcomeClass: OutcomeClass.exclude(['DISCONTINUED', 'TRANSFER', 'PROTECTION_WITHDRAWN']),
      track: ProcedureTrack,
      servedOn: Day,
      docRef: DocRef,
      result: CourtResult,
      mode: DepartureMode,
      kind: DublinRequestKind,
      eurodacHitOn: Day,
      acceptedBy: AcceptanceGround,
      extensionGround: TransferExtensionGround,
      previousCaseRef: CaseRef,
      screeningCompletedOn: Day,
      ground: NonRefoulementGround,
      releaseGround: ReleaseGround,
      against: UrgentApplicationAgainst,
    })
    .partial(),
  'a correction must replace at least one field',
);
export type CorrectedFields = z.infer<typeof CorrectedFields>;

/**
 * A correction: the corrected event, a reason, and the replacement input fields; with the reason
 * WRONG_CASE the event is voided and no fields are given.
 */
export const CorrectEventInput = absentExactlyWhen(
  CaseWriteBase.extend({
    correctsTxId: TxId,
    reasonCode: CorrectionReason,
    corrected: CorrectedFields.optional(),
  }),
  {
    field: 'corrected',
    when: 'reasonCode',
    equals: VOIDING_REASON,
    message: 'WRONG_CASE voids the event and carries no fields; every other reason carries the replaced fields',
  },
);
export type CorrectEventInput = z.infer<typeof CorrectEventInput>;

export const AttestMappingDeletedInput = CaseWriteBase;

/**
 * The number of the governance decision behind an erasure override: the year and a running number
 * (`2026-17`), digits only, so that no name fits.
 */
export const GovernanceDecisionRef = z.string().regex(/^\d{4}-\d{1,6}$/, 'a governance decision number such as 2026-17');

/** An erasure with its ground, and for a governance override the decision's number. */
export const EraseCaseInput = CaseWriteBase.extend({ ground: ErasureGround, decisionRef: GovernanceDecisionRef.optional() });

/**
 * Where a listing continues: empty for the first page, else the `nextBookmark` a page answered (an
 * entry of the listing's index: `\u0000case~state\u0000<state>\u0000<caseRef>\u0000` or the same
 * with `case~responsible` and an MSP ID). The chaincode also checks it belongs to the listing asked for.
 */
export const ListingBookmark = z
  .string()
  // eslint-disable-next-line no-control-regex -- composite keys are delimited by U+0000, by Fabric's design
  .regex(/^(|\u0000case~(state|responsible)\u0000[A-Za-z][A-Za-z0-9._-]{1,62}\u0000[0-9a-f]{32}\u0000)$/, "empty, or the nextBookmark of the listing's previous page");

/** Read inputs. */
export const GetCaseInput = z.strictObject({ caseRef: CaseRef });

export const ListCasesInput = exactlyOneOf(
  z.strictObject({
    state: CaseState.optional(),
    responsible: MspId.optional(),
    pageSize: z.number().int().min(1).max(200).default(50),
    bookmark: ListingBookmark.default(''),
  }),
  ['state', 'responsible'],
  'give exactly one of state or responsible',
);
export type ListCasesInput = z.infer<typeof ListCasesInput>;

export const RecordNonRefoulementCommunicationInput = CaseWriteBase.extend({
  ...effective,
  /** The case of Art. 56 APR BAMF found. */
  ground: NonRefoulementGround,
});
/** Allocation to a municipality, with the ground of the release from the reception centre (§ 50 (1) AsylG). */
export const AllocateToMunicipalityInput = ChangeResponsibleInput.extend({ releaseGround: ReleaseGround.optional() });

/** An urgent application, with whose measure it is directed against (BAMF_DECISION when not given). */
export const RecordUrgentApplicationInput = CaseWriteBase.extend({ ...effective, against: UrgentApplicationAgainst.optional() });

/** A redistribution request to another Land (§ 51 AsylG): the receiving Land, its LAND authority, and the ground. */
export const RequestRedistributionInput = CaseWriteBase.extend({ ...effective, landCode: LandCode, receiving: MspId, ground: RedistributionGround });

/** The receiving Land's answer to a pending redistribution request. */
export const AnswerRedistributionInput = CaseWriteBase.extend({ ...effective, answer: RedistributionAnswer });
