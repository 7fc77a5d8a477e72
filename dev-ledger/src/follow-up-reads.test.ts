/**
 * Follow-up applications through the embedded ledger running the real chaincode: the contract
 * reads the follow-up cases of a case for a removal exactly as the pure engine is given them, and
 * the range it reads is re-checked at commit, so a follow-up registered between the simulation and
 * the commit of a removal invalidates the removal.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ChaincodeError, decideTransition, parseTransitionInput, type Authority, type CaseRecord, type LedgerPort, type Role } from '@asylum-ledger/domain';
import { DevCertificateAuthority } from './dev-identities';
import { DEFAULT_DEV_AUTHORITIES } from './dev-ledger';
import { openTempLedger } from './test-support/temp-ledger';

const TODAY = '2026-11-25';
const on = { effectiveOn: '2026-09-01' };
type Step = readonly [transaction: string, mspId: string, Role, Record<string, unknown>];

/**
 * Lodged Tue 1 Sep 2026, rejected as manifestly unfounded (accelerated), served Thu 1 Oct: one week
 * to sue, to Thu 8 Oct, a week to leave, to Thu 15 Oct; removal lawful from Fri 16 Oct; final 9 Oct.
 */
const EARLIER_CASE: Step[] = [
  ['registerCase', 'LDSMSP', 'LAND_RECEPTION', { procedureKind: 'ERSTANTRAG', ...on }],
  ['recordDistribution', 'BAMFMSP', 'BAMF_REGISTRATION', { landCode: 'DE-SN', ...on }],
  ['confirmArrival', 'LDSMSP', 'LAND_RECEPTION', on],
  ['lodgeApplication', 'BAMFMSP', 'BAMF_CASEWORKER', on],
  ['allocateToMunicipality', 'LDSMSP', 'LAND_DISTRIBUTION', { ...on, responsible: 'ABHMSP' }],
  ['recordDecision', 'BAMFMSP', 'BAMF_CASEWORKER', { ...on, outcomeClass: 'REJECTED_MANIFESTLY_UNFOUNDED', track: 'ACCELERATED' }],
  ['recordService', 'BAMFMSP', 'BAMF_CASEWORKER', { servedOn: '2026-10-01' }],
  ['markFinal', 'BAMFMSP', 'BAMF_CASEWORKER', { effectiveOn: '2026-10-09' }],
];

const followUpOf = (earlier: string): Step => ['registerCase', 'BAMFMSP', 'BAMF_REGISTRATION', { procedureKind: 'FOLGEANTRAG', previousCaseRef: earlier, effectiveOn: '2026-11-20' }];
const removal = (caseRef: string) => ({ caseRef, requestId: randomUUID(), effectiveOn: '2026-11-25', mode: 'REMOVAL' });

describe('follow-up applications through the embedded ledger', () => {
  let opened: Awaited<ReturnType<typeof openTempLedger>>;
  beforeAll(async () => {
    opened = await openTempLedger({ clock: () => new Date(`${TODAY}T10:00:00Z`) });
  });
  afterAll(async () => {
    await opened.dispose();
  });

  const port = (mspId: string): LedgerPort => opened.ledger.forOrg(mspId);

  async function play(caseRef: string, steps: readonly Step[]): Promise<void> {
    for (const [transaction, mspId, role, fields] of steps) {
      await port(mspId).submit({ role, transaction: `case:${transaction}`, args: [JSON.stringify({ caseRef, requestId: randomUUID(), ...fields })] });
    }
  }

  async function getCase(caseRef: string): Promise<CaseRecord> {
    const bytes = await port('BAMFMSP').evaluate({ role: 'AUDITOR', transaction: 'case:getCase', args: [JSON.stringify({ caseRef })] });
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as CaseRecord;
  }

  /** The code and details a submission is refused with. */
  async function refusalOf(promise: Promise<unknown>): Promise<{ code: string; details: unknown }> {
    try {
      await promise;
    } catch (error) {
      const { code, details } = error as { code: string; details: unknown };
      return { code, details };
    }
    throw new Error('not refused');
  }

  it('refuses a removal on the earlier case exactly as the engine does when given the follow-up case', async () => {
    const earlier = randomBytes(16).toString('hex');
    const followUp = randomBytes(16).toString('hex');
    await play(earlier, EARLIER_CASE);
    await play(followUp, [followUpOf(earlier)]);
    const input = removal(earlier);
    const onLedger = await refusalOf(port('LDSMSP').submit({ role: 'LAND_ZAB', transaction: 'case:recordDeparture', args: [JSON.stringify(input)] }));

    const authority = DEFAULT_DEV_AUTHORITIES.find((candidate) => candidate.mspId === 'LDSMSP') as Authority;
    const context = {
      actor: { mspId: 'LDSMSP', role: 'LAND_ZAB' as const, kind: authority.kind, landCode: authority.landCode },
      txId: 'a'.repeat(64),
      today: TODAY,
      directory: { authorities: [...DEFAULT_DEV_AUTHORITIES] },
      followUps: [await getCase(followUp)],
    };
    let inEngine: ChaincodeError | undefined;
    try {
      decideTransition('recordDeparture', await getCase(earlier), parseTransitionInput('recordDeparture', input), context);
    } catch (error) {
      inEngine = error as ChaincodeError;
    }
    expect(onLedger).toEqual({
      code: 'REMOVAL_BARRED_BY_FOLLOW_UP',
      details: { followUpCaseRef: followUp, waitingFor: 'FOLLOW_UP_DECISION', lawfulFrom: null, basis: 'ASYLG_71_3_FOLLOW_UP' },
    });
    expect({ code: inEngine?.code, details: inEngine?.details }).toEqual(onLedger);
  });

  it('invalidates a removal simulated before a follow-up was registered and committed after it (phantom read)', async () => {
    const earlier = randomBytes(16).toString('hex');
    await play(earlier, EARLIER_CASE);
    const zab = await new DevCertificateAuthority().createDevIdentity({ mspId: 'LDSMSP', role: 'LAND_ZAB', enrollmentId: 'zab@LDSMSP' });
    const proposal = await opened.ledger.simulate({
      submitter: { mspId: 'LDSMSP', certificatePem: zab.certificatePem, role: 'LAND_ZAB' },
      fn: 'case:recordDeparture',
      args: [JSON.stringify(removal(earlier))],
    });
    expect(proposal.simulation.response.status).toBe(200);
    await play(randomBytes(16).toString('hex'), [followUpOf(earlier)]);
    const committed = await proposal.commit().then(
      (result) => result.validationCode,
      (error: unknown) => (error as { details?: { validationCode?: string } }).details?.validationCode ?? String(error),
    );
    expect(committed).toBe('PHANTOM_READ_CONFLICT');
    expect((await getCase(earlier)).state).toBe('FINAL');
  });
});
