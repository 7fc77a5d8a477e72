/**
 * The closed vocabularies of the asylum process: every code that may appear on the ledger.
 * Nothing here is free text; every value is one of a fixed list.
 */
import { z } from 'zod';

/** Kind of procedure a case belongs to (a follow-up application gets a new case). */
export const PROCEDURE_KINDS = ['ERSTANTRAG', 'FOLGEANTRAG', 'ZWEITANTRAG'] as const;
export const ProcedureKind = z.enum(PROCEDURE_KINDS);
export type ProcedureKind = z.infer<typeof ProcedureKind>;

/** Process states of a case, in process order. */
export const CASE_STATES = [
  'REGISTERED',
  'DISTRIBUTED',
  'ARRIVED',
  'APPLICATION_LODGED',
  'RESPONSIBILITY_CHECK',
  'HEARING_SCHEDULED',
  'HEARING_HELD',
  'DECIDED',
  'SERVED',
  'UNDER_APPEAL',
  'FINAL',
  'TITLE_ISSUED',
  'DEPARTURE_REQUIRED',
  'TOLERATED',
  'LEFT',
  'CLOSED',
  'ERASED',
] as const;
export const CaseState = z.enum(CASE_STATES);
export type CaseState = z.infer<typeof CaseState>;

/** States before the decision became final: withdrawal and municipal allocation are possible. */
export const PRE_FINAL_STATES: readonly CaseState[] = [
  'REGISTERED',
  'DISTRIBUTED',
  'ARRIVED',
  'APPLICATION_LODGED',
  'RESPONSIBILITY_CHECK',
  'HEARING_SCHEDULED',
  'HEARING_HELD',
  'DECIDED',
  'SERVED',
  'UNDER_APPEAL',
];

/**
 * Class of the BAMF decision; the exact protection type is private data. PROTECTION_WITHDRAWN: BAMF
 * withdrew (widerrufen, zurückgenommen, entzogen) a protection it had granted (transitions/case-ends.ts).
 */
export const OUTCOME_CLASSES = [
  'PROTECTION',
  'REJECTED',
  'REJECTED_MANIFESTLY_UNFOUNDED',
  'INADMISSIBLE',
  'DISCONTINUED',
  'TRANSFER',
  'PROTECTION_WITHDRAWN',
] as const;
export const OutcomeClass = z.enum(OUTCOME_CLASSES);
export type OutcomeClass = z.infer<typeof OutcomeClass>;

/** Outcomes after which a person is obliged to leave once the decision is final. */
export const NEGATIVE_OUTCOMES: readonly OutcomeClass[] = [
  'REJECTED',
  'REJECTED_MANIFESTLY_UNFOUNDED',
  'INADMISSIBLE',
  'TRANSFER',
];

export const PLACEMENTS = ['RECEPTION_FACILITY', 'MUNICIPALITY', 'NONE'] as const;
export const Placement = z.enum(PLACEMENTS);
export type Placement = z.infer<typeof Placement>;

/** Removal holds: while any of them exists, removal and Dublin transfer are refused. */
export const HOLDS = [
  'REMOVAL_SUSPENDED_URGENT_APPLICATION',
  'REMOVAL_SUSPENDED_COURT_ORDER',
  'REMOVAL_SUSPENDED_DULDUNG',
  'REMOVAL_SUSPENDED_REMAIN_REQUEST',
] as const;
export const Hold = z.enum(HOLDS);
export type Hold = z.infer<typeof Hold>;

/**
 * Where the responsibility procedure stands. REQUEST_SENT: a take charge request is pending;
 * TAKE_BACK_REQUEST_SENT: a take back request (Dublin III); NOTIFICATION_SENT: a take back
 * notification (AMMR); ACCEPTED: accepted or confirmed (also by silence); TRANSFER_PERIOD_EXPIRED:
 * the transfer period ran out and responsibility passed to Germany.
 */
export const DUBLIN_STATUSES = [
  'NONE',
  'CHECKING',
  'REQUEST_SENT',
  'ACCEPTED',
  'REJECTED',
  'DEADLINE_EXPIRED',
  'TAKE_BACK_REQUEST_SENT',
  'NOTIFICATION_SENT',
  'TRANSFER_PERIOD_EXPIRED',
] as const;
export const DublinStatus = z.enum(DUBLIN_STATUSES);
export type DublinStatus = z.infer<typeof DublinStatus>;

/** Hearing flag (an extension of the shared model: a missed hearing leaves the state unchanged). */
export const HEARING_STATUSES = ['NONE', 'SCHEDULED', 'HELD', 'MISSED'] as const;
export const HearingStatus = z.enum(HEARING_STATUSES);
export type HearingStatus = z.infer<typeof HearingStatus>;

export const DEPARTURE_MODES = ['VOLUNTARY', 'REMOVAL', 'DUBLIN_TRANSFER'] as const;
export const DepartureMode = z.enum(DEPARTURE_MODES);
export type DepartureMode = z.infer<typeof DepartureMode>;

/** Departure modes that are state enforcement and therefore blocked by any removal hold. */
export const ENFORCED_DEPARTURE_MODES: readonly DepartureMode[] = ['REMOVAL', 'DUBLIN_TRANSFER'];

/** Why an earlier event is corrected. */
export const CORRECTION_REASONS = [
  'DATA_ENTRY_ERROR',
  'WRONG_CASE',
  'LATE_INFORMATION',
  'COURT_REVERSAL',
  'TECHNICAL_ERROR',
  'GOVERNANCE_DECISION',
] as const;
export const CorrectionReason = z.enum(CORRECTION_REASONS);
export type CorrectionReason = z.infer<typeof CorrectionReason>;

/** The reason that voids an event instead of replacing its fields. */
export const VOIDING_REASON: CorrectionReason = 'WRONG_CASE';

/** Reasons under which an ADMIN of the federal office may correct another organisation's event. */
export const GOVERNANCE_REASONS: readonly CorrectionReason[] = ['TECHNICAL_ERROR', 'GOVERNANCE_DECISION'];

/**
 * Legal ground of an erasure: the retention ran out; a governance decision (waives the retention,
 * still needs every participant's attestation); a governance override (waives both, names the
 * decision by its number: an erasure that cannot wait for an authority that does not attest).
 */
export const ERASURE_GROUNDS = ['RETENTION_EXPIRED', 'GOVERNANCE_DECISION', 'GOVERNANCE_OVERRIDE'] as const;
export const ErasureGround = z.enum(ERASURE_GROUNDS);
export type ErasureGround = z.infer<typeof ErasureGround>;

/**
 * Results of a court ruling recorded by BAMF litigation:
 * - SUSPENSIVE_EFFECT_ORDERED: the court granted the urgent application (§ 80 (5) VwGO) or allowed
 *   remaining (Art. 68 (4) APR);
 * - URGENT_APPLICATION_REJECTED: the court rejected it (served on effectiveOn);
 * - SUIT_DISMISSED: the first-instance judgment dismissing the suit was served on effectiveOn (the
 *   month for leave to appeal, § 78 (4) AsylG, and in the reformed procedure for a request to
 *   remain, § 78 (9) AsylG, starts);
 * - APPEAL_DISMISSED: the court proceedings ended and the decision stands: it is final;
 * - DECISION_ANNULLED: the court annulled BAMF's decision; BAMF decides again;
 * - REMAIN_REQUEST_REJECTED / REMAINING_ALLOWED: the appeal court decided a request to remain
 *   (§ 78 (9), (10) AsylG, Art. 68 (7) APR).
 */
export const COURT_RESULTS = [
  'SUSPENSIVE_EFFECT_ORDERED',
  'URGENT_APPLICATION_REJECTED',
  'SUIT_DISMISSED',
  'APPEAL_DISMISSED',
  'DECISION_ANNULLED',
  'REMAIN_REQUEST_REJECTED',
  'REMAINING_ALLOWED',
] as const;
export const CourtResult = z.enum(COURT_RESULTS);
export type CourtResult = z.infer<typeof CourtResult>;

/** How a Dublin responsibility check ended (ACCEPTED: another Member State took charge). */
export const DUBLIN_CONCLUSIONS = ['NONE', 'ACCEPTED', 'REJECTED', 'DEADLINE_EXPIRED'] as const;
export const DublinConclusion = z.enum(DUBLIN_CONCLUSIONS);
export type DublinConclusion = z.infer<typeof DublinConclusion>;

/** Private (collection-only) vocabularies. */
export const PROTECTION_TYPES = ['ART16A', 'PAR3', 'PAR4', 'PAR60'] as const;
export const ProtectionType = z.enum(PROTECTION_TYPES);
export type ProtectionType = z.infer<typeof ProtectionType>;

export const TITLE_TYPES = ['AE_25_1', 'AE_25_2_1', 'AE_25_2_2', 'AE_25_3'] as const;
export const TitleType = z.enum(TITLE_TYPES);
export type TitleType = z.infer<typeof TitleType>;

/** The kinds of request to another Member State (responsibility-law.ts says which regime has which). */
export const DUBLIN_REQUEST_KINDS = ['TAKE_CHARGE_REQUEST', 'TAKE_BACK_REQUEST', 'TAKE_BACK_NOTIFICATION'] as const;
export const DublinRequestKind = z.enum(DUBLIN_REQUEST_KINDS);
export type DublinRequestKind = z.infer<typeof DublinRequestKind>;

/** How another Member State accepted: by its reply, or by silence when the reply period ran out. */
export const ACCEPTANCE_GROUNDS = ['REPLY', 'SILENCE'] as const;
export const AcceptanceGround = z.enum(ACCEPTANCE_GROUNDS);
export type AcceptanceGround = z.infer<typeof AcceptanceGround>;

/** Why BAMF extends the transfer period: imprisonment, or absconding (Art. 29 (2) Dublin III, Art. 46 (2) AMMR). */
export const TRANSFER_EXTENSION_GROUNDS = ['IMPRISONMENT', 'ABSCONDING'] as const;
export const TransferExtensionGround = z.enum(TRANSFER_EXTENSION_GROUNDS);
export type TransferExtensionGround = z.infer<typeof TransferExtensionGround>;
/**
 * Why BAMF may communicate that non-refoulement is respected before a follow-up application is
 * decided (Art. 56 APR, § 71 (3) S. 2 AsylG): (a) a first follow-up application made merely to delay
 * or frustrate an imminent removal and not examined further; (b) a further follow-up application
 * after the final rejection of an earlier follow-up application.
 */
export const NON_REFOULEMENT_GROUNDS = ['FIRST_TO_FRUSTRATE_REMOVAL', 'FURTHER_AFTER_FINAL_REJECTION'] as const;
export const NonRefoulementGround = z.enum(NON_REFOULEMENT_GROUNDS);
export type NonRefoulementGround = z.infer<typeof NonRefoulementGround>;
