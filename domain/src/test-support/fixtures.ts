/**
 * Test fixtures for the domain: a reference directory, one actor per role and org kind, and a
 * valid case and input for every transition, so tables can vary one thing at a time.
 */
import { ORG_KINDS, ROLES_BY_ORG_KIND, type Actor, type AuthorityDirectory, type OrgKind, type Role } from '../authorities';
import type { TransitionRule } from '../transition-rule';
import { TRANSITIONS } from '../transitions';
import { BLANK_PROCESS_FIELDS, type CaseRecord } from '../case-record';
import { withLegalStatus } from '../legal-status';
import { DEFAULT_RETENTION_YEARS } from '../retention';
import { CASE_STATES } from '../vocabulary';
import type { RecordedEvent } from '../correction-plan';
import type { TransitionContext } from '../transition-rule';
import type { TransitionType } from '../transitions';

export const TODAY = '2026-11-25';
export const CASE_REF = '0123456789abcdef0123456789abcdef';
export const TX_ID = 'a'.repeat(64);
export const OLD_TX_ID = 'b'.repeat(64);
/** A salt as the gateway sends with private fields. */
export const SALT = 'c'.repeat(32);

/** A request id that differs per number. */
export function requestId(n = 1): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export const DIRECTORY: AuthorityDirectory = {
  authorities: [
    { mspId: 'ABHMSP', kind: 'ABH', landCode: 'DE-SN', active: true },
    { mspId: 'AUDMSP', kind: 'AUDIT', landCode: 'DE', active: true },
    { mspId: 'BAMFMSP', kind: 'FEDERAL', landCode: 'DE', active: true },
    { mspId: 'LBYMSP', kind: 'LAND', landCode: 'DE-BY', active: true },
    { mspId: 'LDSMSP', kind: 'LAND', landCode: 'DE-SN', active: true },
  ],
};

/**
 * The procedure days of a case registered and lodged on 2016-01-01 whose decision became final on
 * `finalOn` and that was closed that day: with the default ten years it is kept until
 * `finalOn` + 10 years.
 */
export function finalSince(finalOn: string): CaseRecord['dates'] {
  return { ...BLANK_PROCESS_FIELDS.dates, registeredOn: '2015-11-02', lodgedOn: '2015-11-02', finalOn, closedOn: finalOn };
}

/** The org of each kind in the reference directory (Saxony for Land-scoped kinds). */
export const ORG_OF_KIND: Readonly<Record<OrgKind, { mspId: string; landCode: string }>> = {
  FEDERAL: { mspId: 'BAMFMSP', landCode: 'DE' },
  LAND: { mspId: 'LDSMSP', landCode: 'DE-SN' },
  ABH: { mspId: 'ABHMSP', landCode: 'DE-SN' },
  AUDIT: { mspId: 'AUDMSP', landCode: 'DE' },
};

/**
 * The first actor (in kind and role order) allowed to perform a fixture transition; for
 * correctEvent, the writer of the corrected fixture event (BAMF's caseworker).
 */
export function allowedActorFor(type: TransitionType): Actor {
  if (type === 'correctEvent') return actor('BAMF_CASEWORKER', 'FEDERAL');
  const rule = TRANSITIONS[type] as TransitionRule;
  for (const kind of ORG_KINDS) {
    for (const role of ROLES_BY_ORG_KIND[kind]) {
      if (rule.roles.includes(role) && (!rule.orgKinds || rule.orgKinds.includes(kind))) return actor(role, kind);
    }
  }
  throw new Error(`no allowed actor for ${type}`);
}

/** An actor of a role in the org of a kind. */
export function actor(role: Role, kind: OrgKind): Actor {
  return { role, kind, ...ORG_OF_KIND[kind] };
}

/**
 * A case in a state, with everything else plausible for Saxony: registered (and, from
 * APPLICATION_LODGED on, lodged) on 2026-11-01, so under the reformed procedure and the AMMR. The
 * derived legal facts are computed from the result; fields given in `overrides` win over them.
 */
export function caseIn(state: CaseRecord['state'], overrides: Partial<CaseRecord> = {}): CaseRecord {
  const lodged = CASE_STATES.indexOf(state) >= CASE_STATES.indexOf('APPLICATION_LODGED');
  const record: CaseRecord = {
    ...BLANK_PROCESS_FIELDS,
    dates: { ...BLANK_PROCESS_FIELDS.dates, registeredOn: '2026-11-01', lodgedOn: lodged ? '2026-11-01' : null },
    caseRef: CASE_REF,
    procedureKind: 'ERSTANTRAG',
    state,
    seq: 5,
    outcomeClass: null,
    landCode: 'DE-SN',
    responsible: 'LDSMSP',
    placement: 'RECEPTION_FACILITY',
    holds: [],
    dublin: 'NONE',
    hearing: 'NONE',
    departureMode: null,
    effectiveOn: '2026-11-01',
    servedOn: null,
    dueBy: null,
    retainUntil: null,
    docRef: null,
    correctsTxId: null,
    reasonCode: null,
    participants: ['ABHMSP', 'BAMFMSP', 'LDSMSP'],
    erasureAttestations: [],
    lastTxId: OLD_TX_ID,
    lastTransaction: 'recordDistribution',
    lastInput: { effectiveOn: '2026-11-01', landCode: 'DE-SN' },
    updatedByMsp: 'LDSMSP',
    updatedByRole: 'LAND_RECEPTION',
    ...overrides,
  };
  return { ...withLegalStatus(record, DEFAULT_RETENTION_YEARS), ...overrides };
}

/** A valid starting case and input for each transition (undefined case: none exists yet). */
export interface TransitionFixture {
  readonly current: CaseRecord | undefined;
  readonly input: Record<string, unknown>;
}

const base = { caseRef: CASE_REF, requestId: requestId(1) };
const on = { effectiveOn: '2026-11-20' };

export const FIXTURES: Readonly<Record<TransitionType, TransitionFixture>> = {
  registerCase: { current: undefined, input: { ...base, procedureKind: 'ERSTANTRAG', ...on } },
  recordDistribution: { current: caseIn('REGISTERED'), input: { ...base, ...on, landCode: 'DE-SN' } },
  confirmArrival: { current: caseIn('DISTRIBUTED', { placement: 'NONE' }), input: { ...base, ...on } },
  lodgeApplication: { current: caseIn('ARRIVED'), input: { ...base, ...on } },
  startResponsibilityCheck: { current: caseIn('APPLICATION_LODGED'), input: { ...base, ...on } },
  recordDublinRequest: {
    current: caseIn('RESPONSIBILITY_CHECK', { dublin: 'CHECKING' }),
    input: { ...base, ...on, kind: 'TAKE_CHARGE_REQUEST' },
  },
  concludeResponsibilityCheck: {
    current: caseIn('RESPONSIBILITY_CHECK', { dublin: 'REQUEST_SENT' }),
    input: { ...base, ...on, dublin: 'REJECTED' },
  },
  extendTransferPeriod: {
    current: caseIn('SERVED', {
      outcomeClass: 'TRANSFER',
      dublin: 'ACCEPTED',
      responsible: 'ABHMSP',
      servedOn: '2026-08-12',
      dates: { ...BLANK_PROCESS_FIELDS.dates, registeredOn: '2026-07-06', lodgedOn: '2026-07-08', decidedOn: '2026-08-10', responsibilityAcceptedOn: '2026-08-10' },
    }),
    input: { ...base, ...on, extensionGround: 'ABSCONDING' },
  },
  recordResponsibilityPassed: {
    current: caseIn('SERVED', {
      outcomeClass: 'INADMISSIBLE',
      dublin: 'ACCEPTED',
      responsible: 'ABHMSP',
      servedOn: '2026-05-13',
      dates: { ...BLANK_PROCESS_FIELDS.dates, registeredOn: '2026-03-02', lodgedOn: '2026-03-04', decidedOn: '2026-05-11', responsibilityAcceptedOn: '2026-05-11' },
    }),
    input: { ...base, ...on },
  },
  scheduleHearing: { current: caseIn('APPLICATION_LODGED'), input: { ...base, dueBy: '2026-12-10' } },
  recordHearingHeld: { current: caseIn('HEARING_SCHEDULED', { hearing: 'SCHEDULED' }), input: { ...base, ...on } },
  recordHearingMissed: { current: caseIn('HEARING_SCHEDULED', { hearing: 'SCHEDULED' }), input: { ...base, ...on } },
  allocateToMunicipality: { current: caseIn('ARRIVED'), input: { ...base, ...on, responsible: 'ABHMSP' } },
  transferResponsibility: {
    current: caseIn('ARRIVED', { responsible: 'ABHMSP', placement: 'MUNICIPALITY' }),
    input: { ...base, ...on, responsible: 'LDSMSP' },
  },
  recordDecision: { current: caseIn('HEARING_HELD'), input: { ...base, ...on, outcomeClass: 'PROTECTION', track: 'REGULAR' } },
  recordService: {
    current: caseIn('DECIDED', { outcomeClass: 'REJECTED', responsible: 'ABHMSP' }),
    input: { ...base, servedOn: '2026-11-20' },
  },
  recordAppeal: { current: caseIn('SERVED', { outcomeClass: 'REJECTED' }), input: { ...base, ...on } },
  recordUrgentApplication: {
    current: caseIn('SERVED', { outcomeClass: 'REJECTED', responsible: 'ABHMSP' }),
    input: { ...base, ...on, against: 'LAND_MEASURE' },
  },
  recordCourtOutcome: {
    current: caseIn('UNDER_APPEAL', { outcomeClass: 'REJECTED', holds: ['REMOVAL_SUSPENDED_URGENT_APPLICATION'] }),
    input: { ...base, ...on, result: 'URGENT_APPLICATION_REJECTED' },
  },
  markFinal: { current: caseIn('SERVED', { outcomeClass: 'REJECTED' }), input: { ...base, ...on } },
  recordRemainRequest: {
    current: caseIn('UNDER_APPEAL', {
      outcomeClass: 'REJECTED',
      procedureTrack: 'REGULAR',
      servedOn: '2026-10-01',
      dates: { ...BLANK_PROCESS_FIELDS.dates, registeredOn: '2026-07-01', lodgedOn: '2026-07-02', decidedOn: '2026-09-30', suitFiledOn: '2026-10-05', judgmentServedOn: '2026-11-10' },
    }),
    input: { ...base, ...on },
  },
  recordTitleIssued: { current: caseIn('FINAL', { outcomeClass: 'PROTECTION', responsible: 'ABHMSP' }), input: { ...base, ...on } },
  declareDepartureRequired: {
    current: caseIn('FINAL', { outcomeClass: 'REJECTED', responsible: 'ABHMSP', servedOn: '2026-10-01' }),
    input: { ...base, ...on, dueBy: '2026-12-25' },
  },
  recordToleration: {
    current: caseIn('DEPARTURE_REQUIRED', { outcomeClass: 'REJECTED', responsible: 'ABHMSP' }),
    input: { ...base, ...on },
  },
  endToleration: {
    current: caseIn('TOLERATED', { outcomeClass: 'REJECTED', holds: ['REMOVAL_SUSPENDED_DULDUNG'], responsible: 'ABHMSP' }),
    input: { ...base, ...on },
  },
  recordDeparture: {
    current: caseIn('DEPARTURE_REQUIRED', { outcomeClass: 'INADMISSIBLE', responsible: 'ABHMSP' }),
    input: { ...base, ...on, mode: 'VOLUNTARY' },
  },
  recordWithdrawal: { current: caseIn('APPLICATION_LODGED'), input: { ...base, ...on } },
  closeCase: {
    current: caseIn('TITLE_ISSUED', { outcomeClass: 'PROTECTION', retainUntil: '2036-11-01', responsible: 'ABHMSP' }),
    input: { ...base, ...on },
  },
  correctEvent: {
    current: caseIn('DECIDED', { outcomeClass: 'PROTECTION' }),
    input: { ...base, correctsTxId: OLD_TX_ID, reasonCode: 'DATA_ENTRY_ERROR', corrected: { outcomeClass: 'REJECTED' } },
  },
  attestMappingDeleted: { current: caseIn('CLOSED', { outcomeClass: 'PROTECTION', dates: finalSince('2016-01-01') }), input: { ...base } },
  eraseCase: {
    current: caseIn('CLOSED', {
      outcomeClass: 'PROTECTION',
      dates: finalSince('2016-01-01'),
      erasureAttestations: ['ABHMSP', 'BAMFMSP', 'LDSMSP'],
    }),
    input: { ...base, ground: 'RETENTION_EXPIRED' },
  },
  recordDiscontinuation: { current: caseIn('HEARING_SCHEDULED', { hearing: 'MISSED' }), input: { ...base, ...on } },
  resumeProcedure: {
    current: caseIn('SERVED', {
      outcomeClass: 'DISCONTINUED',
      servedOn: '2026-05-20',
      dates: { ...BLANK_PROCESS_FIELDS.dates, registeredOn: '2026-05-04', lodgedOn: '2026-05-06', decidedOn: '2026-05-18', discontinuedOn: '2026-05-18' },
    }),
    input: { ...base, ...on },
  },
  recordWhereaboutsUnknown: { current: caseIn('ARRIVED', { responsible: 'ABHMSP', placement: 'MUNICIPALITY' }), input: { ...base, ...on } },
  recordReappearance: {
    current: caseIn('ARRIVED', { responsible: 'ABHMSP', placement: 'MUNICIPALITY', dates: { ...BLANK_PROCESS_FIELDS.dates, registeredOn: '2026-11-01', whereaboutsUnknownSince: '2026-11-10' } }),
    input: { ...base, ...on },
  },
  recordTitleAfterToleration: {
    current: caseIn('TOLERATED', { outcomeClass: 'REJECTED', holds: ['REMOVAL_SUSPENDED_DULDUNG'], responsible: 'ABHMSP' }),
    input: { ...base, ...on },
  },
  withdrawProtection: { current: caseIn('TITLE_ISSUED', { outcomeClass: 'PROTECTION', responsible: 'ABHMSP' }), input: { ...base, ...on } },
  recordDeath: {
    current: caseIn('TOLERATED', { outcomeClass: 'REJECTED', holds: ['REMOVAL_SUSPENDED_DULDUNG'], responsible: 'ABHMSP' }),
    input: { ...base, ...on },
  },
  recordNonRefoulementCommunication: {
    current: caseIn('APPLICATION_LODGED', { procedureKind: 'FOLGEANTRAG' }),
    input: { ...base, ...on, ground: 'FIRST_TO_FRUSTRATE_REMOVAL' },
  },
  requestRedistribution: {
    current: caseIn('ARRIVED', { responsible: 'ABHMSP', placement: 'MUNICIPALITY' }),
    input: { ...base, ...on, landCode: 'DE-BY', receiving: 'LBYMSP', ground: 'FAMILY_UNITY' },
  },
  answerRedistribution: {
    current: caseIn('ARRIVED', {
      landCode: 'DE-BY',
      responsible: 'LBYMSP',
      placement: 'MUNICIPALITY',
      redistribution: { requestedBy: 'LBYMSP', receiving: 'LDSMSP', landCode: 'DE-SN', ground: 'FAMILY_UNITY', requestedOn: '2026-11-10' },
    }),
    input: { ...base, ...on, answer: 'CONSENTED' },
  },
};

/**
 * The recorded history behind the correctEvent fixture: a case registered by the Land, distributed,
 * arrived, lodged and decided (PROTECTION) by BAMF in the event OLD_TX_ID.
 */
export const CORRECTION_HISTORY: readonly RecordedEvent[] = [
  { txId: '1'.repeat(64), type: 'registerCase', input: { procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-01' }, actorMsp: 'LDSMSP', actorRole: 'LAND_RECEPTION', day: '2026-11-01' },
  { txId: '2'.repeat(64), type: 'recordDistribution', input: { landCode: 'DE-SN', effectiveOn: '2026-11-02' }, actorMsp: 'BAMFMSP', actorRole: 'BAMF_REGISTRATION', day: '2026-11-02' },
  { txId: '3'.repeat(64), type: 'confirmArrival', input: { effectiveOn: '2026-11-03' }, actorMsp: 'LDSMSP', actorRole: 'LAND_RECEPTION', day: '2026-11-03' },
  { txId: '4'.repeat(64), type: 'lodgeApplication', input: { effectiveOn: '2026-11-04' }, actorMsp: 'BAMFMSP', actorRole: 'BAMF_CASEWORKER', day: '2026-11-04' },
  { txId: OLD_TX_ID, type: 'recordDecision', input: { effectiveOn: '2026-11-05', outcomeClass: 'PROTECTION', track: 'REGULAR' }, actorMsp: 'BAMFMSP', actorRole: 'BAMF_CASEWORKER', day: '2026-11-05' },
];

/** A decision context for an actor (with the correctEvent fixture's history). */
export function contextFor(who: Actor, extra: Partial<TransitionContext> = {}): TransitionContext {
  return { actor: who, txId: TX_ID, today: TODAY, directory: DIRECTORY, history: CORRECTION_HISTORY, ...extra };
}
