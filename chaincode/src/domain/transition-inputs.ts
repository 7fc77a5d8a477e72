/**
 * Strict input schemas of every case transaction. Unknown fields are rejected, every string has a
 * narrow format and every list a bound, so no personal data can slip onto the ledger by accident.
 */
import { z } from 'zod';
import { LandCode, MspId } from './authorities';
import { CaseRef, Day, DocRef, RequestId, TxId } from './identifiers';
import {
  CaseState,
  CorrectionReason,
  CourtResult,
  DepartureMode,
  DublinConclusion,
  DublinStatus,
  ErasureGround,
  HearingStatus,
  Hold,
  OutcomeClass,
  Placement,
  ProcedureKind,
} from './vocabulary';

/** Longest accepted JSON argument of a transaction, in bytes. */
export const MAX_INPUT_BYTES = 4096;

/** Fields every case write carries. */
export const CaseWriteBase = z.strictObject({
  caseRef: CaseRef,
  requestId: RequestId,
  expectedSeq: z.number().int().min(1).optional(),
});

const effective = { effectiveOn: Day };

export const RegisterCaseInput = z.strictObject({
  caseRef: CaseRef,
  requestId: RequestId,
  procedureKind: ProcedureKind,
  effectiveOn: Day,
  docRef: DocRef.optional(),
});

export const RecordDistributionInput = CaseWriteBase.extend({
  ...effective,
  landCode: LandCode,
  responsible: MspId.optional(),
});

export const EffectiveOnlyInput = CaseWriteBase.extend(effective);

export const RecordDublinRequestInput = CaseWriteBase.extend({ ...effective, dueBy: Day });

export const ConcludeResponsibilityCheckInput = CaseWriteBase.extend({
  ...effective,
  dublin: DublinConclusion,
});

export const ScheduleHearingInput = CaseWriteBase.extend({ dueBy: Day });

export const ChangeResponsibleInput = CaseWriteBase.extend({ ...effective, responsible: MspId });

export const RecordDecisionInput = CaseWriteBase.extend({
  ...effective,
  outcomeClass: OutcomeClass.exclude(['DISCONTINUED']),
  docRef: DocRef.optional(),
});

export const RecordServiceInput = CaseWriteBase.extend({ servedOn: Day, docRef: DocRef.optional() });

export const RecordCourtOutcomeInput = CaseWriteBase.extend({
  ...effective,
  result: CourtResult,
  outcomeClass: OutcomeClass.exclude(['DISCONTINUED']).optional(),
  docRef: DocRef.optional(),
}).refine((input) => (input.result === 'DECISION_ANNULLED') === (input.outcomeClass !== undefined), {
  message: 'outcomeClass is required for DECISION_ANNULLED and not allowed otherwise',
  path: ['outcomeClass'],
});

export const RecordTitleIssuedInput = CaseWriteBase.extend({ ...effective, docRef: DocRef.optional() });

export const DeclareDepartureRequiredInput = CaseWriteBase.extend({ ...effective, dueBy: Day });

export const RecordTolerationInput = CaseWriteBase.extend({ ...effective, dueBy: Day.optional() });

export const RecordDepartureInput = CaseWriteBase.extend({ ...effective, mode: DepartureMode });

/** Public fields a correction may set; responsibility moves only through its own transactions. */
export const CorrectableFields = z
  .strictObject({
    state: CaseState.exclude(['ERASED']).optional(),
    outcomeClass: OutcomeClass.nullable().optional(),
    placement: Placement.optional(),
    dublin: DublinStatus.optional(),
    hearing: HearingStatus.optional(),
    holds: z.array(Hold).max(3).optional(),
    effectiveOn: Day.nullable().optional(),
    servedOn: Day.nullable().optional(),
    dueBy: Day.nullable().optional(),
    docRef: DocRef.nullable().optional(),
  })
  .refine((fields) => Object.keys(fields).length > 0, { message: 'a correction must set at least one field' });
export type CorrectableFields = z.infer<typeof CorrectableFields>;

export const CorrectEventInput = CaseWriteBase.extend({
  correctsTxId: TxId,
  reasonCode: CorrectionReason,
  corrected: CorrectableFields,
});

export const AttestMappingDeletedInput = CaseWriteBase;

export const EraseCaseInput = CaseWriteBase.extend({ ground: ErasureGround });

/** Read inputs. */
export const GetCaseInput = z.strictObject({ caseRef: CaseRef });

export const ListCasesInput = z
  .strictObject({
    state: CaseState.optional(),
    responsible: MspId.optional(),
    pageSize: z.number().int().min(1).max(200).default(50),
    bookmark: z.string().max(512).default(''),
  })
  .refine((input) => (input.state === undefined) !== (input.responsible === undefined), {
    message: 'give exactly one of state or responsible',
  });
export type ListCasesInput = z.infer<typeof ListCasesInput>;
