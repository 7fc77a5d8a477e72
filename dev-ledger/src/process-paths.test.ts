/**
 * The process model through the embedded ledger, with the pure domain as the oracle: every step of
 * each path is decided once by `decideTransition` (what the chaincode's table-driven tests check)
 * and once by the chaincode on the embedded ledger, and the case records must agree.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  decideTransition,
  type RecordedEvent,
  parseTransitionInput,
  TRANSITION_TYPES,
  type Actor,
  type Authority,
  type CaseRecord,
  type Role,
  type TransitionType,
} from '@asylum-ledger/domain';
import { DEFAULT_DEV_AUTHORITIES } from './dev-ledger';
import { openTempLedger } from './test-support/temp-ledger';

const TODAY = '2026-11-25';
const on = { effectiveOn: '2026-09-01' };
const day = (effectiveOn: string) => ({ effectiveOn });
/** Fields, or fields made from the transaction ids of the path's earlier steps. */
type Fields = Record<string, unknown> | ((txIds: readonly string[]) => Record<string, unknown>);
type Step = readonly [TransitionType, mspId: string, Role, Fields];

/** Registered and lodged on Tuesday 2026-09-01: the reformed procedure (GEAS) and the AMMR. */
const untilHearingHeld: Step[] = [
  ['registerCase', 'LDSMSP', 'LAND_RECEPTION', { procedureKind: 'ERSTANTRAG', ...on }],
  ['recordDistribution', 'BAMFMSP', 'BAMF_REGISTRATION', { landCode: 'DE-SN', ...on }],
  ['confirmArrival', 'LDSMSP', 'LAND_RECEPTION', on],
  ['lodgeApplication', 'BAMFMSP', 'BAMF_CASEWORKER', on],
  ['scheduleHearing', 'BAMFMSP', 'BAMF_CASEWORKER', { dueBy: '2026-12-01' }],
  ['recordHearingHeld', 'BAMFMSP', 'BAMF_CASEWORKER', on],
  ['allocateToMunicipality', 'LDSMSP', 'LAND_DISTRIBUTION', { ...on, responsible: 'ABHMSP' }],
];

/** The reference authorities and a Bavarian Land authority, for a redistribution to another Land. */
const AUTHORITIES: readonly Authority[] = [...DEFAULT_DEV_AUTHORITIES, { mspId: 'LBYMSP', kind: 'LAND', landCode: 'DE-BY', active: true }];

const PATHS: readonly (readonly [name: string, finalState: CaseRecord['state'], steps: readonly Step[]])[] = [
  [
    'registration to a residence title (TITLE_ISSUED)',
    'TITLE_ISSUED',
    [
      ...untilHearingHeld,
      ['recordDecision', 'BAMFMSP', 'BAMF_CASEWORKER', { ...on, outcomeClass: 'PROTECTION', track: 'REGULAR' }],
      // served Sunday 2026-11-01: the two weeks end with Monday 2026-11-16
      ['recordService', 'ABHMSP', 'ABH', { servedOn: '2026-11-01' }],
      ['markFinal', 'BAMFMSP', 'BAMF_CASEWORKER', day('2026-11-17')],
      ['recordTitleIssued', 'ABHMSP', 'ABH', day('2026-11-18')],
    ],
  ],
  [
    'a rejection through an urgent application and toleration to departure (LEFT)',
    'LEFT',
    [
      ...untilHearingHeld,
      ['recordDecision', 'BAMFMSP', 'BAMF_CASEWORKER', { ...on, outcomeClass: 'REJECTED_MANIFESTLY_UNFOUNDED', track: 'ACCELERATED' }],
      // served Thursday 2026-10-01: one week to sue and to apply, to Thursday 2026-10-08
      ['recordService', 'BAMFMSP', 'BAMF_CASEWORKER', { servedOn: '2026-10-01' }],
      ['recordUrgentApplication', 'BAMFMSP', 'BAMF_LITIGATION', day('2026-10-05')],
      // rejection served Wednesday 2026-10-14: the week to leave runs to 2026-10-21
      ['recordCourtOutcome', 'BAMFMSP', 'BAMF_LITIGATION', { ...day('2026-10-14'), result: 'URGENT_APPLICATION_REJECTED' }],
      ['markFinal', 'BAMFMSP', 'BAMF_LITIGATION', day('2026-10-15')],
      ['declareDepartureRequired', 'ABHMSP', 'ABH', day('2026-10-16')],
      ['recordToleration', 'ABHMSP', 'ABH', day('2026-10-20')],
      ['endToleration', 'ABHMSP', 'ABH', day('2026-11-10')],
      ['recordDeparture', 'LDSMSP', 'LAND_ZAB', { ...day('2026-11-20'), mode: 'REMOVAL' }],
    ],
  ],
  [
    'a Dublin case to a transfer decision (AMMR) and a transfer',
    'CLOSED',
    [
      ...untilHearingHeld.slice(0, 4),
      ['startResponsibilityCheck', 'BAMFMSP', 'BAMF_DUBLIN', on],
      ['recordDublinRequest', 'BAMFMSP', 'BAMF_DUBLIN', { ...on, kind: 'TAKE_CHARGE_REQUEST' }],
      ['concludeResponsibilityCheck', 'BAMFMSP', 'BAMF_DUBLIN', { ...day('2026-10-01'), dublin: 'ACCEPTED' }],
      // served Friday 2026-10-02: no transfer within the week for the urgent application, to 2026-10-09
      ['recordService', 'BAMFMSP', 'BAMF_CASEWORKER', { servedOn: '2026-10-02' }],
      ['recordDeparture', 'LDSMSP', 'LAND_ZAB', { ...day('2026-10-12'), mode: 'DUBLIN_TRANSFER' }],
      ['closeCase', 'BAMFMSP', 'BAMF_CASEWORKER', day('2026-10-13')],
    ],
  ],
  [
    'a missed hearing, a new date, and a withdrawal (decided as withdrawn)',
    'DECIDED',
    [
      ...untilHearingHeld.slice(0, 5),
      ['recordHearingMissed', 'BAMFMSP', 'BAMF_CASEWORKER', on],
      ['scheduleHearing', 'BAMFMSP', 'BAMF_CASEWORKER', { dueBy: '2026-12-15' }],
      ['recordWithdrawal', 'BAMFMSP', 'BAMF_CASEWORKER', on],
    ],
  ],
  [
    'a plain rejection sued, dismissed at first instance, a request to remain rejected, and a removal',
    'LEFT',
    [
      ...untilHearingHeld,
      ['recordDecision', 'BAMFMSP', 'BAMF_CASEWORKER', { ...on, outcomeClass: 'REJECTED', track: 'REGULAR' }],
      ['recordService', 'BAMFMSP', 'BAMF_CASEWORKER', { servedOn: '2026-09-02' }],
      ['recordAppeal', 'BAMFMSP', 'BAMF_LITIGATION', day('2026-09-10')],
      // judgment served Thursday 2026-10-01: the month ends on Sunday 2026-11-01, so with Monday 2026-11-02
      ['recordCourtOutcome', 'BAMFMSP', 'BAMF_LITIGATION', { ...day('2026-10-01'), result: 'SUIT_DISMISSED' }],
      ['recordRemainRequest', 'BAMFMSP', 'BAMF_LITIGATION', day('2026-10-15')],
      ['recordCourtOutcome', 'BAMFMSP', 'BAMF_LITIGATION', { ...day('2026-10-20'), result: 'REMAIN_REQUEST_REJECTED' }],
      ['declareDepartureRequired', 'ABHMSP', 'ABH', day('2026-11-03')],
      ['recordDeparture', 'LDSMSP', 'LAND_ZAB', { ...day('2026-11-05'), mode: 'REMOVAL' }],
    ],
  ],
  [
    'a Dublin III transfer decision whose transfer period is extended (absconding) and later one that runs out: responsibility passes to Germany',
    'APPLICATION_LODGED',
    [
      ['registerCase', 'LDSMSP', 'LAND_RECEPTION', { procedureKind: 'ERSTANTRAG', ...day('2026-03-02') }],
      ['recordDistribution', 'BAMFMSP', 'BAMF_REGISTRATION', { landCode: 'DE-SN', ...day('2026-03-02') }],
      ['confirmArrival', 'LDSMSP', 'LAND_RECEPTION', day('2026-03-02')],
      ['lodgeApplication', 'BAMFMSP', 'BAMF_CASEWORKER', day('2026-03-04')],
      ['startResponsibilityCheck', 'BAMFMSP', 'BAMF_DUBLIN', day('2026-03-04')],
      ['recordDublinRequest', 'BAMFMSP', 'BAMF_DUBLIN', { ...day('2026-03-20'), kind: 'TAKE_BACK_REQUEST', eurodacHitOn: '2026-03-03' }],
      // accepted Friday 2026-05-08: the six months end Sunday 2026-11-08, so with Monday 2026-11-09
      ['concludeResponsibilityCheck', 'BAMFMSP', 'BAMF_DUBLIN', { ...day('2026-05-08'), dublin: 'ACCEPTED' }],
      ['recordService', 'BAMFMSP', 'BAMF_CASEWORKER', { servedOn: '2026-05-11' }],
      ['recordResponsibilityPassed', 'BAMFMSP', 'BAMF_DUBLIN', day('2026-11-10')],
    ],
  ],
  [
    'an AMMR transfer decision whose transfer period is extended (absconding)',
    'SERVED',
    [
      ...untilHearingHeld.slice(0, 4),
      ['startResponsibilityCheck', 'BAMFMSP', 'BAMF_DUBLIN', on],
      ['concludeResponsibilityCheck', 'BAMFMSP', 'BAMF_DUBLIN', { ...day('2026-09-10'), dublin: 'ACCEPTED' }],
      ['recordService', 'BAMFMSP', 'BAMF_CASEWORKER', { servedOn: '2026-09-11' }],
      ['extendTransferPeriod', 'BAMFMSP', 'BAMF_DUBLIN', { ...day('2026-11-02'), extensionGround: 'ABSCONDING' }],
    ],
  ],
  [
    'a transfer, a corrected decision, an appeal dismissed, a voluntary departure, closure and erasure after every attestation',
    'ERASED',
    [
      ...untilHearingHeld.slice(0, 3),
      ['transferResponsibility', 'LDSMSP', 'LAND_ZAB', { ...on, responsible: 'ABHMSP' }],
      ...untilHearingHeld.slice(3, 6),
      ['recordDecision', 'BAMFMSP', 'BAMF_CASEWORKER', { ...on, outcomeClass: 'PROTECTION', track: 'REGULAR' }],
      ['correctEvent', 'BAMFMSP', 'BAMF_CASEWORKER', (txIds) => ({ correctsTxId: txIds[7], reasonCode: 'DATA_ENTRY_ERROR', corrected: { outcomeClass: 'REJECTED' } })],
      ['recordService', 'BAMFMSP', 'BAMF_CASEWORKER', { servedOn: '2026-11-01' }],
      ['recordAppeal', 'BAMFMSP', 'BAMF_LITIGATION', day('2026-11-05')],
      ['recordCourtOutcome', 'BAMFMSP', 'BAMF_LITIGATION', { ...day('2026-11-10'), result: 'APPEAL_DISMISSED' }],
      ['declareDepartureRequired', 'ABHMSP', 'ABH', { ...day('2026-11-11'), dueBy: '2026-12-20' }],
      ['recordDeparture', 'LDSMSP', 'LAND_ZAB', { ...day('2026-11-20'), mode: 'VOLUNTARY' }],
      ['closeCase', 'ABHMSP', 'ABH', day('2026-11-21')],
      ['attestMappingDeleted', 'ABHMSP', 'ADMIN', {}],
      ['attestMappingDeleted', 'BAMFMSP', 'ADMIN', {}],
      ['attestMappingDeleted', 'LDSMSP', 'ADMIN', {}],
      ['eraseCase', 'BAMFMSP', 'ADMIN', { ground: 'GOVERNANCE_DECISION' }],
    ],
  ],
  [
    'before the reform: absconding and return, a discontinuation resumed within nine months (§ 33 (5) a.F.), and death',
    'CLOSED',
    [
      ['registerCase', 'LDSMSP', 'LAND_RECEPTION', { procedureKind: 'ERSTANTRAG', ...day('2026-03-02') }],
      ['recordDistribution', 'BAMFMSP', 'BAMF_REGISTRATION', { landCode: 'DE-SN', ...day('2026-03-02') }],
      ['confirmArrival', 'LDSMSP', 'LAND_RECEPTION', day('2026-03-02')],
      ['lodgeApplication', 'BAMFMSP', 'BAMF_CASEWORKER', day('2026-03-04')],
      ['recordWhereaboutsUnknown', 'LDSMSP', 'LAND_RECEPTION', day('2026-03-20')],
      ['recordDiscontinuation', 'BAMFMSP', 'BAMF_CASEWORKER', day('2026-04-01')],
      ['recordReappearance', 'LDSMSP', 'LAND_RECEPTION', day('2026-04-20')],
      ['resumeProcedure', 'BAMFMSP', 'BAMF_CASEWORKER', day('2026-05-04')],
      ['recordDeath', 'LDSMSP', 'LAND_RECEPTION', day('2026-05-10')],
    ],
  ],
  [
    'a protection withdrawn after the title: the case reopens as a new decision, served',
    'SERVED',
    [
      ...untilHearingHeld,
      ['recordDecision', 'BAMFMSP', 'BAMF_CASEWORKER', { ...on, outcomeClass: 'PROTECTION', track: 'REGULAR' }],
      ['recordService', 'ABHMSP', 'ABH', { servedOn: '2026-09-02' }],
      ['markFinal', 'BAMFMSP', 'BAMF_CASEWORKER', day('2026-09-17')],
      ['recordTitleIssued', 'ABHMSP', 'ABH', day('2026-09-18')],
      ['withdrawProtection', 'BAMFMSP', 'BAMF_CASEWORKER', day('2026-11-02')],
      ['recordService', 'BAMFMSP', 'BAMF_CASEWORKER', { servedOn: '2026-11-04' }],
    ],
  ],
  [
    'a rejection, a toleration, a residence title after it, and closure',
    'CLOSED',
    [
      ...untilHearingHeld,
      ['recordDecision', 'BAMFMSP', 'BAMF_CASEWORKER', { ...on, outcomeClass: 'REJECTED', track: 'REGULAR' }],
      ['recordService', 'BAMFMSP', 'BAMF_CASEWORKER', { servedOn: '2026-09-02' }],
      ['markFinal', 'BAMFMSP', 'BAMF_CASEWORKER', day('2026-09-17')],
      ['declareDepartureRequired', 'ABHMSP', 'ABH', day('2026-09-18')],
      ['recordToleration', 'ABHMSP', 'ABH', day('2026-10-20')],
      ['recordTitleAfterToleration', 'ABHMSP', 'ABH', day('2026-11-20')],
      ['closeCase', 'ABHMSP', 'ABH', day('2026-11-23')],
    ],
  ],
  [
    "a follow-up application to lodging and BAMF's non-refoulement communication (Art. 56 APR)",
    'APPLICATION_LODGED',
    [
      ['registerCase', 'LDSMSP', 'LAND_RECEPTION', { procedureKind: 'FOLGEANTRAG', ...on }],
      ...untilHearingHeld.slice(1, 4),
      ['recordNonRefoulementCommunication', 'BAMFMSP', 'BAMF_CASEWORKER', { ...day('2026-09-02'), ground: 'FURTHER_AFTER_FINAL_REJECTION' }],
    ],
  ],
  [
    'a redistribution to another Land (§ 51 AsylG), requested by Saxony and consented to by Bavaria (HEARING_HELD)',
    'HEARING_HELD',
    [
      ...untilHearingHeld,
      ['requestRedistribution', 'LDSMSP', 'LAND_DISTRIBUTION', { ...day('2026-09-10'), landCode: 'DE-BY', receiving: 'LBYMSP', ground: 'FAMILY_UNITY' }],
      ['answerRedistribution', 'LBYMSP', 'LAND_DISTRIBUTION', { ...day('2026-09-15'), answer: 'CONSENTED' }],
    ],
  ],
];

function actorOf(mspId: string, role: Role): Actor {
  const authority = AUTHORITIES.find((candidate) => candidate.mspId === mspId) as Authority;
  return { mspId, role, kind: authority.kind, landCode: authority.landCode };
}

/** The record without the fields that depend on transaction ids. */
function comparable(record: CaseRecord): Partial<CaseRecord> {
  return { ...record, lastTxId: 'TX' };
}

describe('process paths through the embedded ledger, as through the domain', () => {
  let opened: Awaited<ReturnType<typeof openTempLedger>>;
  beforeAll(async () => {
    opened = await openTempLedger({ clock: () => new Date(`${TODAY}T10:00:00Z`), authorities: AUTHORITIES });
  });
  afterAll(async () => {
    await opened.dispose();
  });

  it('covers every transition of the process model', () => {
    const covered = new Set(PATHS.flatMap(([, , steps]) => steps.map(([type]) => type)));
    expect([...TRANSITION_TYPES].filter((type) => !covered.has(type))).toEqual([]);
  });

  it.each(PATHS)('runs %s, agreeing with decideTransition at every step (ends %s)', async (_name, finalState, steps) => {
    const caseRef = randomBytes(16).toString('hex');
    const directory = { authorities: [...AUTHORITIES] };
    let expected: CaseRecord | undefined;
    const txIds: string[] = [];
    const history: RecordedEvent[] = [];
    for (const [type, mspId, role, fields] of steps) {
      const input: Record<string, unknown> = { caseRef, requestId: randomUUID(), ...(typeof fields === 'function' ? fields(txIds) : fields) };
      const context = { actor: actorOf(mspId, role), txId: 'a'.repeat(64), today: TODAY, directory, history };
      expected = decideTransition(type, expected, parseTransitionInput(type, input), context).record;
      const port = opened.ledger.forOrg(mspId);
      const { txId } = await port.submit({ role, transaction: `case:${type}`, args: [JSON.stringify(input)] });
      txIds.push(txId);
      history.push({ txId, type, input: expected.lastInput, actorMsp: mspId, actorRole: role, day: TODAY });
      const actual = JSON.parse(
        Buffer.from(await port.evaluate({ role: 'AUDITOR', transaction: 'case:getCase', args: [JSON.stringify({ caseRef })] })).toString('utf8'),
      ) as CaseRecord;
      expect({ type, record: comparable(actual) }).toEqual({ type, record: comparable(expected) });
    }
    expect(expected?.state).toBe(finalState);
    expect(opened.ledger.store.verifyChain().valid).toBe(true);
  });
});
