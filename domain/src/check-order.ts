/**
 * The order in which a case transaction is checked, as the contract (run-transition.ts) and the
 * engine (decide-transition.ts) apply it. The first failing check decides the error code the
 * client sees. The engine's part is not kept here: it is the engine's own list
 * ({@link ENGINE_CHECKS}, which decideTransition runs), and this module only adds to each of its
 * checks the codes and the explanation the docs show. check-order.test.ts plays every two
 * neighbouring checks of the engine against each other and compares the published order with it.
 */
import { ENGINE_CHECKS, type EngineCheckName } from './decide-transition';
import type { ErrorCode } from './error-codes';
import type { TransitionRule } from './transition-rule';

/** The hooks of a transition rule that take part in the checks (transition-rule.ts). */
export type CheckHook = keyof Pick<
  TransitionRule,
  'scope' | 'checkBeforeState' | 'guard' | 'precondition' | 'doneDates' | 'decide' | 'resolveResponsible' | 'registrationCheck'
>;

/** One check of a case transaction. */
export interface CheckStep {
  /** Short name of the check. */
  readonly name: string;
  /** Who runs it: the contract before the engine, or the engine (decideTransition). */
  readonly by: 'contract' | 'engine';
  /** Codes this check can fail with. */
  readonly codes: readonly ErrorCode[];
  /** The rule hooks the engine runs at this step, if any. */
  readonly hooks?: readonly CheckHook[];
  /** One sentence on what is checked. */
  readonly explanation: string;
}

/** The contract's checks before the engine runs (run-transition.ts), first to last. */
const CONTRACT_CHECKS: readonly CheckStep[] = [
  {
    name: 'proposal time',
    by: 'contract',
    codes: ['TIMESTAMP_OUT_OF_RANGE'],
    explanation:
      "Each endorsing peer refuses a write whose timestamp lies more than 300 s from its own clock, so the dates every later check compares with are bounded by the endorsers' clocks.",
  },
  {
    name: 'validation',
    by: 'contract',
    codes: ['VALIDATION_FAILED'],
    explanation:
      'The JSON argument is at most 4096 bytes and matches the strict schema of the transaction (unknown fields rejected).',
  },
  {
    name: 'duplicate request',
    by: 'contract',
    codes: ['DUPLICATE_REQUEST'],
    explanation: 'The requestId was not used before for this caseRef; otherwise the original txId is returned.',
  },
  {
    name: 'directory and role',
    by: 'contract',
    codes: ['DIRECTORY_ERROR', 'FORBIDDEN_ORG', 'FORBIDDEN_ROLE'],
    explanation:
      "The directory exists, the submitter's MSP is an active authority, and its certificate's role is one its org kind may hold.",
  },
];

/** What the docs say of each check of the engine: its codes, hooks and explanation (the order is the engine's). */
const ENGINE_CHECK_DETAILS: Readonly<Record<EngineCheckName, Omit<CheckStep, 'name' | 'by'>>> = {
  'transaction role': {
    codes: ['FORBIDDEN_ROLE'],
    explanation:
      "The role is allowed for this transaction and the org kind meets the rule's extra restriction, if any; it is checked before the case is looked at.",
  },
  'case existence': {
    codes: ['CASE_EXISTS', 'CASE_NOT_FOUND'],
    explanation: 'registerCase needs a new caseRef; every other transaction needs an existing case.',
  },
  'Land scope': {
    codes: ['FORBIDDEN_ORG'],
    hooks: ['scope'],
    explanation:
      "By the rule's scope: a LAND or ABH authority acts only on cases of its own Land, an ABH only while responsible; attestMappingDeleted only by a participant of the case; answerRedistribution only by a LAND authority of the Land a pending redistribution request names; correctEvent's submitter is checked with the correction (decision).",
  },
  'expectedSeq': {
    codes: ['VERSION_CONFLICT'],
    explanation: "When the client sent expectedSeq, it equals the case's current seq.",
  },
  'removal hold': {
    codes: ['REMOVAL_HOLD_ACTIVE'],
    hooks: ['checkBeforeState'],
    explanation: 'recordDeparture with mode REMOVAL or DUBLIN_TRANSFER is refused while any removal hold exists, in any state.',
  },
  'from-state': {
    codes: ['INVALID_TRANSITION'],
    explanation: 'The case is in one of the states the transition starts from.',
  },
  'regime': {
    codes: ['NOT_IN_REGIME'],
    explanation:
      "The transaction exists under the case's legal regime (its rule's law names a basis there): the procedure regime from the lodging day (before lodging, that of the transaction's day), the responsibility regime from the registration day.",
  },
  'guards': {
    codes: ['INVALID_TRANSITION'],
    hooks: ['guard'],
    explanation: 'Rule-specific preconditions on the current case, e.g. a title only after a final PROTECTION outcome.',
  },
  'transaction-specific preconditions': {
    codes: [
      'FORBIDDEN_ORG',
      'FORBIDDEN_ROLE',
      'ERASURE_NOT_ALLOWED',
      'VALIDATION_FAILED',
      'PROCEDURE_TRACK_REQUIRED',
      'FINALITY_PREMATURE',
      'PERIOD_EXPIRED',
      'DEPARTURE_NOT_YET_REQUIRED',
      'DEPARTURE_PERIOD_TOO_SHORT',
      'REMOVAL_NOT_YET_LAWFUL',
      'NOT_IN_REGIME',
      'TRANSFER_PERIOD_EXPIRED',
      'REMOVAL_BARRED_BY_FOLLOW_UP',
      'PREVIOUS_CASE_NOT_FOUND',
    ],
    hooks: ['precondition', 'registrationCheck'],
    explanation:
      'eraseCase: the retention has run out (for RETENTION_EXPIRED) and every active participant attested. allocateToMunicipality and transferResponsibility: the new responsible is an active authority of the Land, of a kind that may take the case, and not already responsible. recordDecision: a decision in the reformed procedure names its track. markFinal: the suit period, or after a judgment the month for leave to appeal, has run. recordAppeal: a suit after finality was filed within the suit period. recordRemainRequest: within the month after the judgment. declareDepartureRequired: the removal status names a day (no suit or request still suspends it) and a given deadline is not shorter than the statutory departure period. recordDeparture: a transfer is recorded within its transfer period (TRANSFER_PERIOD_EXPIRED), a removal or transfer for a day on or after the first lawful day, and no follow-up case linked to the case (read through the follow-up index) still bars it (REMOVAL_BARRED_BY_FOLLOW_UP). recordDublinRequest: the request kind exists in the case\'s responsibility regime (NOT_IN_REGIME), the Eurodac hit day of a take back notification is known (VALIDATION_FAILED), and the request is sent within its period (PERIOD_EXPIRED). extendTransferPeriod: the transfer period has not ended (TRANSFER_PERIOD_EXPIRED). resumeProcedure: the application to resume was made within nine months of the discontinuation. lodgeApplication: a second application (ZWEITANTRAG) is not lodged from 12 June 2026 (NOT_IN_REGIME). registerCase (no case exists yet): a ZWEITANTRAG and screening exist only under the regime of the transaction day (NOT_IN_REGIME), screening ends no later than the registration, and a previousCaseRef names a case on the ledger (PREVIOUS_CASE_NOT_FOUND). recordService and recordToleration: LAND_ZAB only for a resident of a reception centre (placement RECEPTION_FACILITY). recordUrgentApplication: an ABH or ZAB only against a measure of a Land or ABH (against LAND_MEASURE). requestRedistribution: the receiving Land differs from the case Land and the receiving authority is an active LAND authority of it.',
  },
  'dates': {
    codes: ['DATE_IN_FUTURE'],
    hooks: ['doneDates'],
    explanation: 'Dates of things done are not after the German civil date of the transaction timestamp.',
  },
  'decision': {
    codes: ['CORRECTION_NOT_ALLOWED', 'CORRECTION_BREAKS_HISTORY', 'VALIDATION_FAILED'],
    hooks: ['decide', 'resolveResponsible'],
    explanation:
      "correctEvent: the event is a correctable, not voided event of the case; the submitter's org wrote it and its role may perform that transaction (or it is a federal ADMIN under a governance reason); the replacement fields belong to that transaction and pass its schema; the history replayed with the correction still passes every rule and keeps the Land. recordDistribution: the Land has the named active LAND authority, or exactly one when none is named.",
  },
  'private data': {
    codes: ['VALIDATION_FAILED'],
    explanation:
      "Transient private fields carry only the transaction's accepted fields and the case has a Land (size and JSON syntax are checked earlier, when the transient data is read after the directory and role).",
  },
};

/** Every check of a case transaction, first to last: the contract's, then the engine's in the order it runs them. */
export const CHECK_ORDER: readonly CheckStep[] = [
  ...CONTRACT_CHECKS,
  ...ENGINE_CHECKS.map(({ name }): CheckStep => ({ name, by: 'engine', ...ENGINE_CHECK_DETAILS[name] })),
];
