/**
 * Follow-up applications, second applications and screening as scenarios with literal dates: every
 * expected day below was counted by hand from the statute (§ 71 (3) AsylG, § 71 (5) AsylG a.F.,
 * § 74 (1), §§ 187, 188 BGB, § 222 (2) ZPO), never derived from the code under test.
 */
import type { Actor } from './authorities';
import type { CaseRecord } from './case-record';
import { ChaincodeError } from './chaincode-error';
import { decideTransition, parseTransitionInput, type TransitionOutcome } from './decide-transition';
import { actor, DIRECTORY, requestId, TX_ID } from './test-support/fixtures';
import type { TransitionContext } from './transition-rule';
import type { TransitionType } from './transitions';

const bamf = {
  registration: actor('BAMF_REGISTRATION', 'FEDERAL'),
  caseworker: actor('BAMF_CASEWORKER', 'FEDERAL'),
  litigation: actor('BAMF_LITIGATION', 'FEDERAL'),
};
const lds = { reception: actor('LAND_RECEPTION', 'LAND'), distribution: actor('LAND_DISTRIBUTION', 'LAND'), zab: actor('LAND_ZAB', 'LAND') };

const EARLIER = 'e'.repeat(32);
const FOLLOW_UP = 'f'.repeat(32);
const UNKNOWN = 'c'.repeat(32);

type Step = readonly [TransitionType, Actor, Readonly<Record<string, unknown>>, string];
type Links = Pick<TransitionContext, 'linkedCase' | 'followUps'>;

/** One step on a case, with the other cases the contract would have read. */
function decide(caseRef: string, record: CaseRecord | undefined, [type, who, fields, day]: Step, links: Links = {}): TransitionOutcome {
  const input = parseTransitionInput(type, { caseRef, requestId: requestId(record ? record.seq + 1 : 1), ...fields });
  return decideTransition(type, record, input, { actor: who, txId: TX_ID, today: day, directory: DIRECTORY, ...links });
}

/** Plays steps on one case. */
function play(caseRef: string, steps: readonly Step[], record?: CaseRecord, links: Links = {}): CaseRecord {
  return steps.reduce<CaseRecord | undefined>((current, step) => decide(caseRef, current, step, links).record, record)!;
}

/** The refusal of a step: code and details, or 'NO_ERROR'. */
function refusal(caseRef: string, record: CaseRecord | undefined, step: Step, links: Links = {}) {
  try {
    decide(caseRef, record, step, links);
  } catch (error) {
    if (error instanceof ChaincodeError) return { code: error.code, details: error.details };
    throw error;
  }
  return 'NO_ERROR';
}

/** Registration (with the given fields), distribution, arrival and lodging; lodged on `lodgedOn`. */
function intake(registration: Record<string, unknown>, registeredOn: string, lodgedOn: string): Step[] {
  return [
    ['registerCase', lds.reception, { effectiveOn: registeredOn, ...registration }, registeredOn],
    ['recordDistribution', bamf.registration, { landCode: 'DE-SN', effectiveOn: registeredOn }, registeredOn],
    ['confirmArrival', lds.reception, { effectiveOn: registeredOn }, registeredOn],
    ['lodgeApplication', bamf.caseworker, { effectiveOn: lodgedOn }, lodgedOn],
  ];
}

const removalOn = (day: string, mode = 'REMOVAL'): Step => ['recordDeparture', lds.zab, { mode, effectiveOn: day }, day];

/**
 * The earlier case under the reformed law: lodged 2 Jul 2026, rejected as manifestly unfounded in
 * the accelerated procedure on Mon 3 Aug, served Tue 4 Aug; suit period one week (§ 74 (1) S. 3) to
 * Tue 11 Aug, departure week (§ 38 (1)) to Tue 18 Aug: removal lawful from Wed 19 Aug; final 12 Aug.
 */
const geasEarlier = play(EARLIER, [
  ...intake({ procedureKind: 'ERSTANTRAG' }, '2026-07-01', '2026-07-02'),
  ['allocateToMunicipality', lds.distribution, { responsible: 'ABHMSP', effectiveOn: '2026-07-02' }, '2026-07-02'],
  ['recordDecision', bamf.caseworker, { outcomeClass: 'REJECTED_MANIFESTLY_UNFOUNDED', track: 'ACCELERATED', effectiveOn: '2026-08-03' }, '2026-08-03'],
  ['recordService', bamf.caseworker, { servedOn: '2026-08-04' }, '2026-08-04'],
  ['markFinal', bamf.caseworker, { effectiveOn: '2026-08-12' }, '2026-08-12'],
]);

/** A follow-up case to the earlier one, registered Mon 5 Oct and lodged Tue 6 Oct 2026 (reformed law). */
function geasFollowUp(): CaseRecord {
  return play(FOLLOW_UP, intake({ procedureKind: 'FOLGEANTRAG', previousCaseRef: EARLIER }, '2026-10-05', '2026-10-06'), undefined, {
    linkedCase: geasEarlier,
  });
}

describe('the earlier case on its own', () => {
  it('is lawfully removable from Wed 19 Aug 2026 and final', () => {
    expect(geasEarlier.removal.lawfulFrom).toBe('2026-08-19');
    expect(geasEarlier.state).toBe('FINAL');
    expect(refusal(EARLIER, geasEarlier, removalOn('2026-10-07'), { followUps: [] })).toBe('NO_ERROR');
  });
});

describe('registering a follow-up application with previousCaseRef', () => {
  it('stores the link, shows it on the event and targets the ABH responsible for the earlier case', () => {
    const outcome = decide(FOLLOW_UP, undefined, ['registerCase', lds.reception, { procedureKind: 'FOLGEANTRAG', previousCaseRef: EARLIER, effectiveOn: '2026-10-05' }, '2026-10-05'], {
      linkedCase: geasEarlier,
    });
    expect(outcome.record.previousCaseRef).toBe(EARLIER);
    expect(outcome.event.previousCaseRef).toBe(EARLIER);
    expect(outcome.event.targets).toEqual(['ABHMSP', 'BAMFMSP']);
  });

  it('refuses an unknown earlier case', () => {
    expect(
      refusal(FOLLOW_UP, undefined, ['registerCase', lds.reception, { procedureKind: 'FOLGEANTRAG', previousCaseRef: UNKNOWN, effectiveOn: '2026-10-05' }, '2026-10-05'], {
        linkedCase: null,
      }),
    ).toEqual({ code: 'PREVIOUS_CASE_NOT_FOUND', details: { field: 'previousCaseRef' } });
  });

  it('refuses previousCaseRef on a first application', () => {
    expect(
      refusal(FOLLOW_UP, undefined, ['registerCase', lds.reception, { procedureKind: 'ERSTANTRAG', previousCaseRef: EARLIER, effectiveOn: '2026-10-05' }, '2026-10-05'], {
        linkedCase: geasEarlier,
      }),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('registers a follow-up application without a link; its event then targets no ABH', () => {
    const plain = decide(FOLLOW_UP, undefined, ['registerCase', lds.reception, { procedureKind: 'FOLGEANTRAG', effectiveOn: '2026-10-05' }, '2026-10-05']);
    expect(plain.record.previousCaseRef).toBeNull();
    expect(plain.event.targets).toEqual(['BAMFMSP']);
  });
});

describe('a first follow-up application under the reformed law (§ 71 (3) S. 3 AsylG)', () => {
  const lodged = geasFollowUp();
  /** Decided inadmissible (not examined further, § 29 Nr. 6) on Tue 20 Oct, served Thu 22 Oct 2026. */
  const decided = play(FOLLOW_UP, [['recordDecision', bamf.caseworker, { outcomeClass: 'INADMISSIBLE', track: 'REGULAR', effectiveOn: '2026-10-20' }, '2026-10-20']], lodged);
  const served = play(FOLLOW_UP, [['recordService', bamf.caseworker, { servedOn: '2026-10-22' }, '2026-10-22']], decided);

  it('bars removal on the earlier case until BAMF decides', () => {
    expect(refusal(EARLIER, geasEarlier, removalOn('2026-10-07'), { followUps: [lodged] })).toEqual({
      code: 'REMOVAL_BARRED_BY_FOLLOW_UP',
      details: { followUpCaseRef: FOLLOW_UP, waitingFor: 'FOLLOW_UP_DECISION', lawfulFrom: null, basis: 'ASYLG_71_3_FOLLOW_UP' },
    });
  });

  it('bars a Dublin transfer on an earlier transfer decision alike', () => {
    // transfer decision served Tue 21 Jul 2026: no transfer within the urgent week, to Tue 28 Jul; lawful from Wed 29 Jul
    const transferCase = play(EARLIER, [
      ...intake({ procedureKind: 'ERSTANTRAG' }, '2026-07-01', '2026-07-02'),
      ['startResponsibilityCheck', actor('BAMF_DUBLIN', 'FEDERAL'), { effectiveOn: '2026-07-02' }, '2026-07-02'],
      ['recordDublinRequest', actor('BAMF_DUBLIN', 'FEDERAL'), { effectiveOn: '2026-07-03', kind: 'TAKE_CHARGE_REQUEST' }, '2026-07-03'],
      // another Member State accepted: the transfer decision (AMMR: outcome TRANSFER) on Mon 20 Jul
      ['concludeResponsibilityCheck', actor('BAMF_DUBLIN', 'FEDERAL'), { effectiveOn: '2026-07-20', dublin: 'ACCEPTED' }, '2026-07-20'],
      ['recordService', bamf.caseworker, { servedOn: '2026-07-21' }, '2026-07-21'],
    ]);
    expect(transferCase.removal.lawfulFrom).toBe('2026-07-29');
    expect(refusal(EARLIER, transferCase, removalOn('2026-10-07', 'DUBLIN_TRANSFER'), { followUps: [lodged] })).toMatchObject({
      code: 'REMOVAL_BARRED_BY_FOLLOW_UP',
      details: { followUpCaseRef: FOLLOW_UP, waitingFor: 'FOLLOW_UP_DECISION' },
    });
    expect(refusal(EARLIER, transferCase, removalOn('2026-10-07', 'DUBLIN_TRANSFER'), { followUps: [] })).toBe('NO_ERROR');
  });

  it('lets a voluntary departure pass', () => {
    expect(refusal(EARLIER, geasEarlier, removalOn('2026-10-07', 'VOLUNTARY'), { followUps: [lodged] })).toBe('NO_ERROR');
  });

  it('still bars it after the decision until service names the suit period', () => {
    expect(refusal(EARLIER, geasEarlier, removalOn('2026-10-21'), { followUps: [decided] })).toMatchObject({
      code: 'REMOVAL_BARRED_BY_FOLLOW_UP',
      details: { waitingFor: 'FOLLOW_UP_SERVICE', lawfulFrom: null },
    });
  });

  it('after service on Thu 22 Oct bars it through the one-week suit period to Thu 29 Oct; lawful Fri 30 Oct', () => {
    expect(refusal(EARLIER, geasEarlier, removalOn('2026-10-29'), { followUps: [served] })).toEqual({
      code: 'REMOVAL_BARRED_BY_FOLLOW_UP',
      details: { followUpCaseRef: FOLLOW_UP, waitingFor: null, lawfulFrom: '2026-10-30', basis: 'ASYLG_71_3_FOLLOW_UP' },
    });
    expect(refusal(EARLIER, geasEarlier, removalOn('2026-10-30'), { followUps: [served] })).toBe('NO_ERROR');
  });

  it('after a timely urgent application (Wed 28 Oct) bars it until the court rejects it (Tue 10 Nov); lawful Wed 11 Nov', () => {
    const urgent = play(FOLLOW_UP, [['recordUrgentApplication', bamf.litigation, { effectiveOn: '2026-10-28' }, '2026-10-28']], served);
    expect(refusal(EARLIER, geasEarlier, removalOn('2026-11-09'), { followUps: [urgent] })).toMatchObject({
      code: 'REMOVAL_BARRED_BY_FOLLOW_UP',
      details: { waitingFor: 'URGENT_APPLICATION_DECISION', lawfulFrom: null },
    });
    const rejected = play(FOLLOW_UP, [['recordCourtOutcome', bamf.litigation, { result: 'URGENT_APPLICATION_REJECTED', effectiveOn: '2026-11-10' }, '2026-11-10']], urgent);
    expect(refusal(EARLIER, geasEarlier, removalOn('2026-11-10'), { followUps: [rejected] })).toMatchObject({
      code: 'REMOVAL_BARRED_BY_FOLLOW_UP',
      details: { lawfulFrom: '2026-11-11' },
    });
    expect(refusal(EARLIER, geasEarlier, removalOn('2026-11-11'), { followUps: [rejected] })).toBe('NO_ERROR');
  });

  it("keeps the follow-up case's own removal status after the bar: one week to leave from the end of the suit period (Thu 5 Nov), lawful Fri 6 Nov", () => {
    expect(lodged.removal).toMatchObject({ lawfulFrom: null });
    expect(served.removal).toMatchObject({ lawfulFrom: '2026-11-06', departureDueOn: '2026-11-05' });
  });

  it('ignores a follow-up case that links to another case', () => {
    expect(refusal(EARLIER, geasEarlier, removalOn('2026-10-07'), { followUps: [{ ...lodged, previousCaseRef: UNKNOWN }] })).toBe('NO_ERROR');
  });
});

describe('an Art. 56 APR case under the reformed law (§ 71 (3) S. 2 AsylG)', () => {
  const lodged = geasFollowUp();
  const communicate: Step = ['recordNonRefoulementCommunication', bamf.caseworker, { ground: 'FIRST_TO_FRUSTRATE_REMOVAL', effectiveOn: '2026-10-09' }, '2026-10-09'];

  it('bars removal until BAMF communicates that non-refoulement is respected', () => {
    expect(refusal(EARLIER, geasEarlier, removalOn('2026-10-08'), { followUps: [lodged] })).toMatchObject({
      code: 'REMOVAL_BARRED_BY_FOLLOW_UP',
      details: { waitingFor: 'FOLLOW_UP_DECISION' },
    });
  });

  it('makes removal lawful from the day of the communication (Fri 9 Oct), not before', () => {
    const outcome = decide(FOLLOW_UP, lodged, communicate, { linkedCase: geasEarlier });
    const communicated = outcome.record;
    expect(communicated.nonRefoulement).toEqual({ ground: 'FIRST_TO_FRUSTRATE_REMOVAL', communicatedOn: '2026-10-09' });
    expect(communicated.state).toBe('APPLICATION_LODGED');
    expect(outcome.event.targets).toEqual(['ABHMSP', 'LDSMSP']);
    expect(refusal(EARLIER, geasEarlier, removalOn('2026-10-08'), { followUps: [communicated] })).toEqual({
      code: 'REMOVAL_BARRED_BY_FOLLOW_UP',
      details: { followUpCaseRef: FOLLOW_UP, waitingFor: null, lawfulFrom: '2026-10-09', basis: 'ASYLG_71_3_NON_REFOULEMENT' },
    });
    expect(refusal(EARLIER, geasEarlier, removalOn('2026-10-09'), { followUps: [communicated] })).toBe('NO_ERROR');
  });

  it('is recorded once, only on a follow-up application, and only under the reformed law', () => {
    const communicated = play(FOLLOW_UP, [communicate], lodged);
    expect(refusal(FOLLOW_UP, communicated, communicate)).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(refusal(FOLLOW_UP, { ...lodged, procedureKind: 'ERSTANTRAG' }, communicate)).toMatchObject({ code: 'INVALID_TRANSITION' });
    const legacyCase = { ...lodged, procedureRegime: 'LEGACY' as const };
    expect(refusal(FOLLOW_UP, legacyCase, communicate)).toMatchObject({ code: 'NOT_IN_REGIME', details: { regime: 'LEGACY' } });
  });
});

describe('a follow-up application under the old law (§ 71 (5) AsylG a.F.)', () => {
  /**
   * The earlier case: lodged 3 Mar 2026, rejected as manifestly unfounded Wed 1 Apr, served Thu 2 Apr;
   * one week to leave (§ 36 (1) a.F.) to Thu 9 Apr: lawful from Fri 10 Apr; final 10 Apr.
   */
  const legacyEarlier = play(EARLIER, [
    ...intake({ procedureKind: 'ERSTANTRAG' }, '2026-03-02', '2026-03-03'),
    ['allocateToMunicipality', lds.distribution, { responsible: 'ABHMSP', effectiveOn: '2026-03-03' }, '2026-03-03'],
    ['recordDecision', bamf.caseworker, { outcomeClass: 'REJECTED_MANIFESTLY_UNFOUNDED', effectiveOn: '2026-04-01' }, '2026-04-01'],
    ['recordService', bamf.caseworker, { servedOn: '2026-04-02' }, '2026-04-02'],
    ['markFinal', bamf.caseworker, { effectiveOn: '2026-04-10' }, '2026-04-10'],
  ]);
  /** Registered Mon 4 May, lodged Tue 5 May 2026: old law. */
  const lodged = play(FOLLOW_UP, intake({ procedureKind: 'FOLGEANTRAG', previousCaseRef: EARLIER }, '2026-05-04', '2026-05-05'), undefined, {
    linkedCase: legacyEarlier,
  });

  it('is a LEGACY case removable from Fri 10 Apr 2026 on its own', () => {
    expect(legacyEarlier.removal.lawfulFrom).toBe('2026-04-10');
    expect(lodged.procedureRegime).toBe('LEGACY');
  });

  it('bars removal on the earlier case until BAMF decides', () => {
    expect(refusal(EARLIER, legacyEarlier, removalOn('2026-05-06'), { followUps: [lodged] })).toEqual({
      code: 'REMOVAL_BARRED_BY_FOLLOW_UP',
      details: { followUpCaseRef: FOLLOW_UP, waitingFor: 'FOLLOW_UP_DECISION', lawfulFrom: null, basis: 'ASYLG_71_5_OLD' },
    });
  });

  it('after the decision (Mon 11 May) served Tue 12 May, bars it through the week to Tue 19 May; lawful Wed 20 May', () => {
    const served = play(FOLLOW_UP, [
      ['recordDecision', bamf.caseworker, { outcomeClass: 'INADMISSIBLE', effectiveOn: '2026-05-11' }, '2026-05-11'],
      ['recordService', bamf.caseworker, { servedOn: '2026-05-12' }, '2026-05-12'],
    ], lodged);
    expect(refusal(EARLIER, legacyEarlier, removalOn('2026-05-19'), { followUps: [served] })).toEqual({
      code: 'REMOVAL_BARRED_BY_FOLLOW_UP',
      details: { followUpCaseRef: FOLLOW_UP, waitingFor: null, lawfulFrom: '2026-05-20', basis: 'ASYLG_71_5_OLD' },
    });
    expect(refusal(EARLIER, legacyEarlier, removalOn('2026-05-20'), { followUps: [served] })).toBe('NO_ERROR');
  });

  it('after a further procedure and protection, bars removal without a day', () => {
    const protectedCase = play(FOLLOW_UP, [['recordDecision', bamf.caseworker, { outcomeClass: 'PROTECTION', effectiveOn: '2026-05-11' }, '2026-05-11']], lodged);
    expect(refusal(EARLIER, legacyEarlier, removalOn('2026-06-01'), { followUps: [protectedCase] })).toMatchObject({
      code: 'REMOVAL_BARRED_BY_FOLLOW_UP',
      details: { waitingFor: 'ENFORCEABLE_DECISION', lawfulFrom: null },
    });
  });
});

describe('second applications (ZWEITANTRAG, § 71a AsylG a.F., repealed)', () => {
  const register = (day: string): Step => ['registerCase', lds.reception, { procedureKind: 'ZWEITANTRAG', effectiveOn: day }, day];

  it('are registered on Thu 11 Jun 2026, the last day of the old law', () => {
    expect(decide(FOLLOW_UP, undefined, register('2026-06-11')).record.procedureKind).toBe('ZWEITANTRAG');
  });

  it('are refused from Fri 12 Jun 2026', () => {
    expect(refusal(FOLLOW_UP, undefined, register('2026-06-12'))).toMatchObject({
      code: 'NOT_IN_REGIME',
      details: { transaction: 'registerCase', regime: 'GEAS' },
    });
  });

  it('cannot be lodged from 12 Jun 2026 either (the lodging day fixes the regime)', () => {
    const arrived = play(FOLLOW_UP, intake({ procedureKind: 'ZWEITANTRAG' }, '2026-06-10', '2026-06-11').slice(0, 3));
    expect(refusal(FOLLOW_UP, arrived, ['lodgeApplication', bamf.caseworker, { effectiveOn: '2026-06-12' }, '2026-06-12'])).toMatchObject({
      code: 'NOT_IN_REGIME',
      details: { transaction: 'lodgeApplication', regime: 'GEAS' },
    });
    expect(play(FOLLOW_UP, [['lodgeApplication', bamf.caseworker, { effectiveOn: '2026-06-11' }, '2026-06-11']], arrived).procedureRegime).toBe('LEGACY');
  });

  it('bar removal on a linked earlier case like an old-law follow-up (§ 71a (3) a.F.)', () => {
    const earlier = { ...geasEarlier, caseRef: EARLIER };
    const second = play(FOLLOW_UP, intake({ procedureKind: 'ZWEITANTRAG', previousCaseRef: EARLIER }, '2026-06-10', '2026-06-11'), undefined, { linkedCase: earlier });
    expect(refusal(EARLIER, earlier, removalOn('2026-10-07'), { followUps: [second] })).toMatchObject({
      code: 'REMOVAL_BARRED_BY_FOLLOW_UP',
      details: { waitingFor: 'FOLLOW_UP_DECISION', basis: 'ASYLG_71A_OLD' },
    });
  });
});

describe('inland screening recorded with the registration (§ 15b AufenthG)', () => {
  const register = (screened: string, day: string): Step => [
    'registerCase',
    lds.reception,
    { procedureKind: 'ERSTANTRAG', screeningCompletedOn: screened, effectiveOn: day },
    day,
  ];

  it('stores the day screening ended with referral (Wed 1 Jul for a registration on Thu 2 Jul 2026)', () => {
    expect(decide(FOLLOW_UP, undefined, register('2026-07-01', '2026-07-02')).record.screeningCompletedOn).toBe('2026-07-01');
  });

  it('is refused under the old law (registration on Wed 10 Jun 2026)', () => {
    expect(refusal(FOLLOW_UP, undefined, register('2026-06-09', '2026-06-10'))).toMatchObject({ code: 'NOT_IN_REGIME', details: { regime: 'LEGACY' } });
  });

  it('is refused for a screening day before 12 Jun 2026 and after the registration', () => {
    expect(refusal(FOLLOW_UP, undefined, register('2026-06-11', '2026-06-12'))).toMatchObject({ code: 'NOT_IN_REGIME' });
    expect(refusal(FOLLOW_UP, undefined, register('2026-07-03', '2026-07-02'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'screeningCompletedOn' },
    });
  });
});

describe('corrections', () => {
  it('cannot move the link of a follow-up case to another earlier case', () => {
    const steps: Step[] = [['registerCase', lds.reception, { procedureKind: 'FOLGEANTRAG', previousCaseRef: EARLIER, effectiveOn: '2026-10-05' }, '2026-10-05']];
    const registered = decide(FOLLOW_UP, undefined, steps[0]!, { linkedCase: geasEarlier }).record;
    const history = [{ txId: TX_ID, type: 'registerCase', input: registered.lastInput, actorMsp: 'LDSMSP', actorRole: 'LAND_RECEPTION', day: '2026-10-05' }];
    const input = parseTransitionInput('correctEvent', {
      caseRef: FOLLOW_UP,
      requestId: requestId(2),
      correctsTxId: TX_ID,
      reasonCode: 'DATA_ENTRY_ERROR',
      corrected: { previousCaseRef: UNKNOWN },
    });
    try {
      decideTransition('correctEvent', registered, input, { actor: lds.reception, txId: 'b'.repeat(64), today: '2026-10-06', directory: DIRECTORY, history });
      throw new Error('not refused');
    } catch (error) {
      expect(error).toMatchObject({ code: 'CORRECTION_NOT_ALLOWED', details: { reason: 'MOVES_LINK' } });
    }
  });
});
