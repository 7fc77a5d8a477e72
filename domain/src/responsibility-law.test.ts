/**
 * The responsibility procedure per regime as scenarios with literal dates: each expected day was
 * counted by hand from the regulation's periods with §§ 187, 188 BGB, § 222 (2) ZPO and the
 * nationwide holidays (weekdays in the comments), not derived from the table.
 */
import type { Actor } from './authorities';
import { ChaincodeError } from './chaincode-error';
import type { CaseRecord } from './case-record';
import { decideTransition, parseTransitionInput } from './decide-transition';
import { actor, CASE_REF, DIRECTORY, requestId, TX_ID } from './test-support/fixtures';
import { playCase, playStep, type PlayedCase, type PlayedStep } from './test-support/recorded-history';
import type { TransitionType } from './transitions';

const bamf = {
  caseworker: actor('BAMF_CASEWORKER', 'FEDERAL'),
  registration: actor('BAMF_REGISTRATION', 'FEDERAL'),
  dublin: actor('BAMF_DUBLIN', 'FEDERAL'),
  litigation: actor('BAMF_LITIGATION', 'FEDERAL'),
};
const lds = { reception: actor('LAND_RECEPTION', 'LAND'), distribution: actor('LAND_DISTRIBUTION', 'LAND'), zab: actor('LAND_ZAB', 'LAND') };

type Step = [TransitionType, Actor, Record<string, unknown>, string];

/** Registration, distribution, arrival, lodging and the start of the check on the given days. */
function checking(registeredOn: string, lodgedOn: string, start: Record<string, unknown> = {}): PlayedCase {
  const steps: PlayedStep[] = [
    ['registerCase', lds.reception, { procedureKind: 'ERSTANTRAG', effectiveOn: registeredOn }, registeredOn],
    ['recordDistribution', bamf.registration, { landCode: 'DE-SN', effectiveOn: registeredOn }, registeredOn],
    ['confirmArrival', lds.reception, { effectiveOn: registeredOn }, registeredOn],
    ['lodgeApplication', bamf.caseworker, { effectiveOn: lodgedOn }, lodgedOn],
    ['allocateToMunicipality', lds.distribution, { responsible: 'ABHMSP', effectiveOn: lodgedOn }, lodgedOn],
    ['startResponsibilityCheck', bamf.dublin, { ...start, effectiveOn: lodgedOn }, lodgedOn],
  ];
  return playCase(steps);
}

function then(played: PlayedCase, ...steps: PlayedStep[]): PlayedCase {
  return steps.reduce((current, step) => playStep(current, step), played);
}

/** The refusal of one more step: its code, message and details. */
function refusal(played: PlayedCase, [type, who, fields, day]: Step) {
  try {
    const input = parseTransitionInput(type, { caseRef: CASE_REF, requestId: requestId(900), ...fields });
    decideTransition(type, played.record, input, { actor: who, txId: TX_ID, today: day, directory: DIRECTORY, history: played.history });
  } catch (error) {
    if (error instanceof ChaincodeError) return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
  return 'NO_ERROR';
}

const request = (kind: string, day: string, more: Record<string, unknown> = {}): Step => ['recordDublinRequest', bamf.dublin, { kind, effectiveOn: day, ...more }, day];
const conclude = (dublin: string, day: string, more: Record<string, unknown> = {}): Step => ['concludeResponsibilityCheck', bamf.dublin, { dublin, effectiveOn: day, ...more }, day];
const served = (day: string): Step => ['recordService', bamf.caseworker, { servedOn: day }, day];
const transferOn = (day: string): Step => ['recordDeparture', lds.zab, { mode: 'DUBLIN_TRANSFER', effectiveOn: day }, day];
const extend = (extensionGround: string, day: string): Step => ['extendTransferPeriod', bamf.dublin, { extensionGround, effectiveOn: day }, day];
const passed = (day: string): Step => ['recordResponsibilityPassed', bamf.dublin, { effectiveOn: day }, day];
const litigation = (type: TransitionType, day: string, more: Record<string, unknown> = {}): Step => [type, bamf.litigation, { effectiveOn: day, ...more }, day];
const deadlines = (record: CaseRecord) => record.deadlines.map(({ kind, dueOn, basis }) => `${kind} ${dueOn} ${basis}`);

/** An AMMR case registered Monday 2026-07-06, lodged 2026-07-08, whose take charge request another state accepted on Monday 2026-08-10. */
const ammrAccepted = (): PlayedCase => then(checking('2026-07-06', '2026-07-08'), request('TAKE_CHARGE_REQUEST', '2026-07-20'), conclude('ACCEPTED', '2026-08-10'));

describe('AMMR: take charge request (Arts. 39, 40 AMMR)', () => {
  it('is due within two months of registration and refused after them', () => {
    const started = checking('2026-07-06', '2026-07-08');
    expect(started.record).toMatchObject({ responsibilityRegime: 'AMMR', state: 'RESPONSIBILITY_CHECK', dublin: 'CHECKING' });
    // registered Monday 2026-07-06: two months end Sunday 2026-09-06, so Monday 2026-09-07
    expect(deadlines(started.record)).toEqual(['RESPONSIBILITY_REQUEST 2026-09-07 AMMR_39_TAKE_CHARGE', 'EXAMINATION 2027-01-08 APR_35_EXAMINATION']);
    expect(refusal(started, request('TAKE_CHARGE_REQUEST', '2026-09-08'))).toMatchObject({
      code: 'PERIOD_EXPIRED',
      details: { periodEndedOn: '2026-09-07', basis: 'AMMR_39_TAKE_CHARGE' },
    });
    const sent = then(started, request('TAKE_CHARGE_REQUEST', '2026-09-07'));
    // sent Monday 2026-09-07: the month to reply ends Wednesday 2026-10-07
    expect(sent.record).toMatchObject({ dublin: 'REQUEST_SENT', dueBy: '2026-10-07', dates: { responsibilityRequestOn: '2026-09-07' } });
    expect(deadlines(sent.record)).toContain('RESPONSIBILITY_REPLY 2026-10-07 AMMR_40_REPLY');
    expect(deadlines(sent.record)).not.toContain('RESPONSIBILITY_REQUEST 2026-09-07 AMMR_39_TAKE_CHARGE');
  });

  it('silence is acceptance, recorded only after the reply day; the transfer period runs from that day', () => {
    const sent = then(checking('2026-07-06', '2026-07-08'), request('TAKE_CHARGE_REQUEST', '2026-09-07'));
    expect(refusal(sent, conclude('ACCEPTED', '2026-10-07', { acceptedBy: 'SILENCE' }))).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: expect.stringContaining('until 2026-10-07') as unknown,
    });
    expect(refusal(sent, conclude('REJECTED', '2026-10-08', { acceptedBy: 'SILENCE' }))).toMatchObject({ code: 'INVALID_TRANSITION' });
    const accepted = then(sent, conclude('ACCEPTED', '2026-10-08', { acceptedBy: 'SILENCE' }));
    expect(accepted.record).toMatchObject({
      state: 'DECIDED',
      outcomeClass: 'TRANSFER',
      dublin: 'ACCEPTED',
      dates: { decidedOn: '2026-10-08', responsibilityAcceptedOn: '2026-10-07' },
    });
    // accepted by silence at the end of Wednesday 2026-10-07: six months end Wednesday 2027-04-07
    expect(deadlines(accepted.record)).toEqual(['TRANSFER 2027-04-07 AMMR_46_TRANSFER']);
  });

  it('has no take back request: NOT_IN_REGIME', () => {
    expect(refusal(checking('2026-07-06', '2026-07-08'), request('TAKE_BACK_REQUEST', '2026-07-20', { eurodacHitOn: '2026-07-07' }))).toMatchObject({
      code: 'NOT_IN_REGIME',
      details: { transaction: 'recordDublinRequest', regime: 'AMMR' },
    });
  });
});

describe('AMMR: take back notification (Art. 41 AMMR)', () => {
  it('is due within two weeks of the Eurodac hit; the other state confirms within two weeks', () => {
    const started = checking('2026-07-06', '2026-07-08', { eurodacHitOn: '2026-07-07' });
    // hit Tuesday 2026-07-07: two weeks end Tuesday 2026-07-21
    expect(deadlines(started.record)).toEqual([
      'RESPONSIBILITY_REQUEST 2026-07-21 AMMR_41_NOTIFICATION',
      'RESPONSIBILITY_REQUEST 2026-09-07 AMMR_39_TAKE_CHARGE',
      'EXAMINATION 2027-01-08 APR_35_EXAMINATION',
    ]);
    expect(refusal(started, request('TAKE_BACK_NOTIFICATION', '2026-07-22'))).toMatchObject({
      code: 'PERIOD_EXPIRED',
      details: { periodEndedOn: '2026-07-21', basis: 'AMMR_41_NOTIFICATION' },
    });
    const notified = then(started, request('TAKE_BACK_NOTIFICATION', '2026-07-21'));
    // notified Tuesday 2026-07-21: the confirmation is due by Tuesday 2026-08-04
    expect(notified.record).toMatchObject({ dublin: 'NOTIFICATION_SENT', dueBy: '2026-08-04' });
    expect(deadlines(notified.record)).toContain('RESPONSIBILITY_REPLY 2026-08-04 AMMR_41_CONFIRMATION');
    const confirmed = then(notified, conclude('ACCEPTED', '2026-08-05', { acceptedBy: 'SILENCE' }));
    expect(confirmed.record).toMatchObject({ outcomeClass: 'TRANSFER', dates: { responsibilityAcceptedOn: '2026-08-04' } });
  });

  it('needs the day of the Eurodac hit, given with the notification if not before', () => {
    const started = checking('2026-07-06', '2026-07-08');
    expect(refusal(started, request('TAKE_BACK_NOTIFICATION', '2026-07-10'))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'eurodacHitOn' } });
    const notified = then(started, request('TAKE_BACK_NOTIFICATION', '2026-07-10', { eurodacHitOn: '2026-07-09' }));
    // notified Friday 2026-07-10: confirmation by Friday 2026-07-24
    expect(notified.record).toMatchObject({ dublin: 'NOTIFICATION_SENT', dueBy: '2026-07-24', dates: { eurodacHitOn: '2026-07-09' } });
  });
});

describe('AMMR: the transfer decision (Art. 42 AMMR, § 34a AsylG)', () => {
  it('is an outcome of its own; suit and urgent application within a week; no transfer before a timely application is decided', () => {
    const accepted = ammrAccepted();
    expect(accepted.record).toMatchObject({ state: 'DECIDED', outcomeClass: 'TRANSFER', dates: { responsibilityAcceptedOn: '2026-08-10' } });
    const service = then(accepted, served('2026-08-12'));
    // served Wednesday 2026-08-12: the week ends Wednesday 2026-08-19; accepted Monday 2026-08-10: six months end Wednesday 2027-02-10
    expect(deadlines(service.record)).toEqual([
      'SUIT 2026-08-19 ASYLG_74_SUIT',
      'URGENT_APPLICATION 2026-08-19 ASYLG_34A_TRANSFER',
      'REMOVAL_LAWFUL_FROM 2026-08-20 ASYLG_34A_TRANSFER',
      'TRANSFER 2027-02-10 AMMR_46_TRANSFER',
    ]);
    const applied = then(service, litigation('recordUrgentApplication', '2026-08-18'), litigation('recordAppeal', '2026-08-18'));
    expect(applied.record.removal).toMatchObject({ lawfulFrom: null, waitingFor: 'URGENT_APPLICATION_DECISION' });
    expect(refusal(applied, transferOn('2026-09-01'))).toMatchObject({ code: 'REMOVAL_HOLD_ACTIVE' });
    const rejected = then(applied, litigation('recordCourtOutcome', '2026-09-10', { result: 'URGENT_APPLICATION_REJECTED' }));
    expect(rejected.record.removal).toEqual({ lawfulFrom: '2026-09-11', basis: 'ASYLG_34A_TRANSFER', waitingFor: null, departureDueOn: null });
    expect(refusal(rejected, transferOn('2026-09-10'))).toMatchObject({ code: 'REMOVAL_NOT_YET_LAWFUL', details: { lawfulFrom: '2026-09-11' } });
    expect(refusal(rejected, ['recordDeparture', lds.zab, { mode: 'REMOVAL', effectiveOn: '2026-09-11' }, '2026-09-11'])).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(then(rejected, transferOn('2026-09-11')).record).toMatchObject({ state: 'LEFT', departureMode: 'DUBLIN_TRANSFER', deadlines: [] });
  });

  it('once annulled and decided again as inadmissible, is no transfer decision any more', () => {
    const annulled = then(
      ammrAccepted(),
      served('2026-08-12'),
      litigation('recordAppeal', '2026-08-14'),
      litigation('recordCourtOutcome', '2026-10-01', { result: 'DECISION_ANNULLED', outcomeClass: 'INADMISSIBLE' }),
      served('2026-10-05'),
    );
    expect(annulled.record).toMatchObject({ outcomeClass: 'INADMISSIBLE', dublin: 'ACCEPTED' });
    expect(deadlines(annulled.record).filter((line) => line.startsWith('TRANSFER'))).toEqual([]);
    expect(refusal(annulled, transferOn('2026-11-02'))).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('is not recorded by recordDecision', () => {
    const lodged = then(checking('2026-07-06', '2026-07-08'), conclude('REJECTED', '2026-07-20'));
    expect(lodged.record).toMatchObject({ state: 'APPLICATION_LODGED', dublin: 'REJECTED' });
    expect(refusal(lodged, ['recordDecision', bamf.caseworker, { outcomeClass: 'TRANSFER', track: 'REGULAR', effectiveOn: '2026-07-21' }, '2026-07-21'])).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('AMMR: the transfer period (Art. 46 AMMR)', () => {
  const service = (): PlayedCase => then(ammrAccepted(), served('2026-08-12'));

  it('ends six months after acceptance: a transfer on the last day is lawful, one the day after is refused', () => {
    expect(then(service(), transferOn('2027-02-10')).record).toMatchObject({ state: 'LEFT' });
    expect(refusal(service(), transferOn('2027-02-11'))).toMatchObject({
      code: 'TRANSFER_PERIOD_EXPIRED',
      details: { periodEndedOn: '2027-02-10', basis: 'AMMR_46_TRANSFER' },
    });
  });

  it('is extended to three years on absconding, to one year on imprisonment, never after it ended', () => {
    // three years from Monday 2026-08-10: Friday 2029-08-10
    const absconded = then(service(), extend('ABSCONDING', '2027-01-15'));
    expect(deadlines(absconded.record)).toContain('TRANSFER 2029-08-10 AMMR_46_TRANSFER_ABSCONDING');
    expect(then(absconded, transferOn('2028-03-01')).record).toMatchObject({ state: 'LEFT' });
    expect(refusal(absconded, transferOn('2029-08-11'))).toMatchObject({ code: 'TRANSFER_PERIOD_EXPIRED', details: { periodEndedOn: '2029-08-10' } });
    expect(refusal(absconded, extend('IMPRISONMENT', '2027-02-01'))).toMatchObject({ code: 'INVALID_TRANSITION' });
    // one year: Tuesday 2027-08-10
    const imprisoned = then(service(), extend('IMPRISONMENT', '2026-12-01'));
    expect(deadlines(imprisoned.record)).toContain('TRANSFER 2027-08-10 AMMR_46_TRANSFER_IMPRISONMENT');
    expect(deadlines(then(imprisoned, extend('ABSCONDING', '2027-05-03')).record)).toContain('TRANSFER 2029-08-10 AMMR_46_TRANSFER_ABSCONDING');
    expect(refusal(service(), extend('ABSCONDING', '2027-02-11'))).toMatchObject({
      code: 'TRANSFER_PERIOD_EXPIRED',
      details: { periodEndedOn: '2027-02-10', basis: 'AMMR_46_TRANSFER' },
    });
  });

  it('after it, responsibility passes to Germany: the case returns to the national procedure', () => {
    expect(refusal(service(), passed('2027-02-10'))).toMatchObject({ code: 'INVALID_TRANSITION', message: expect.stringContaining('until 2027-02-10') as unknown });
    const national = then(service(), passed('2027-02-11'));
    expect(national.record).toMatchObject({ state: 'APPLICATION_LODGED', dublin: 'TRANSFER_PERIOD_EXPIRED', outcomeClass: null, servedOn: null, holds: [] });
    expect(deadlines(national.record).filter((line) => line.startsWith('TRANSFER'))).toEqual([]);
    expect(then(national, ['recordDecision', bamf.caseworker, { outcomeClass: 'PROTECTION', track: 'REGULAR', effectiveOn: '2027-03-01' }, '2027-03-01']).record).toMatchObject({
      state: 'DECIDED',
      outcomeClass: 'PROTECTION',
    });
  });

  it('stops while the court suspended the transfer and runs again from the first-instance dismissal (§ 78 (10) AsylG)', () => {
    const suspended = then(
      service(),
      litigation('recordUrgentApplication', '2026-08-14'),
      litigation('recordAppeal', '2026-08-14'),
      litigation('recordCourtOutcome', '2026-08-28', { result: 'SUSPENSIVE_EFFECT_ORDERED' }),
    );
    expect(deadlines(suspended.record).filter((line) => line.startsWith('TRANSFER'))).toEqual([]);
    expect(refusal(suspended, passed('2027-02-11'))).toMatchObject({ code: 'INVALID_TRANSITION' });
    // dismissed Monday 2027-03-01: six months end Wednesday 2027-09-01
    const dismissed = then(suspended, litigation('recordCourtOutcome', '2027-03-01', { result: 'SUIT_DISMISSED' }));
    expect(deadlines(dismissed.record)).toContain('TRANSFER 2027-09-01 AMMR_46_TRANSFER');
  });
});

describe('Dublin III (registered before 1 July 2026)', () => {
  const started = (): PlayedCase => checking('2026-03-02', '2026-03-04');

  it('takes back by request, not by notification', () => {
    expect(refusal(started(), request('TAKE_BACK_NOTIFICATION', '2026-03-20', { eurodacHitOn: '2026-03-03' }))).toMatchObject({
      code: 'NOT_IN_REGIME',
      details: { regime: 'DUBLIN_III' },
    });
    // registered Monday 2026-03-02: three months end Tuesday 2026-06-02 (Art. 21 (1))
    expect(deadlines(started().record)).toEqual(['RESPONSIBILITY_REQUEST 2026-06-02 DUBLIN_21_TAKE_CHARGE']);
  });

  it('take back request: two months of the hit, a reply in two weeks, silence is acceptance; inadmissible with § 34a; 6 / 12 / 18 months', () => {
    // hit Tuesday 2026-03-03: two months end Sunday 2026-05-03, so Monday 2026-05-04
    expect(refusal(started(), request('TAKE_BACK_REQUEST', '2026-05-05', { eurodacHitOn: '2026-03-03' }))).toMatchObject({
      code: 'PERIOD_EXPIRED',
      details: { periodEndedOn: '2026-05-04', basis: 'DUBLIN_23_TAKE_BACK' },
    });
    // sent Friday 2026-03-20: two weeks end Good Friday 2026-04-03; Easter Monday 2026-04-06, so Tuesday 2026-04-07
    const sent = then(started(), request('TAKE_BACK_REQUEST', '2026-03-20', { eurodacHitOn: '2026-03-03' }));
    expect(sent.record).toMatchObject({ dublin: 'TAKE_BACK_REQUEST_SENT', dueBy: '2026-04-07' });
    expect(deadlines(sent.record)).toEqual(['RESPONSIBILITY_REPLY 2026-04-07 DUBLIN_25_REPLY']);
    const accepted = then(sent, conclude('ACCEPTED', '2026-04-08', { acceptedBy: 'SILENCE' }), served('2026-04-10'));
    expect(accepted.record).toMatchObject({ outcomeClass: 'INADMISSIBLE', dublin: 'ACCEPTED', procedureRegime: 'LEGACY', dates: { responsibilityAcceptedOn: '2026-04-07' } });
    // served Friday 2026-04-10: the week ends Friday 2026-04-17 (§ 34a (2) a.F.); six months from 2026-04-07 end Wednesday 2026-10-07
    expect(deadlines(accepted.record)).toEqual([
      'SUIT 2026-04-17 ASYLG_74_SUIT_OLD',
      'URGENT_APPLICATION 2026-04-17 ASYLG_34A_TRANSFER_OLD',
      'REMOVAL_LAWFUL_FROM 2026-04-18 ASYLG_34A_TRANSFER_OLD',
      'TRANSFER 2026-10-07 DUBLIN_29_TRANSFER',
    ]);
    expect(refusal(accepted, transferOn('2026-10-08'))).toMatchObject({ code: 'TRANSFER_PERIOD_EXPIRED', details: { periodEndedOn: '2026-10-07', basis: 'DUBLIN_29_TRANSFER' } });
    // twelve months: Wednesday 2027-04-07; eighteen months: Thursday 2027-10-07
    expect(deadlines(then(accepted, extend('IMPRISONMENT', '2026-09-01')).record)).toContain('TRANSFER 2027-04-07 DUBLIN_29_TRANSFER_IMPRISONMENT');
    const absconded = then(accepted, extend('ABSCONDING', '2026-09-01'));
    expect(deadlines(absconded.record)).toContain('TRANSFER 2027-10-07 DUBLIN_29_TRANSFER_ABSCONDING');
    expect(refusal(absconded, transferOn('2027-10-08'))).toMatchObject({ code: 'TRANSFER_PERIOD_EXPIRED', details: { periodEndedOn: '2027-10-07' } });
    expect(then(absconded, transferOn('2027-10-07')).record).toMatchObject({ state: 'LEFT' });
  });
});
