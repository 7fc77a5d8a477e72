import { CaseEvent, type CaseRecord, PRIVATE_FIELD_NAMES, type PrivateFieldName } from '@asylum-ledger/domain';
import { codeOf, ContractHarness, type Outcome } from './test-support/contract-harness';

const CASE = '00112233445566778899aabbccddeeff';
let counter = 0;
/** A fresh request id per call. */
function rid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}
const on = { effectiveOn: '2026-09-01' };
/** Served Sunday 2026-11-01: the two weeks to sue end with Monday 2026-11-16, so the decision is final from 2026-11-17. */
const finalOn = { effectiveOn: '2026-11-17' };
const SALT = '5a17'.repeat(8);
/** The key of one private field of CASE in its Land's collection (a composite key: case~private, caseRef, field). */
const privateFieldKey = (field: PrivateFieldName): string => `\u0000case~private\u0000${CASE}\u0000${field}\u0000`;

type Step = [msp: string, role: string, fn: string, fields: Record<string, unknown>, transient?: Record<string, string>];

const toArrival: Step[] = [
  ['LDSMSP', 'LAND_RECEPTION', 'registerCase', { procedureKind: 'ERSTANTRAG', ...on }],
  ['BAMFMSP', 'BAMF_REGISTRATION', 'recordDistribution', { landCode: 'DE-SN', ...on }],
  ['LDSMSP', 'LAND_RECEPTION', 'confirmArrival', on, { private: JSON.stringify({ responsibleUnit: 'AE-01', salt: SALT }) }],
];

const toDecision: Step[] = [
  ...toArrival,
  ['BAMFMSP', 'BAMF_CASEWORKER', 'lodgeApplication', on],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'scheduleHearing', { dueBy: '2026-12-01' }],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'recordHearingHeld', on],
  ['LDSMSP', 'LAND_DISTRIBUTION', 'allocateToMunicipality', { ...on, responsible: 'ABHMSP' }, { private: JSON.stringify({ municipalityCode: '14612000', salt: SALT }) }],
];

type Ok = Extract<Outcome, { ok: true }>;

async function play(harness: ContractHarness, steps: Step[], caseRef = CASE): Promise<Ok[]> {
  const outcomes: Ok[] = [];
  for (const [msp, role, fn, fields, transient] of steps) {
    const outcome = await harness.submit(msp, role, fn, { caseRef, requestId: rid(), ...fields }, transient);
    if (!outcome.ok) throw new Error(`${fn} failed: ${outcome.error.code} ${outcome.error.message}`);
    outcomes.push(outcome);
  }
  return outcomes;
}

async function getCase(harness: ContractHarness, caseRef = CASE): Promise<CaseRecord> {
  const outcome = await harness.evaluate('BAMFMSP', 'AUDITOR', 'getCase', { caseRef });
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value as unknown as CaseRecord;
}

function snapshot(harness: ContractHarness): string {
  return JSON.stringify(harness.ledger.store.getStateRange('', ''));
}

describe('the case contract on the simulator', () => {
  let harness: ContractHarness;
  afterEach(async () => {
    await harness.close();
  });

  beforeEach(async () => {
    harness = await ContractHarness.create();
    await harness.bootstrap();
  });

  it('runs the positive process to TITLE_ISSUED with one CaseEvent per transaction', async () => {
    const outcomes = await play(harness, [
      ...toDecision,
      ['BAMFMSP', 'BAMF_CASEWORKER', 'recordDecision', { ...on, track: 'REGULAR', outcomeClass: 'PROTECTION' }, { private: JSON.stringify({ protectionType: 'PAR3', salt: SALT }) }],
      ['ABHMSP', 'ABH', 'recordService', { servedOn: '2026-11-01' }],
      ['BAMFMSP', 'BAMF_CASEWORKER', 'markFinal', finalOn],
      ['ABHMSP', 'ABH', 'recordTitleIssued', { effectiveOn: '2026-11-18' }, { private: JSON.stringify({ titleType: 'AE_25_2_1', salt: SALT }) }],
    ]);
    expect(outcomes.at(-1)!.value).toMatchObject({ caseRef: CASE, state: 'TITLE_ISSUED', seq: 11 });
    const events = harness.events().filter((event) => event.eventName === 'CaseEvent');
    expect(events).toHaveLength(11);
    const parsed = events.map((event) => CaseEvent.parse(JSON.parse(Buffer.from(event.payload).toString('utf8'))));
    expect(parsed.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(parsed.at(-1)).toMatchObject({ type: 'recordTitleIssued', from: 'FINAL', to: 'TITLE_ISSUED', targets: ['BAMFMSP', 'LDSMSP'] });
    expect(parsed.every((event, index) => event.txId === outcomes[index]!.txId)).toBe(true);

    const privateFields = await harness.evaluate('ABHMSP', 'ABH', 'getPrivateFields', { caseRef: CASE });
    expect(privateFields).toMatchObject({
      ok: true,
      value: { caseRef: CASE, protectionType: 'PAR3', titleType: 'AE_25_2_1', municipalityCode: '14612000', responsibleUnit: 'AE-01' },
    });
    expect(codeOf(await harness.evaluate('BAMFMSP', 'AUDITOR', 'getPrivateFields', { caseRef: CASE }))).toBe('FORBIDDEN_READ');
  });

  it("names the endorsers of the next private write from the case key's policy, members of the Land's collection before the ABH's peer", async () => {
    await play(harness, toArrival);
    // the Landesdirektion is responsible: it and BAMF, whoever asks
    for (const [msp, role] of [['LDSMSP', 'LAND_RECEPTION'], ['BAMFMSP', 'BAMF_CASEWORKER'], ['ABHMSP', 'ABH']] as const) {
      const answer = await harness.evaluate(msp, role, 'getPrivateWriteEndorsers', { caseRef: CASE });
      expect({ msp, answer }).toMatchObject({ msp, answer: { ok: true, value: { caseRef: CASE, endorsers: expect.arrayContaining(['LDSMSP', 'BAMFMSP']) } } });
      expect(answer.ok && (answer.value.endorsers as string[]).length).toBe(2);
    }
    await play(harness, toDecision.slice(toArrival.length));
    // allocated: the ABH is responsible, so its peer must endorse, member or not
    const allocated = await harness.evaluate('BAMFMSP', 'BAMF_CASEWORKER', 'getPrivateWriteEndorsers', { caseRef: CASE });
    expect(allocated.ok && [...(allocated.value.endorsers as string[])].sort()).toEqual(['ABHMSP', 'BAMFMSP']);
    expect(codeOf(await harness.evaluate('BAMFMSP', 'BAMF_CASEWORKER', 'getPrivateWriteEndorsers', { caseRef: 'ff'.repeat(16) }))).toBe('CASE_NOT_FOUND');
  });

  it('keeps the private fields out of world state and events', async () => {
    await play(harness, [...toDecision, ['BAMFMSP', 'BAMF_CASEWORKER', 'recordDecision', { ...on, track: 'REGULAR', outcomeClass: 'PROTECTION' }, { private: JSON.stringify({ protectionType: 'PAR60', salt: SALT }) }]]);
    const publicBytes = snapshot(harness) + JSON.stringify(harness.events().map((event) => Buffer.from(event.payload).toString('utf8')));
    expect(publicBytes).not.toContain('PAR60');
    expect(publicBytes).not.toContain('14612000');
    expect(JSON.parse(harness.ledger.store.getPrivateData('land-DE-SN', privateFieldKey('protectionType'))!.value.toString())).toEqual({ caseRef: CASE, protectionType: 'PAR60', salt: SALT });
  });

  it('refuses a removal while an urgent application is pending, on the ledger too', async () => {
    await play(harness, [
      ...toDecision,
      ['BAMFMSP', 'BAMF_CASEWORKER', 'recordDecision', { ...on, track: 'REGULAR', outcomeClass: 'REJECTED' }],
      ['BAMFMSP', 'BAMF_CASEWORKER', 'recordService', { servedOn: '2026-11-20' }],
      ['BAMFMSP', 'BAMF_LITIGATION', 'recordUrgentApplication', on],
    ]);
    const before = snapshot(harness);
    const removal = await harness.submit('LDSMSP', 'LAND_ZAB', 'recordDeparture', { caseRef: CASE, requestId: rid(), ...on, mode: 'REMOVAL' });
    expect(removal).toMatchObject({ ok: false, error: { code: 'REMOVAL_HOLD_ACTIVE', details: { holds: ['REMOVAL_SUSPENDED_URGENT_APPLICATION'] } } });
    expect(snapshot(harness)).toBe(before);
  });

  it('runs the negative process to LEFT and CLOSED, then erases after every attestation', async () => {
    await play(harness, [
      ...toDecision,
      ['BAMFMSP', 'BAMF_CASEWORKER', 'recordDecision', { ...on, track: 'REGULAR', outcomeClass: 'REJECTED' }],
      ['BAMFMSP', 'BAMF_CASEWORKER', 'recordService', { servedOn: '2026-11-01' }],
      ['BAMFMSP', 'BAMF_CASEWORKER', 'markFinal', finalOn],
      // the statutory 30 days to leave end on 2026-12-16; the Ausländerbehörde grants until 2026-12-20
      ['ABHMSP', 'ABH', 'declareDepartureRequired', { effectiveOn: '2026-11-18', dueBy: '2026-12-20' }],
      ['LDSMSP', 'LAND_ZAB', 'recordDeparture', { effectiveOn: '2026-11-20', mode: 'VOLUNTARY' }],
      ['ABHMSP', 'ABH', 'closeCase', { effectiveOn: '2026-11-21' }],
    ]);
    expect(await getCase(harness)).toMatchObject({ state: 'CLOSED', departureMode: 'VOLUNTARY', retainUntil: '2036-11-17' });

    const early = await harness.submit('BAMFMSP', 'ADMIN', 'eraseCase', { caseRef: CASE, requestId: rid(), ground: 'GOVERNANCE_DECISION' });
    expect(early).toMatchObject({ ok: false, error: { code: 'ERASURE_NOT_ALLOWED', details: { missing: ['ABHMSP', 'BAMFMSP', 'LDSMSP'] } } });
    for (const msp of ['ABHMSP', 'BAMFMSP', 'LDSMSP']) {
      await play(harness, [[msp, 'ADMIN', 'attestMappingDeleted', {}]]);
    }
    expect(harness.ledger.store.getPrivateData('land-DE-SN', privateFieldKey('responsibleUnit'))?.value).toBeDefined();
    await play(harness, [['BAMFMSP', 'ADMIN', 'eraseCase', { ground: 'GOVERNANCE_DECISION' }]]);
    expect(await getCase(harness)).toMatchObject({ state: 'ERASED', outcomeClass: null, docRef: null, erasureAttestations: ['ABHMSP', 'BAMFMSP', 'LDSMSP'] });
    for (const field of PRIVATE_FIELD_NAMES) {
      expect(harness.ledger.store.getPrivateData('land-DE-SN', privateFieldKey(field))?.value).toBeUndefined();
      expect(harness.ledger.store.getPrivateHistory('land-DE-SN', privateFieldKey(field))).toEqual([]);
    }
  });

  it('rejects a replayed request id as DUPLICATE_REQUEST naming the original txId, and writes nothing', async () => {
    const [registered] = await play(harness, toArrival.slice(0, 1));
    const first = registered!.txId;
    const requestId = rid();
    const distribution = { caseRef: CASE, requestId, landCode: 'DE-SN', ...on };
    const done = await harness.submit('BAMFMSP', 'BAMF_REGISTRATION', 'recordDistribution', distribution);
    expect(done.ok).toBe(true);
    const before = snapshot(harness);
    const replay = await harness.submit('BAMFMSP', 'BAMF_REGISTRATION', 'recordDistribution', distribution);
    expect(replay).toMatchObject({ ok: false, error: { code: 'DUPLICATE_REQUEST', details: { originalTxId: done.ok ? done.txId : '' } } });
    expect(snapshot(harness)).toBe(before);
    expect(first).not.toBe('');
  });

  it('answers which transaction used a request id on a case (getRequest), to known authorities only', async () => {
    const [registered] = await play(harness, toArrival.slice(0, 1));
    const requestId = rid();
    const unused = await harness.evaluate('ABHMSP', 'ABH', 'getRequest', { caseRef: CASE, requestId });
    expect(unused).toMatchObject({ ok: true, value: { caseRef: CASE, requestId, txId: null } });
    const done = await harness.submit('BAMFMSP', 'BAMF_REGISTRATION', 'recordDistribution', { caseRef: CASE, requestId, landCode: 'DE-SN', ...on });
    const used = await harness.evaluate('ABHMSP', 'AUDITOR', 'getRequest', { caseRef: CASE, requestId });
    expect(used).toMatchObject({ ok: true, value: { caseRef: CASE, requestId, txId: done.ok ? done.txId : 'missing' } });
    expect(used.ok && used.value.txId).not.toBe(registered!.txId);
    expect(codeOf(await harness.evaluate('ABHMSP', 'ABH', 'getRequest', { caseRef: 'd'.repeat(32), requestId }))).toBe('CASE_NOT_FOUND');
    expect(codeOf(await harness.evaluate('EVILMSP', 'AUDITOR', 'getRequest', { caseRef: CASE, requestId }))).toBe('FORBIDDEN_ORG');
    expect(codeOf(await harness.evaluate('ABHMSP', 'ABH', 'getRequest', { caseRef: CASE, requestId, txId: 'x' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(await harness.evaluate('ABHMSP', 'ABH', 'getRequest', { caseRef: CASE, requestId: 'NOT-A-UUID' }))).toBe('VALIDATION_FAILED');
  });

  it('reports a stale expectedSeq as VERSION_CONFLICT', async () => {
    await play(harness, toArrival.slice(0, 2));
    const stale = await harness.submit('LDSMSP', 'LAND_RECEPTION', 'confirmArrival', { caseRef: CASE, requestId: rid(), ...on, expectedSeq: 1 });
    expect(stale).toMatchObject({ ok: false, error: { code: 'VERSION_CONFLICT', details: { seq: 2, expectedSeq: 1 } } });
    const fresh = await harness.submit('LDSMSP', 'LAND_RECEPTION', 'confirmArrival', { caseRef: CASE, requestId: rid(), ...on, expectedSeq: 2 });
    expect(fresh.ok).toBe(true);
  });

  it('invalidates the second of two concurrent transitions on one case (MVCC)', async () => {
    await play(harness, toArrival.slice(0, 2));
    const first = await harness.simulate('LDSMSP', 'LAND_RECEPTION', 'confirmArrival', { caseRef: CASE, requestId: rid(), ...on });
    const second = await harness.simulate('LDSMSP', 'LAND_ZAB', 'transferResponsibility', { caseRef: CASE, requestId: rid(), ...on, responsible: 'ABHMSP' });
    expect((await first.commit()).validationCode).toBe('VALID');
    expect((await second.commit()).validationCode).toBe('MVCC_READ_CONFLICT');
    expect(await getCase(harness)).toMatchObject({ seq: 3, state: 'ARRIVED', responsible: 'LDSMSP' });
  });

  it.each([
    ['an unknown field', { procedureKind: 'ERSTANTRAG', ...on, name: 'Max Mustermann' }],
    ['a personal-data field', { procedureKind: 'ERSTANTRAG', ...on, birthDate: '1990-01-01' }],
    ['a wrong type', { procedureKind: 1, ...on }],
    ['an oversize value', { procedureKind: 'ERSTANTRAG', ...on, docRef: 'f'.repeat(5000) }],
  ])('rejects %s with VALIDATION_FAILED and writes nothing', async (_what, fields) => {
    const before = snapshot(harness);
    const outcome = await harness.submit('LDSMSP', 'LAND_RECEPTION', 'registerCase', { caseRef: CASE, requestId: rid(), ...fields });
    expect(codeOf(outcome)).toBe('VALIDATION_FAILED');
    expect(snapshot(harness)).toBe(before);
  });

  it('rejects input that is not JSON, and private data that is not JSON', async () => {
    expect(codeOf(await harness.submit('LDSMSP', 'LAND_RECEPTION', 'registerCase', '{not json'))).toBe('VALIDATION_FAILED');
    await play(harness, toArrival.slice(0, 2));
    const outcome = await harness.submit('LDSMSP', 'LAND_RECEPTION', 'confirmArrival', { caseRef: CASE, requestId: rid(), ...on }, { private: '{x' });
    expect(codeOf(outcome)).toBe('VALIDATION_FAILED');
  });

  it('checks the role attribute of the certificate and the org in the directory', async () => {
    await play(harness, toDecision.slice(0, 4));
    expect(codeOf(await harness.submit('ABHMSP', 'ABH', 'recordDecision', { caseRef: CASE, requestId: rid(), ...on, outcomeClass: 'PROTECTION' }))).toBe(
      'FORBIDDEN_ROLE',
    );
    const other = 'e'.repeat(32);
    expect(codeOf(await harness.submit('LDSMSP', 'BAMF_CASEWORKER', 'registerCase', { caseRef: other, requestId: rid(), procedureKind: 'ERSTANTRAG', ...on }))).toBe(
      'FORBIDDEN_ROLE',
    );
    expect(codeOf(await harness.submit('EVILMSP', 'ADMIN', 'registerCase', { caseRef: other, requestId: rid(), procedureKind: 'ERSTANTRAG', ...on }))).toBe(
      'FORBIDDEN_ORG',
    );
    expect(codeOf(await harness.evaluate('EVILMSP', 'AUDITOR', 'getCase', { caseRef: CASE }))).toBe('FORBIDDEN_ORG');
  });

  it('sets the key-level policy to the responsible org AND BAMF, and moves it with responsibility', async () => {
    await play(harness, toArrival.slice(0, 1), CASE);
    const registered = await harness.evaluate('BAMFMSP', 'AUDITOR', 'getEndorsementPolicy', { caseRef: CASE });
    expect(registered.ok && registered.value).toEqual({ outOf: 2, of: [{ signedBy: 'LDSMSP' }, { signedBy: 'BAMFMSP' }] });
    await play(harness, toArrival.slice(1));
    await play(harness, [['LDSMSP', 'LAND_DISTRIBUTION', 'allocateToMunicipality', { ...on, responsible: 'ABHMSP' }]]);
    const moved = await harness.evaluate('BAMFMSP', 'AUDITOR', 'getEndorsementPolicy', { caseRef: CASE });
    expect(moved.ok && moved.value).toEqual({ outOf: 2, of: [{ signedBy: 'ABHMSP' }, { signedBy: 'BAMFMSP' }] });
    const federal = '99'.repeat(16);
    await play(harness, [['BAMFMSP', 'BAMF_REGISTRATION', 'registerCase', { procedureKind: 'ERSTANTRAG', ...on }]], federal);
    const ofBamf = await harness.evaluate('BAMFMSP', 'AUDITOR', 'getEndorsementPolicy', { caseRef: federal });
    expect(ofBamf.ok && ofBamf.value).toEqual({ outOf: 2, of: [{ signedBy: 'BAMFMSP' }, { outOf: 1, of: [{ signedBy: 'ABHMSP' }, { signedBy: 'LDSMSP' }] }] });
  });

  it.each([
    ['a month ahead', '2026-12-25T10:00:00Z', 'TIMESTAMP_OUT_OF_RANGE'],
    ['six minutes behind', '2026-11-25T09:54:00Z', 'TIMESTAMP_OUT_OF_RANGE'],
    ['four minutes ahead', '2026-11-25T10:04:00Z', 'OK'],
  ])('refuses at endorsement a proposal dated %s of the peer clock, writing nothing (%s)', async (_when, at, expected) => {
    const before = snapshot(harness);
    const outcome = await harness.submit('LDSMSP', 'LAND_RECEPTION', 'registerCase', { caseRef: CASE, requestId: rid(), procedureKind: 'ERSTANTRAG', ...on }, undefined, new Date(at));
    expect(codeOf(outcome)).toBe(expected);
    if (expected !== 'OK') {
      expect(outcome).toMatchObject({ error: { details: { toleranceSeconds: 300 } } });
      expect(snapshot(harness)).toBe(before);
    }
    const governance = await harness.submit('BAMFMSP', 'ADMIN', 'directory:proposeAuthorityChange', { proposalId: rid(), authority: { mspId: 'LBYMSP', kind: 'LAND', landCode: 'DE-BY', active: true } }, undefined, new Date(at));
    expect(codeOf(governance)).toBe(expected);
  });

  it('retires an authority only after its cases are handed over, and the cases go on', async () => {
    await play(harness, toDecision);
    const retire = { proposalId: rid(), authority: { mspId: 'ABHMSP', kind: 'ABH', landCode: 'DE-SN', active: false } };
    expect(await harness.submit('BAMFMSP', 'ADMIN', 'directory:proposeAuthorityChange', retire)).toMatchObject({ ok: true });
    const refused = await harness.submit('LDSMSP', 'ADMIN', 'directory:approveAuthorityChange', { proposalId: retire.proposalId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RESPONSIBILITY_OPEN', details: { mspId: 'ABHMSP' } } });
    await play(harness, [['LDSMSP', 'LAND_DISTRIBUTION', 'transferResponsibility', { ...on, responsible: 'LDSMSP' }]]);
    const applied = await harness.submit('LDSMSP', 'ADMIN', 'directory:approveAuthorityChange', { proposalId: retire.proposalId });
    expect(applied).toMatchObject({ ok: true, value: { applied: true } });
    const [decision] = await play(harness, [['BAMFMSP', 'BAMF_CASEWORKER', 'recordDecision', { ...on, track: 'REGULAR', outcomeClass: 'PROTECTION' }]]);
    expect(decision!.value).toMatchObject({ state: 'DECIDED' });
    expect(await getCase(harness)).toMatchObject({ responsible: 'LDSMSP', state: 'DECIDED' });
  });

  it('lists cases by state and by responsible org, page by page', async () => {
    const refs = Array.from({ length: 5 }, (_, index) => `${index}`.repeat(32));
    for (const caseRef of refs) await play(harness, toArrival.slice(0, 1), caseRef);
    await play(harness, toArrival.slice(1, 2), refs[0]);
    const first = await harness.evaluate('BAMFMSP', 'BAMF_CASEWORKER', 'listCases', { state: 'REGISTERED', pageSize: 3 });
    expect(first.ok && (first.value.cases as CaseRecord[]).map((record) => record.caseRef)).toEqual(refs.slice(1, 4));
    const bookmark = first.ok ? (first.value.bookmark as string) : '';
    const second = await harness.evaluate('BAMFMSP', 'BAMF_CASEWORKER', 'listCases', { state: 'REGISTERED', pageSize: 3, bookmark });
    expect(second.ok && (second.value.cases as CaseRecord[]).map((record) => record.caseRef)).toEqual(refs.slice(4));
    const distributed = await harness.evaluate('ABHMSP', 'ABH', 'listCases', { state: 'DISTRIBUTED' });
    expect(distributed.ok && (distributed.value.cases as CaseRecord[]).map((record) => record.caseRef)).toEqual([refs[0]]);
    const byLds = await harness.evaluate('LDSMSP', 'LAND_ZAB', 'listCases', { responsible: 'LDSMSP', pageSize: 10 });
    expect(byLds.ok && (byLds.value.cases as CaseRecord[]).length).toBe(5);
  });

  it('answers an empty page as an empty list, and refuses a bookmark that is not one of the listing', async () => {
    for (const query of [{ state: 'TOLERATED' }, { responsible: 'NOSUCHMSP' }]) {
      expect(await harness.evaluate('BAMFMSP', 'BAMF_CASEWORKER', 'listCases', query)).toMatchObject({ ok: true, value: { cases: [], bookmark: '' } });
    }
    const refs = ['a1', 'a2', 'a3'].map((prefix) => prefix.repeat(16));
    for (const caseRef of refs) await play(harness, toArrival.slice(0, 1), caseRef);
    const first = await harness.evaluate('BAMFMSP', 'BAMF_CASEWORKER', 'listCases', { state: 'REGISTERED', pageSize: 2 });
    const bookmark = first.ok ? (first.value.bookmark as string) : '';
    expect(bookmark).toContain(refs[2]);
    for (const malformed of ['not-a-bookmark', '\u0000case\u0000']) {
      const refused = await harness.evaluate('BAMFMSP', 'BAMF_CASEWORKER', 'listCases', { state: 'REGISTERED', pageSize: 2, bookmark: malformed });
      expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: { issues: ['bookmark: invalid_format'] } } });
    }
    const ofAnotherListing = bookmark.replace('REGISTERED', 'ARRIVED');
    const refused = await harness.evaluate('BAMFMSP', 'BAMF_CASEWORKER', 'listCases', { state: 'REGISTERED', pageSize: 2, bookmark: ofAnotherListing });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: { field: 'bookmark' } } });
    const byResponsible = await harness.evaluate('BAMFMSP', 'BAMF_CASEWORKER', 'listCases', { responsible: 'LDSMSP', pageSize: 2, bookmark });
    expect(byResponsible).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('shows the history with org, role and correction links, to participants and auditors only', async () => {
    const outcomes = await play(harness, [
      ...toDecision.slice(0, 4),
      ['BAMFMSP', 'BAMF_CASEWORKER', 'recordDecision', { ...on, track: 'REGULAR', outcomeClass: 'PROTECTION' }],
    ]);
    const decisionTx = outcomes.at(-1)!.txId;
    const wrongOrg = await harness.submit('LDSMSP', 'LAND_ZAB', 'correctEvent', {
      caseRef: CASE,
      requestId: rid(),
      correctsTxId: decisionTx,
      reasonCode: 'DATA_ENTRY_ERROR',
      corrected: { outcomeClass: 'REJECTED' },
    });
    expect(codeOf(wrongOrg)).toBe('CORRECTION_NOT_ALLOWED');
    const unknownTx = await harness.submit('BAMFMSP', 'BAMF_CASEWORKER', 'correctEvent', {
      caseRef: CASE,
      requestId: rid(),
      correctsTxId: 'c'.repeat(64),
      reasonCode: 'DATA_ENTRY_ERROR',
      corrected: { outcomeClass: 'REJECTED' },
    });
    expect(codeOf(unknownTx)).toBe('CORRECTION_NOT_ALLOWED');
    const [correction] = await play(harness, [
      ['BAMFMSP', 'BAMF_CASEWORKER', 'correctEvent', { correctsTxId: decisionTx, reasonCode: 'DATA_ENTRY_ERROR', corrected: { outcomeClass: 'REJECTED' } }],
    ]);
    const history = await harness.evaluate('AUDMSP', 'AUDITOR', 'getHistory', { caseRef: CASE });
    expect(history.ok).toBe(true);
    const entries = (history.ok ? history.value.entries : []) as Record<string, unknown>[];
    expect(entries.map((entry) => entry.type)).toEqual([
      'registerCase',
      'recordDistribution',
      'confirmArrival',
      'lodgeApplication',
      'recordDecision',
      'correctEvent',
    ]);
    expect(entries[4]).toMatchObject({ txId: decisionTx, mspId: 'BAMFMSP', role: 'BAMF_CASEWORKER', correctedBy: [correction!.txId] });
    expect(entries[5]).toMatchObject({ correctsTxId: decisionTx, reasonCode: 'DATA_ENTRY_ERROR', seq: 6 });
    expect(entries[0]!.timestamp).toBe('2026-11-25T10:00:00.000Z');
    expect(await getCase(harness)).toMatchObject({ outcomeClass: 'REJECTED', correctsTxId: decisionTx });
    expect(codeOf(await harness.evaluate('BAMFMSP', 'ADMIN', 'getHistory', { caseRef: 'd'.repeat(32) }))).toBe('CASE_NOT_FOUND');
  });

  it('refuses history to an authority that never took part', async () => {
    await play(harness, toArrival.slice(0, 1));
    await harness.addBavaria();
    expect(codeOf(await harness.evaluate('LBYMSP', 'LAND_ZAB', 'getHistory', { caseRef: CASE }))).toBe('FORBIDDEN_READ');
  });

  it('uses the transaction timestamp for dates, never the clock', async () => {
    const onThe20th = { effectiveOn: '2026-11-20' };
    harness.setTime(new Date('2026-11-19T22:00:00Z'));
    const outcome = await harness.submit('LDSMSP', 'LAND_RECEPTION', 'registerCase', { caseRef: CASE, requestId: rid(), procedureKind: 'ERSTANTRAG', ...onThe20th });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'DATE_IN_FUTURE', details: { today: '2026-11-19' } } });
    harness.setTime(new Date('2026-11-19T23:00:00Z'));
    expect((await harness.submit('LDSMSP', 'LAND_RECEPTION', 'registerCase', { caseRef: CASE, requestId: rid(), procedureKind: 'ERSTANTRAG', ...onThe20th })).ok).toBe(true);
  });

  it('refuses unknown transactions with a code, and reports a missing case', async () => {
    expect(codeOf(await harness.submit('BAMFMSP', 'ADMIN', 'deleteEverything', {}))).toBe('UNKNOWN_TRANSACTION');
    expect(codeOf(await harness.submit('BAMFMSP', 'ADMIN', 'directory:dropAll', {}))).toBe('UNKNOWN_TRANSACTION');
    expect(codeOf(await harness.evaluate('BAMFMSP', 'AUDITOR', 'getCase', { caseRef: CASE }))).toBe('CASE_NOT_FOUND');
    expect(codeOf(await harness.submit('BAMFMSP', 'BAMF_CASEWORKER', 'lodgeApplication', { caseRef: CASE, requestId: rid(), ...on }))).toBe(
      'CASE_NOT_FOUND',
    );
  });

  it('answers the contract metadata as a peer would', async () => {
    const metadata = await harness.evaluate('BAMFMSP', 'AUDITOR', 'org.hyperledger.fabric:GetMetadata');
    expect(metadata.ok).toBe(true);
    const contracts = (metadata.ok ? metadata.value.contracts : {}) as Record<string, { transactions: { name: string; tag: string[] }[] }>;
    expect(Object.keys(contracts)).toEqual(expect.arrayContaining(['case', 'directory']));
    const getCaseTx = contracts.case!.transactions.find((tx) => tx.name === 'getCase');
    expect(getCaseTx!.tag).toEqual(['EVALUATE']);
  });

  it('writes byte-identical state for the same inputs on two ledgers', async () => {
    const other = await ContractHarness.create();
    await other.bootstrap();
    counter = 1000;
    await play(harness, toDecision);
    counter = 1000;
    await play(other, toDecision);
    const strip = (h: ContractHarness) =>
      JSON.stringify(
        h.ledger.store
          .getStateRange('', '')
          .map((entry) => [entry.key, Buffer.from(entry.value).toString('utf8').replace(/[0-9a-f]{64}/g, 'TX')]),
      );
    expect(strip(other)).toBe(strip(harness));
  });
});

describe('the directory contract on the simulator', () => {
  it('needs a bootstrap before any case, and only once', async () => {
    const harness = await ContractHarness.create();
    expect(codeOf(await harness.submit('LDSMSP', 'LAND_RECEPTION', 'registerCase', { caseRef: CASE, requestId: rid(), procedureKind: 'ERSTANTRAG', ...on }))).toBe(
      'DIRECTORY_ERROR',
    );
    expect(codeOf(await harness.evaluate('BAMFMSP', 'ADMIN', 'directory:getDirectory'))).toBe('DIRECTORY_ERROR');
    await harness.bootstrap();
    expect(codeOf(await harness.submit('BAMFMSP', 'ADMIN', 'directory:bootstrap', { authorities: [] }))).toBe('VALIDATION_FAILED');
    const again = await harness.submit('BAMFMSP', 'ADMIN', 'directory:bootstrap', { authorities: [{ mspId: 'BAMFMSP', kind: 'FEDERAL', landCode: 'DE' }] });
    expect(codeOf(again)).toBe('DIRECTORY_CONFLICT');
    const directory = await harness.evaluate('ABHMSP', 'ABH', 'directory:getDirectory');
    expect(directory.ok && (directory.value.authorities as { mspId: string }[]).map((entry) => entry.mspId)).toEqual([
      'ABHMSP',
      'AUDMSP',
      'BAMFMSP',
      'LDSMSP',
    ]);
  });

  it("adds a Land by governance: Saxony proposes (and takes its seat), the ABH's approval does not count, BAMF's applies it; the directory key then needs BAMF AND a Land", async () => {
    const harness = await ContractHarness.create();
    await harness.bootstrap();
    const proposalId = '00000000-0000-4000-8000-0000000000bb';
    const authority = { mspId: 'LBYMSP', kind: 'LAND', landCode: 'DE-BY', active: true };
    expect(codeOf(await harness.submit('LDSMSP', 'LAND_ZAB', 'directory:proposeAuthorityChange', { proposalId, authority }))).toBe(
      'FORBIDDEN_ROLE',
    );
    const proposed = await harness.submit('LDSMSP', 'ADMIN', 'directory:proposeAuthorityChange', { proposalId, authority });
    expect(proposed).toMatchObject({ ok: true, value: { applied: false, proposal: { approvals: ['LDSMSP'] } } });
    expect(await harness.evaluate('ABHMSP', 'AUDITOR', 'directory:getDirectory')).toMatchObject({ ok: true, value: { seatedLands: ['DE-SN'] } });
    expect(await harness.evaluate('ABHMSP', 'AUDITOR', 'directory:getProposal', { proposalId })).toMatchObject({ ok: true });
    const byAbh = await harness.submit('ABHMSP', 'ADMIN', 'directory:approveAuthorityChange', { proposalId });
    expect(byAbh).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ORG', details: { mspId: 'ABHMSP' } } });
    const approved = await harness.submit('BAMFMSP', 'ADMIN', 'directory:approveAuthorityChange', { proposalId });
    expect(approved).toMatchObject({ ok: true, value: { applied: true, proposal: { approvals: ['BAMFMSP', 'LDSMSP'] } } });
    expect(codeOf(await harness.evaluate('ABHMSP', 'AUDITOR', 'directory:getProposal', { proposalId }))).toBe('DIRECTORY_CONFLICT');
    expect(codeOf(await harness.submit('LDSMSP', 'ADMIN', 'directory:approveAuthorityChange', { proposalId }))).toBe('DIRECTORY_CONFLICT');
    const key = '\u0000directory\u0000';
    const { decodePolicy } = await import('../ledger/endorsement-policy');
    expect(decodePolicy(harness.ledger.store.getValidationParameter(key)!)).toEqual({
      outOf: 2,
      of: [{ outOf: 1, of: [{ signedBy: 'BAMFMSP' }] }, { outOf: 1, of: [{ signedBy: 'LBYMSP' }, { signedBy: 'LDSMSP' }] }],
    });
  });

  it('seats a Land on request of its LAND ADMIN, once; an ABH takes no seat', async () => {
    const harness = await ContractHarness.create();
    await harness.bootstrap();
    expect(codeOf(await harness.submit('ABHMSP', 'ADMIN', 'directory:takeSeat', {}))).toBe('DIRECTORY_CHANGE_INVALID');
    expect(codeOf(await harness.submit('LDSMSP', 'LAND_ZAB', 'directory:takeSeat', {}))).toBe('FORBIDDEN_ROLE');
    expect(await harness.submit('LDSMSP', 'ADMIN', 'directory:takeSeat', {})).toMatchObject({ ok: true, value: { seatedLands: ['DE-SN'] } });
    expect(codeOf(await harness.submit('LDSMSP', 'ADMIN', 'directory:takeSeat', {}))).toBe('DIRECTORY_CONFLICT');
    expect(await harness.evaluate('BAMFMSP', 'AUDITOR', 'directory:getDirectory')).toMatchObject({ ok: true, value: { seatedLands: ['DE-SN'] } });
  });
});
