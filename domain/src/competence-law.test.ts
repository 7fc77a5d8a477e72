/**
 * Who may act, as scenarios with literal dates and literal expected outcomes: redistribution to
 * another Land (§ 51 AsylG) with both Länder's endorsement, release and allocation after a court's
 * suspension (§ 50 (1) S. 1 Nr. 2 AsylG, both regimes), service and toleration by the Land's
 * central foreigners' authority for residents of reception centres (§ 10 (4), § 31 (1) AsylG,
 * § 60a AufenthG), and urgent applications against a Land's or ABH's measure (§ 123 VwGO).
 */
import type { Actor } from './authorities';
import { ChaincodeError } from './chaincode-error';
import { caseEndorsementPolicy, caseCoEndorsers, satisfiesPolicy } from './endorsement-rules';
import { decideTransition, parseTransitionInput } from './decide-transition';
import { actor, CASE_REF, caseIn, DIRECTORY, requestId, TX_ID } from './test-support/fixtures';
import { playCase, playStep, type PlayedCase, type PlayedStep } from './test-support/recorded-history';
import type { CaseRecord } from './case-record';

const bamf = {
  registration: actor('BAMF_REGISTRATION', 'FEDERAL'),
  caseworker: actor('BAMF_CASEWORKER', 'FEDERAL'),
  dublin: actor('BAMF_DUBLIN', 'FEDERAL'),
  litigation: actor('BAMF_LITIGATION', 'FEDERAL'),
};
const lds = { reception: actor('LAND_RECEPTION', 'LAND'), distribution: actor('LAND_DISTRIBUTION', 'LAND'), zab: actor('LAND_ZAB', 'LAND') };
const abh = actor('ABH', 'ABH');
const bavaria = {
  distribution: { mspId: 'LBYMSP', role: 'LAND_DISTRIBUTION', kind: 'LAND', landCode: 'DE-BY' } satisfies Actor,
  zab: { mspId: 'LBYMSP', role: 'LAND_ZAB', kind: 'LAND', landCode: 'DE-BY' } satisfies Actor,
};

/** Registration, distribution to Saxony, arrival and lodging: the person lives in the reception centre. */
function inReception(registeredOn: string, lodgedOn: string): PlayedStep[] {
  return [
    ['registerCase', lds.reception, { procedureKind: 'ERSTANTRAG', effectiveOn: registeredOn }, registeredOn],
    ['recordDistribution', bamf.registration, { landCode: 'DE-SN', effectiveOn: registeredOn }, registeredOn],
    ['confirmArrival', lds.reception, { effectiveOn: registeredOn }, registeredOn],
    ['lodgeApplication', bamf.caseworker, { effectiveOn: lodgedOn }, lodgedOn],
  ];
}

/** The same, then allocated to the Dresden ABH on the lodging day. */
function allocated(registeredOn: string, lodgedOn: string): PlayedStep[] {
  return [...inReception(registeredOn, lodgedOn), ['allocateToMunicipality', lds.distribution, { responsible: 'ABHMSP', effectiveOn: lodgedOn }, lodgedOn]];
}

function then(played: PlayedCase, ...steps: PlayedStep[]): PlayedCase {
  return steps.reduce((current, step) => playStep(current, step), played);
}

/** The refusal of one more step: its code, details and message. */
function refusal(current: CaseRecord, [type, who, fields, day]: PlayedStep, history: PlayedCase['history'] = []) {
  try {
    const input = parseTransitionInput(type, { caseRef: CASE_REF, requestId: requestId(900), ...fields });
    decideTransition(type, current, input, { actor: who, txId: TX_ID, today: day, directory: DIRECTORY, history });
  } catch (error) {
    if (error instanceof ChaincodeError) return { code: error.code, details: error.details, message: error.message };
    throw error;
  }
  return 'NO_ERROR';
}

/** One step on a case that was not played from the start (the fixtures' case shapes). */
function step(current: CaseRecord, [type, who, fields, day]: PlayedStep) {
  const input = parseTransitionInput(type, { caseRef: CASE_REF, requestId: requestId(901), ...fields });
  return decideTransition(type, current, input, { actor: who, txId: TX_ID, today: day, directory: DIRECTORY, history: [] });
}

const request = (day: string, fields: Record<string, unknown> = {}): PlayedStep => [
  'requestRedistribution',
  lds.distribution,
  { landCode: 'DE-BY', receiving: 'LBYMSP', ground: 'FAMILY_UNITY', effectiveOn: day, ...fields },
  day,
];
const answer = (who: Actor, result: 'CONSENTED' | 'REFUSED', day: string): PlayedStep => ['answerRedistribution', who, { answer: result, effectiveOn: day }, day];

describe('redistribution to another Land (§ 51 AsylG): requested by the current Land, decided by the receiving Land', () => {
  // lodged 2026-07-02 (reformed procedure), allocated to the Dresden ABH the same day
  const living = playCase(allocated('2026-07-01', '2026-07-02'));

  it('records the request without moving the case, and from then on needs both Länder (and BAMF) for every write', () => {
    const requested = then(living, request('2026-08-03'));
    expect(requested.record).toMatchObject({
      responsible: 'ABHMSP',
      landCode: 'DE-SN',
      state: 'APPLICATION_LODGED',
      redistribution: { requestedBy: 'LDSMSP', receiving: 'LBYMSP', landCode: 'DE-BY', ground: 'FAMILY_UNITY', requestedOn: '2026-08-03' },
    });
    expect(requested.outcome.endorsementChanged).toBe(true);
    expect(requested.outcome.event.targets).toEqual(['ABHMSP', 'BAMFMSP', 'LBYMSP']);
    expect(caseCoEndorsers(requested.record)).toEqual(['LDSMSP', 'LBYMSP']);
    const policy = caseEndorsementPolicy(DIRECTORY, 'ABHMSP', ['LDSMSP', 'LBYMSP']);
    expect(policy).toEqual({ outOf: 4, of: [{ signedBy: 'ABHMSP' }, { signedBy: 'LDSMSP' }, { signedBy: 'LBYMSP' }, { signedBy: 'BAMFMSP' }] });
    expect(satisfiesPolicy(policy, ['ABHMSP', 'BAMFMSP', 'LDSMSP'])).toBe(false);
    expect(satisfiesPolicy(policy, ['ABHMSP', 'BAMFMSP', 'LBYMSP'])).toBe(false);
    expect(satisfiesPolicy(policy, ['ABHMSP', 'BAMFMSP', 'LBYMSP', 'LDSMSP'])).toBe(true);
  });

  it('moves responsible and landCode to the receiving Land on its consent; only then is the policy that Land AND BAMF', () => {
    const consented = then(living, request('2026-08-03'), answer(bavaria.distribution, 'CONSENTED', '2026-08-10'));
    expect(consented.record).toMatchObject({
      responsible: 'LBYMSP',
      landCode: 'DE-BY',
      placement: 'NONE',
      redistribution: null,
      effectiveOn: '2026-08-10',
      state: 'APPLICATION_LODGED',
    });
    expect(consented.outcome.endorsementChanged).toBe(true);
    expect(consented.outcome.event.targets).toEqual(['ABHMSP', 'BAMFMSP', 'LDSMSP']);
    expect(caseCoEndorsers(consented.record)).toEqual([]);
    expect(caseEndorsementPolicy(DIRECTORY, 'LBYMSP')).toEqual({ outOf: 2, of: [{ signedBy: 'LBYMSP' }, { signedBy: 'BAMFMSP' }] });
    // Saxony's authorities no longer act on the case; Bavaria's do
    expect(refusal(consented.record, ['transferResponsibility', abh, { responsible: 'LDSMSP', effectiveOn: '2026-08-11' }, '2026-08-11'])).toMatchObject({
      code: 'FORBIDDEN_ORG',
    });
    expect(refusal(consented.record, request('2026-08-11', { landCode: 'DE-SN', receiving: 'LDSMSP' }))).toMatchObject({ code: 'FORBIDDEN_ORG' });
  });

  it('keeps the case in its Land on refusal, and the policy returns to the responsible org AND BAMF', () => {
    const refused = then(living, request('2026-08-03'), answer(bavaria.distribution, 'REFUSED', '2026-08-12'));
    expect(refused.record).toMatchObject({ responsible: 'ABHMSP', landCode: 'DE-SN', placement: 'MUNICIPALITY', redistribution: null, effectiveOn: '2026-08-12' });
    expect(refused.outcome.endorsementChanged).toBe(true);
    expect(caseCoEndorsers(refused.record)).toEqual([]);
  });

  it('lets only the receiving Land answer, not before the request, and only a pending request', () => {
    const requested = then(living, request('2026-08-03'));
    expect(refusal(requested.record, answer(lds.distribution, 'CONSENTED', '2026-08-10'))).toMatchObject({
      code: 'FORBIDDEN_ORG',
      details: { mspId: 'LDSMSP', receivingLand: 'DE-BY' },
    });
    expect(refusal(requested.record, answer(bavaria.zab, 'CONSENTED', '2026-08-10'))).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    expect(refusal(requested.record, answer(bavaria.distribution, 'CONSENTED', '2026-08-02'))).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: 'answerRedistribution: the redistribution was requested on 2026-08-03',
    });
    expect(refusal(living.record, answer(bavaria.distribution, 'CONSENTED', '2026-08-10'))).toMatchObject({ code: 'FORBIDDEN_ORG', details: { receivingLand: null } });
    expect(refusal(requested.record, request('2026-08-04'))).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: 'requestRedistribution: a redistribution request to DE-BY is pending already (2026-08-03)',
    });
  });

  it('can still be refused, not consented to, after the person left while it was pending', () => {
    const left = caseIn('LEFT', {
      outcomeClass: 'REJECTED',
      responsible: 'ABHMSP',
      placement: 'MUNICIPALITY',
      departureMode: 'VOLUNTARY',
      redistribution: { requestedBy: 'LDSMSP', receiving: 'LBYMSP', landCode: 'DE-BY', ground: 'HUMANITARIAN', requestedOn: '2026-11-02' },
    });
    expect(refusal(left, answer(bavaria.distribution, 'CONSENTED', '2026-11-20'))).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: 'answerRedistribution: the case is LEFT: the request can only be refused',
    });
    const refused = step(left, answer(bavaria.distribution, 'REFUSED', '2026-11-20'));
    expect(refused.record).toMatchObject({ state: 'LEFT', responsible: 'ABHMSP', landCode: 'DE-SN', redistribution: null });
    expect(refused.endorsementChanged).toBe(true);
  });

  it('is requested only by the current Land, for another Land and its LAND authority, on a closed ground', () => {
    expect(refusal(living.record, ['requestRedistribution', bavaria.distribution, { landCode: 'DE-BY', receiving: 'LBYMSP', ground: 'FAMILY_UNITY', effectiveOn: '2026-08-03' }, '2026-08-03'])).toMatchObject({
      code: 'FORBIDDEN_ORG',
    });
    expect(refusal(living.record, ['requestRedistribution', abh, { landCode: 'DE-BY', receiving: 'LBYMSP', ground: 'FAMILY_UNITY', effectiveOn: '2026-08-03' }, '2026-08-03'])).toMatchObject({
      code: 'FORBIDDEN_ROLE',
    });
    expect(refusal(living.record, request('2026-08-03', { landCode: 'DE-SN', receiving: 'LDSMSP' }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'landCode' } });
    expect(refusal(living.record, request('2026-08-03', { landCode: 'DE-HH' }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'receiving' } });
    expect(refusal(living.record, request('2026-08-03', { receiving: 'ABHMSP' }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'receiving' } });
    expect(refusal(living.record, request('2026-08-03', { ground: 'wife lives in Munich' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refusal(living.record, request('2026-08-03', { note: 'x' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    const [type, who, fields] = request('2026-12-01');
    expect(refusal(living.record, [type, who, fields, '2026-08-03'])).toMatchObject({ code: 'DATE_IN_FUTURE' });
    expect(then(living, request('2026-08-03', { ground: 'HUMANITARIAN' })).record.redistribution).toMatchObject({ ground: 'HUMANITARIAN' });
  });

  it('is not open to a person obliged to live in a reception centre (§ 51 (1))', () => {
    const inCentre = playCase(inReception('2026-07-01', '2026-07-02'));
    expect(refusal(inCentre.record, request('2026-08-03'))).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: 'requestRedistribution: the person is obliged to live in a reception centre; § 51 (1) AsylG redistributes only a person not (or no longer) obliged to',
    });
  });

  it('exists alike under the old AsylG (§ 51 is unchanged): a case lodged on 2026-05-06 is redistributed the same way', () => {
    const legacy = playCase(allocated('2026-05-04', '2026-05-06'));
    expect(legacy.record.procedureRegime).toBe('LEGACY');
    const consented = then(legacy, request('2026-06-15'), answer(bavaria.distribution, 'CONSENTED', '2026-06-22'));
    expect(consented.record).toMatchObject({ responsible: 'LBYMSP', landCode: 'DE-BY', redistribution: null });
  });

  it('cannot be corrected: a wrong request is answered, or requested anew', () => {
    const requested = then(living, request('2026-08-03'));
    const corrected = refusal(requested.record, [
      'correctEvent',
      lds.distribution,
      { correctsTxId: requested.history.at(-1)!.txId, reasonCode: 'DATA_ENTRY_ERROR', corrected: { effectiveOn: '2026-08-04' } },
      '2026-08-05',
    ], requested.history);
    expect(corrected).toMatchObject({ code: 'CORRECTION_NOT_ALLOWED', details: { reason: 'NOT_CORRECTABLE' } });
  });
});

describe("release and allocation after a court's suspension (§ 50 (1) S. 1 Nr. 2 AsylG)", () => {
  /** A transfer decision (another state accepted), served, an urgent application, and the court orders the suspensive effect. */
  function suspendedTransfer(registeredOn: string, lodgedOn: string, acceptedOn: string, servedOn: string, appliedOn: string, orderedOn: string): PlayedCase {
    return playCase([
      ...inReception(registeredOn, lodgedOn),
      ['startResponsibilityCheck', bamf.dublin, { effectiveOn: lodgedOn }, lodgedOn],
      ['concludeResponsibilityCheck', bamf.dublin, { dublin: 'ACCEPTED', effectiveOn: acceptedOn }, acceptedOn],
      ['recordService', bamf.caseworker, { servedOn }, servedOn],
      ['recordUrgentApplication', bamf.litigation, { effectiveOn: appliedOn }, appliedOn],
      ['recordCourtOutcome', bamf.litigation, { result: 'SUSPENSIVE_EFFECT_ORDERED', effectiveOn: orderedOn }, orderedOn],
    ]);
  }
  const allocate = (day: string, fields: Record<string, unknown> = {}): PlayedStep => [
    'allocateToMunicipality',
    lds.distribution,
    { responsible: 'ABHMSP', effectiveOn: day, ...fields },
    day,
  ];

  it('reformed procedure (lodged 2026-07-20): no release for the order after a transfer decision', () => {
    const suspended = suspendedTransfer('2026-07-10', '2026-07-20', '2026-09-15', '2026-09-16', '2026-09-18', '2026-10-02');
    expect(suspended.record).toMatchObject({ procedureRegime: 'GEAS', state: 'UNDER_APPEAL', placement: 'RECEPTION_FACILITY', outcomeClass: 'TRANSFER', dublin: 'ACCEPTED' });
    const expected = {
      code: 'INVALID_TRANSITION',
      message:
        "allocateToMunicipality: the court's order of suspensive effect (2026-10-02) does not lead to release from the reception centre after a transfer decision (§ 50 (1) S. 1 Nr. 2 AsylG (transfer decision)); name releaseGround NOT_OBLIGED_TO_RESIDE where the obligation to reside ended for another reason (§ 50 (1) S. 2)",
    };
    expect(refusal(suspended.record, allocate('2026-10-05'))).toMatchObject(expected);
    expect(refusal(suspended.record, allocate('2026-10-05', { releaseGround: 'SUSPENSIVE_EFFECT_ORDERED' }))).toMatchObject(expected);
    // released for another reason (§ 50 (1) S. 2), e.g. the longest stay of § 47 ran out
    expect(then(suspended, allocate('2026-10-05', { releaseGround: 'NOT_OBLIGED_TO_RESIDE' })).record).toMatchObject({
      placement: 'MUNICIPALITY',
      responsible: 'ABHMSP',
    });
  });

  it('old AsylG (lodged 2026-05-06): no release either, the old text excepted inadmissibility under § 29 (1) Nr. 1 a.F.', () => {
    const suspended = suspendedTransfer('2026-05-04', '2026-05-06', '2026-09-15', '2026-09-16', '2026-09-18', '2026-10-02');
    expect(suspended.record).toMatchObject({ procedureRegime: 'LEGACY', state: 'UNDER_APPEAL', placement: 'RECEPTION_FACILITY' });
    expect(refusal(suspended.record, allocate('2026-10-05'))).toMatchObject({
      code: 'INVALID_TRANSITION',
      message:
        "allocateToMunicipality: the court's order of suspensive effect (2026-10-02) does not lead to release from the reception centre after a transfer decision (§ 50 (1) S. 1 Nr. 2 AsylG a.F. (inadmissible under § 29 (1) Nr. 1)); name releaseGround NOT_OBLIGED_TO_RESIDE where the obligation to reside ended for another reason (§ 50 (1) S. 2)",
    });
  });

  it('releases after the order where there is no transfer decision (a manifestly unfounded rejection), in both regimes', () => {
    const suspendedRejection = (registeredOn: string, lodgedOn: string, decision: Record<string, unknown>): PlayedCase =>
      playCase([
        ...inReception(registeredOn, lodgedOn),
        ['recordDecision', bamf.caseworker, { outcomeClass: 'REJECTED_MANIFESTLY_UNFOUNDED', effectiveOn: '2026-09-15', ...decision }, '2026-09-15'],
        ['recordService', bamf.caseworker, { servedOn: '2026-09-16' }, '2026-09-16'],
        ['recordUrgentApplication', bamf.litigation, { effectiveOn: '2026-09-18' }, '2026-09-18'],
        ['recordCourtOutcome', bamf.litigation, { result: 'SUSPENSIVE_EFFECT_ORDERED', effectiveOn: '2026-10-02' }, '2026-10-02'],
      ]);
    const geas = suspendedRejection('2026-07-10', '2026-07-20', { track: 'ACCELERATED' });
    const legacy = suspendedRejection('2026-05-04', '2026-05-06', {});
    expect([geas.record.procedureRegime, legacy.record.procedureRegime]).toEqual(['GEAS', 'LEGACY']);
    for (const suspended of [geas, legacy]) {
      expect(then(suspended, allocate('2026-10-05', { releaseGround: 'SUSPENSIVE_EFFECT_ORDERED' })).record).toMatchObject({
        placement: 'MUNICIPALITY',
        responsible: 'ABHMSP',
        effectiveOn: '2026-10-05',
      });
      expect(then(suspended, allocate('2026-10-05')).record).toMatchObject({ placement: 'MUNICIPALITY' });
    }
  });

  it('refuses the ground SUSPENSIVE_EFFECT_ORDERED where no order is recorded, and allocates without a ground as before', () => {
    const lodged = playCase(inReception('2026-07-10', '2026-07-20'));
    expect(refusal(lodged.record, allocate('2026-07-21', { releaseGround: 'SUSPENSIVE_EFFECT_ORDERED' }))).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: 'allocateToMunicipality: no order of suspensive effect is recorded',
    });
    expect(then(lodged, allocate('2026-07-21')).record).toMatchObject({ placement: 'MUNICIPALITY' });
  });
});

describe('service and toleration by the Land ZAB for residents of reception centres', () => {
  const inCentre = (): PlayedCase =>
    playCase([
      ...inReception('2026-07-10', '2026-07-20'),
      ['recordDecision', bamf.caseworker, { outcomeClass: 'REJECTED', track: 'REGULAR', effectiveOn: '2026-09-15' }, '2026-09-15'],
    ]);
  const serve = (who: Actor, day: string): PlayedStep => ['recordService', who, { servedOn: day }, day];

  it('serves on a resident of the reception centre (§ 10 (4), § 31 (1) AsylG): the suit period runs from then', () => {
    const served = then(inCentre(), serve(lds.zab, '2026-09-17'));
    // two weeks from Thursday 2026-09-17: Thursday 2026-10-01
    expect(served.record).toMatchObject({ state: 'SERVED', servedOn: '2026-09-17', dueBy: '2026-10-01' });
  });

  it('does not serve on a person allocated to a municipality: that is the ABH', () => {
    const allocatedCase = then(inCentre(), ['allocateToMunicipality', lds.distribution, { responsible: 'ABHMSP', effectiveOn: '2026-09-16' }, '2026-09-16']);
    expect(refusal(allocatedCase.record, serve(lds.zab, '2026-09-17'))).toMatchObject({
      code: 'FORBIDDEN_ORG',
      message: "LAND_ZAB records service only for a resident of a reception centre; the case's placement is MUNICIPALITY",
      details: { mspId: 'LDSMSP', placement: 'MUNICIPALITY' },
    });
    expect(then(allocatedCase, serve(abh, '2026-09-17')).record).toMatchObject({ state: 'SERVED', servedOn: '2026-09-17' });
  });

  it("is only the case Land's ZAB", () => {
    expect(refusal(inCentre().record, serve(bavaria.zab, '2026-09-17'))).toMatchObject({ code: 'FORBIDDEN_ORG', details: { landCode: 'DE-SN' } });
  });

  it('grants a toleration to a resident of the reception centre, and not to one allocated to a municipality', () => {
    const obliged = caseIn('DEPARTURE_REQUIRED', { outcomeClass: 'REJECTED', placement: 'RECEPTION_FACILITY', responsible: 'LDSMSP' });
    const tolerated = step(obliged, ['recordToleration', lds.zab, { effectiveOn: '2026-11-20', dueBy: '2027-02-20' }, '2026-11-20']);
    expect(tolerated.record).toMatchObject({ state: 'TOLERATED', holds: ['REMOVAL_SUSPENDED_DULDUNG'], dueBy: '2027-02-20' });
    const outside = caseIn('DEPARTURE_REQUIRED', { outcomeClass: 'REJECTED', placement: 'MUNICIPALITY', responsible: 'ABHMSP' });
    expect(refusal(outside, ['recordToleration', lds.zab, { effectiveOn: '2026-11-20' }, '2026-11-20'])).toMatchObject({
      code: 'FORBIDDEN_ORG',
      message: "LAND_ZAB records a toleration only for a resident of a reception centre; the case's placement is MUNICIPALITY",
    });
    expect(refusal(obliged, ['recordToleration', bavaria.zab, { effectiveOn: '2026-11-20' }, '2026-11-20'])).toMatchObject({ code: 'FORBIDDEN_ORG' });
    expect(step(outside, ['recordToleration', abh, { effectiveOn: '2026-11-20' }, '2026-11-20']).record.state).toBe('TOLERATED');
  });
});

describe("urgent applications against a Land's or ABH's measure (§ 123 VwGO), recorded by the authority that learns of it", () => {
  const obliged = caseIn('DEPARTURE_REQUIRED', { outcomeClass: 'REJECTED', placement: 'MUNICIPALITY', responsible: 'ABHMSP', servedOn: '2026-10-01' });
  const urgent = (who: Actor, day: string, fields: Record<string, unknown> = {}): PlayedStep => ['recordUrgentApplication', who, { effectiveOn: day, ...fields }, day];

  it("sets the removal hold when the ABH records one against its own removal; BAMF's decision and its periods are untouched", () => {
    const applied = step(obliged, urgent(abh, '2026-11-20', { against: 'LAND_MEASURE' }));
    expect(applied.record).toMatchObject({ state: 'DEPARTURE_REQUIRED', holds: ['REMOVAL_SUSPENDED_URGENT_APPLICATION'], effectiveOn: '2026-11-20' });
    expect(applied.record.dates.urgentApplicationOn).toBeNull();
    expect(applied.event.targets).toEqual(['BAMFMSP', 'LDSMSP']);
    expect(refusal(applied.record, ['recordDeparture', abh, { mode: 'REMOVAL', effectiveOn: '2026-11-21' }, '2026-11-21'])).toMatchObject({ code: 'REMOVAL_HOLD_ACTIVE' });
  });

  it('lets the ZAB record one for a case of its Land, not for one of another Land', () => {
    const inCentre = caseIn('DEPARTURE_REQUIRED', { outcomeClass: 'REJECTED', placement: 'RECEPTION_FACILITY', responsible: 'LDSMSP', servedOn: '2026-10-01' });
    expect(step(inCentre, urgent(lds.zab, '2026-11-20', { against: 'LAND_MEASURE' })).record.holds).toEqual(['REMOVAL_SUSPENDED_URGENT_APPLICATION']);
    expect(refusal(inCentre, urgent(bavaria.zab, '2026-11-20', { against: 'LAND_MEASURE' }))).toMatchObject({ code: 'FORBIDDEN_ORG' });
  });

  it("leaves one against BAMF's decision to BAMF's litigation unit", () => {
    for (const fields of [{}, { against: 'BAMF_DECISION' }]) {
      expect(refusal(obliged, urgent(abh, '2026-11-20', fields))).toMatchObject({
        code: 'FORBIDDEN_ROLE',
        details: { role: 'ABH', against: 'BAMF_DECISION' },
      });
    }
    const served = caseIn('SERVED', { outcomeClass: 'REJECTED_MANIFESTLY_UNFOUNDED', procedureTrack: 'ACCELERATED', responsible: 'ABHMSP', servedOn: '2026-11-16' });
    const byBamf = step(served, urgent(bamf.litigation, '2026-11-18'));
    expect(byBamf.record).toMatchObject({ state: 'UNDER_APPEAL', holds: ['REMOVAL_SUSPENDED_URGENT_APPLICATION'] });
    expect(byBamf.record.dates.urgentApplicationOn).toBe('2026-11-18');
    // against the Land's measure, a served case stays SERVED: the remedy against BAMF's decision is not touched
    expect(step(served, urgent(bamf.litigation, '2026-11-18', { against: 'LAND_MEASURE' })).record).toMatchObject({ state: 'SERVED', holds: ['REMOVAL_SUSPENDED_URGENT_APPLICATION'] });
  });

  it('does not let an ABH that is not responsible record one', () => {
    const ofTheLand = caseIn('DEPARTURE_REQUIRED', { outcomeClass: 'REJECTED', placement: 'RECEPTION_FACILITY', responsible: 'LDSMSP', servedOn: '2026-10-01' });
    expect(refusal(ofTheLand, urgent(abh, '2026-11-20', { against: 'LAND_MEASURE' }))).toMatchObject({ code: 'FORBIDDEN_ORG' });
  });
});
